using System.Text.RegularExpressions;

namespace NetGen.Digits.Tests;

/// <summary>
/// The measured figures of the digits sample have one source, the main README's table: the sample's README links to it
/// and quotes no accuracy or wall time of its own (two copies drifted apart before).
/// </summary>
public class SampleReadmeTests
{
    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([TestPaths.RepoRoot, .. path]));

    [Fact]
    public void The_sample_README_quotes_only_figures_of_the_main_README_and_links_to_them()
    {
        string main = Read("README.md"), sample = Read("samples", "NetGen.Digits", "README.md");

        Assert.Contains("](../../README.md#set-up)", sample);
        Assert.Contains("\n## Set up\n", main.Replace("\r\n", "\n"));
        var mainFigures = Figures(main).ToHashSet();
        var foreign = Figures(sample).Where(f => !mainFigures.Contains(f)).ToList();
        Assert.True(foreign.Count == 0, $"samples/NetGen.Digits/README.md quotes figures the main README's table does not: {string.Join(", ", foreign)}");
    }

    [Fact]
    public void The_main_README_table_has_a_figure_for_each_data_set_the_sample_documents()
    {
        string main = Read("README.md");
        foreach (string data in new[] { "UCI 8x8 digits", "Fashion-MNIST", "MNIST test set" })
            Assert.Matches($@"\| {Regex.Escape(data)}[^\n]*\| [0-9]+\.[0-9]% \| [0-9.]+ s", main);
    }

    /// <summary>Accuracies (96.7%) and wall times (33 s) as written.</summary>
    private static IEnumerable<string> Figures(string text) =>
        Regex.Matches(text, @"(?<![\w.])(?:[0-9]+\.[0-9]+%|[0-9]+(?:\.[0-9]+)? s\b)").Select(m => m.Value);
}
