using Spectre.Console;

namespace NetGen.Digits;

/// <summary>The two weight files of a run: NetGen's binary format and its text format.</summary>
/// <param name="Binary">Path of weights.ngw.</param>
/// <param name="Text">Path of weights.txt.</param>
internal sealed record WeightFiles(string Binary, string Text)
{
    /// <summary>
    /// Saves both files during training, after epoch <paramref name="epoch"/>. The network's own Save records the
    /// epochs and the rate only once Fit returns, so the checkpoint writes its metadata explicitly.
    /// </summary>
    public void SaveCheckpoint(NetworkArchitecture arch, ReadOnlySpan<float> parameters, double rate, int seed, int epoch)
    {
        var metadata = new NetworkMetadata { LearningRate = rate, Seed = seed, EpochsTrained = epoch };
        NetworkFile.Save(Binary, arch, parameters, metadata);
        NetworkFile.SaveText(Text, arch, parameters, metadata);
    }

    /// <summary>Tells where the last completed epoch's weights are after Ctrl+C.</summary>
    public void ReportCancelled(IAnsiConsole console, int completed)
    {
        console.WriteLine();
        if (completed == 0)
        {
            console.MarkupLine("[yellow]Cancelled before the first epoch completed; no weights were saved.[/]");
            return;
        }
        console.MarkupLine($"[yellow]Cancelled.[/] The weights of epoch {completed} (the last completed one) are in:");
        console.MarkupLine($"  [blue]{Markup.Escape(Binary)}[/]");
        console.MarkupLine($"  [blue]{Markup.Escape(Text)}[/]");
    }
}
