using System.Text.RegularExpressions;

namespace NetGen.Digits.Tests;

/// <summary>
/// The whole run rendered at a fixed console width (80 columns is what redirected output gets): no line is wider than
/// the console, the tables and the confusion matrix keep one line per class with full class names, and the epoch lines
/// stay one plain line each, without control codes.
/// </summary>
public sealed class ConsoleWidthTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly string[] FashionNames = IdxReader.FashionClassNames.ToArray();

    private (string Text, string[] Lines) Render(int width, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DigitsApp.Run([.. args, "--output", _temp.File($"out-{width}")], stdout, stderr, CancellationToken.None, consoleWidth: width);
        Assert.True(code == ExitCodes.Ok, stderr.ToString());
        string text = stdout.ToString().Replace("\r\n", "\n");
        return (text, text.Split('\n'));
    }

    private static void AssertFits(string[] lines, int width)
    {
        var tooWide = lines.Select((line, i) => (line, i)).Where(l => l.line.Length > width).ToList();
        Assert.True(tooWide.Count == 0,
            $"{tooWide.Count} line(s) wider than {width} columns:\n" + string.Join("\n", tooWide.Take(10).Select(l => $"{l.i + 1} ({l.line.Length}): {l.line}")));
    }

    /// <summary>The lines of the table whose title contains <paramref name="title"/>, from its top border to its bottom one.</summary>
    private static string[] Table(string[] lines, string title)
    {
        int start = Array.FindIndex(lines, l => l.Contains(title, StringComparison.Ordinal));
        Assert.True(start >= 0, $"No table titled '{title}'.");
        int top = Array.FindIndex(lines, start, l => l.TrimStart().StartsWith('╭'));
        int bottom = Array.FindIndex(lines, top, l => l.TrimStart().StartsWith('╰'));
        return lines[top..(bottom + 1)];
    }

    /// <summary>Body rows of a table: the lines between its borders that are not separators.</summary>
    private static string[] Rows(string[] table) =>
        table.Where(l => l.TrimStart().StartsWith('│')).Skip(1).ToArray(); // the first is the header

    [Fact]
    public void Embedded_digits_at_80_columns_fit_and_keep_one_line_per_epoch_and_per_class()
    {
        var (text, lines) = Render(80, "--epochs", "3");

        AssertFits(lines, 80);
        Assert.DoesNotContain('\u001b', text);
        Assert.Equal(3, lines.Count(l => Regex.IsMatch(l, @"^epoch [1-3]/3  loss [0-9.]+  val loss [0-9.]+  val acc [0-9.]+%")));
        var matrix = Rows(Table(lines, "Confusion matrix (test)"));
        Assert.Equal(Enumerable.Range(0, 10).Select(d => $"│ {d} "), matrix.Select(r => r.TrimStart()[..4]));
        var perClass = Rows(Table(lines, "Per-class accuracy (test)"));
        Assert.Equal(12, perClass.Length); // ten classes, the empty row, "all"
        Assert.Contains("█", perClass[0]); // the bar is still there at 80 columns
        // The text art of step 1 is drawn, in rows that fit.
        Assert.Contains(lines, l => l.StartsWith("label ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(140)]
    public void Long_class_names_are_never_cut_and_tables_do_not_wrap(int width)
    {
        string data = Path.Combine(_temp.Path, "tiny-fashion");
        Directory.CreateDirectory(data);
        const int count = 200;
        // Stripes whose position is the label: learnable, and every class appears in the test split.
        IdxWriter.Write(Path.Combine(data, "t10k-images-idx3-ubyte"),
            IdxWriter.Images(count, 28, 28, (i, y, x) => (byte)(y / 3 == i % 10 ? 255 : (x * 5 + i) % 40)), gzip: false);
        IdxWriter.Write(Path.Combine(data, "t10k-labels-idx1-ubyte"),
            IdxWriter.Labels(Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray()), gzip: false);

        var (text, lines) = Render(width, "--data", data, "--epochs", "2", "--batch-size", "16");

        AssertFits(lines, width);
        Assert.DoesNotContain('\u001b', text);
        var matrix = Rows(Table(lines, "Confusion matrix (test)"));
        Assert.Equal(10, matrix.Length);
        for (int c = 0; c < 10; c++)
            Assert.StartsWith($"│ {c} {FashionNames[c]} ", matrix[c].TrimStart());
        var perClass = Rows(Table(lines, "Per-class accuracy (test)"));
        for (int c = 0; c < 10; c++)
            Assert.StartsWith($"│ {FashionNames[c]} ", perClass[c].TrimStart());
        Assert.Contains(lines, l => l.Contains("columns: predicted class, by number", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(60)]
    [InlineData(40)]
    public void An_epoch_line_drops_its_least_important_parts_to_fit(int width)
    {
        string line = TrainingProgressView.FormatEpoch(7, 10000, 0.123456, 0.2345, 0.9876, 123456, TimeSpan.FromSeconds(3725), width);
        Assert.True(line.Length <= width, line);
        Assert.StartsWith("epoch     7/10000  loss 0.1235", line);
        string full = TrainingProgressView.FormatEpoch(7, 10, 0.123456, 0.2345, 0.9876, 123456, TimeSpan.FromSeconds(3725));
        Assert.Equal("epoch  7/10  loss 0.1235  val loss 0.2345  val acc 98.76%  123,456 samples/s  elapsed 1:02:05  ETA 26:36", full);
        // Hours are total hours, not the hour of a day.
        Assert.EndsWith("ETA 30:00:00", TrainingProgressView.FormatEpoch(1, 31, 0.1, null, null, 1, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_bar_moves_within_an_epoch_at_the_last_epochs_pace_but_never_into_the_next()
    {
        var last = TimeSpan.FromSeconds(2);
        double start = TrainingProgressView.EpochProgress(3, TimeSpan.Zero, last);
        double half = TrainingProgressView.EpochProgress(3, TimeSpan.FromSeconds(1), last);
        double late = TrainingProgressView.EpochProgress(3, TimeSpan.FromSeconds(10), last);
        Assert.Equal(3.0, start);
        Assert.Equal(3.5, half, 10);
        Assert.True(late < 4 && late > 3.9, $"{late}");
    }
}
