using System.Globalization;
using Spectre.Console;
using static NetGen.Digits.Formatting;

namespace NetGen.Digits;

/// <summary>Prints what was loaded and how it was split.</summary>
internal static class DatasetSummary
{
    public static void Write(IAnsiConsole console, AppOptions options, RawDataset train, RawDataset validation, RawDataset? test)
    {
        var ci = CultureInfo.InvariantCulture;
        string source = options.DataFolder is null ? "embedded UCI 8x8 digits" : Path.GetFullPath(options.DataFolder);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]Data[/]", Markup.Escape(source));
        grid.AddRow("[bold]Images[/]", $"{train.Width}x{train.Height} pixels ({train.Features} features), {train.ClassCount} classes");
        grid.AddRow("[bold]Split[/]",
            $"{train.Rows.ToString("N0", ci)} train · {validation.Rows.ToString("N0", ci)} validation" +
            (test is null ? "" : $" · {test.Rows.ToString("N0", ci)} test (held out)") + $" (seed {options.Seed.ToString(ci)})");
        grid.AddRow("[bold]Network[/]",
            $"preset {Lower(options.Preset)}, {options.Epochs.ToString(ci)} epochs, batch {options.BatchSize.ToString(ci)}, " +
            $"{Lower(options.Optimizer)} at learning rate {options.EffectiveLearningRate(train.Features).ToString(ci)}" +
            (options.LearningRate is null ? " (default for the optimizer)" : "") +
            $", weight decay {options.WeightDecay.ToString(ci)}");
        grid.AddRow("[bold]Output[/]", Markup.Escape(Path.GetFullPath(options.OutputFolder)));
        console.Write(new Panel(grid).Header(Markup.Escape(train.Name.Replace(" / train", "", StringComparison.Ordinal))).Border(BoxBorder.Rounded));

        int[] counts = train.ClassCounts(), valCounts = validation.ClassCounts();
        var table = new Table().Border(TableBorder.Simple).Title("Class distribution");
        table.AddColumn("Class");
        table.AddColumn(new TableColumn("Train").RightAligned());
        table.AddColumn(new TableColumn("Validation").RightAligned());
        for (int c = 0; c < train.ClassCount; c++)
            table.AddRow(Markup.Escape(train.ClassName(c)), counts[c].ToString("N0", ci), valCounts[c].ToString("N0", ci));
        if (!options.Quiet) console.Write(table);
    }
}
