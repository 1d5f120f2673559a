using System.Globalization;
using Spectre.Console;

namespace NetGen.Digits;

/// <summary>Spectre.Console tables for evaluation results.</summary>
public static class ReportTables
{
    /// <summary>Counts predictions: <c>matrix[true, predicted]</c>.</summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classCount)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        var matrix = new int[classCount, classCount];
        for (int i = 0; i < truth.Count; i++)
        {
            if ((uint)truth[i] >= (uint)classCount || (uint)predicted[i] >= (uint)classCount)
                throw new ArgumentOutOfRangeException(nameof(truth), $"Label pair ({truth[i]}, {predicted[i]}) at {i} is outside 0..{classCount - 1}.");
            matrix[truth[i], predicted[i]]++;
        }
        return matrix;
    }

    /// <summary>Overall accuracy (trace / total) of a confusion matrix; 0 when empty.</summary>
    public static double Accuracy(int[,] matrix)
    {
        long total = 0, correct = 0;
        for (int t = 0; t < matrix.GetLength(0); t++)
            for (int p = 0; p < matrix.GetLength(1); p++)
            {
                total += matrix[t, p];
                if (t == p) correct += matrix[t, p];
            }
        return total == 0 ? 0 : (double)correct / total;
    }

    /// <summary>
    /// The confusion matrix as a table: rows are true classes, columns predicted ones; the diagonal is green,
    /// off-diagonal counts are red (bold when at least 5% of the row), zeros dim. Class names are never cut: when they
    /// are more than their number, rows show "number name" and columns the number alone. When the table would be wider
    /// than <paramref name="width"/>, the cells lose their right padding (numbers are right-aligned, so they stay apart).
    /// </summary>
    public static Table ConfusionMatrixTable(int[,] matrix, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix",
        int width = int.MaxValue)
    {
        int n = Square(matrix);
        bool named = Enumerable.Range(0, n).Any(c => Name(classNames, c) != Number(c));
        string RowLabel(int c) => named ? $"{Number(c)} {Name(classNames, c)}" : Number(c);
        const string corner = "true";
        int labelWidth = Math.Max(corner.Length, Enumerable.Range(0, n).Max(c => RowLabel(c).Length));
        int cellWidth = 1;
        foreach (int count in matrix) cellWidth = Math.Max(cellWidth, Number(count).Length);
        cellWidth = Math.Max(cellWidth, Enumerable.Range(0, n).Max(c => Number(c).Length));
        bool compact = 1 + (labelWidth + 3) + n * (cellWidth + 3) > width;
        var padding = compact ? new Padding(1, 0, 0, 0) : new Padding(1, 0, 1, 0);

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]")
            .Caption($"[grey]rows: true class · columns: predicted class{(named ? ", by number" : "")}[/]");
        table.AddColumn(new TableColumn($"[grey]{corner}[/]").Padding(padding));
        for (int p = 0; p < n; p++)
            table.AddColumn(new TableColumn($"[bold]{Markup.Escape(named ? Number(p) : Name(classNames, p))}[/]").RightAligned().Padding(padding));
        for (int t = 0; t < n; t++)
        {
            int rowTotal = 0;
            for (int p = 0; p < n; p++) rowTotal += matrix[t, p];
            var cells = new List<string> { $"[bold]{Markup.Escape(RowLabel(t))}[/]" };
            for (int p = 0; p < n; p++)
            {
                int c = matrix[t, p];
                string text = Number(c);
                cells.Add(c == 0 ? "[grey]·[/]" : t == p ? $"[green bold]{text}[/]" : c >= 0.05 * rowTotal ? $"[red bold]{text}[/]" : $"[red]{text}[/]");
            }
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    /// <summary>
    /// Per-class table: samples, correct, accuracy (recall) with a bar, precision; a total row at the bottom. The bar is
    /// up to 20 characters, shorter when the table would be wider than <paramref name="width"/>, and left out below 5.
    /// </summary>
    public static Table PerClassAccuracyTable(int[,] matrix, IReadOnlyList<string>? classNames = null, string title = "Per-class accuracy",
        int width = int.MaxValue)
    {
        int n = Square(matrix);
        int nameWidth = Math.Max("Class".Length, Enumerable.Range(0, n).Max(c => Name(classNames, c).Length));
        // Border, then each column's text, padding and right border: Class, Samples, Correct, Accuracy, Precision.
        int withoutBar = 1 + (nameWidth + 3) + (7 + 3) + (7 + 3) + (8 + 3) + (9 + 3);
        int barWidth = (int)Math.Clamp((long)width - withoutBar - 3, 0, 20);
        bool bar = barWidth >= 5;

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]");
        table.AddColumn("Class");
        table.AddColumn(new TableColumn("Samples").RightAligned());
        table.AddColumn(new TableColumn("Correct").RightAligned());
        table.AddColumn(new TableColumn("Accuracy").RightAligned());
        if (bar) table.AddColumn(new TableColumn(""));
        table.AddColumn(new TableColumn("Precision").RightAligned());
        long total = 0, correct = 0;
        for (int c = 0; c < n; c++)
        {
            int support = 0, predicted = 0;
            for (int k = 0; k < n; k++) { support += matrix[c, k]; predicted += matrix[k, c]; }
            int hits = matrix[c, c];
            total += support; correct += hits;
            double? recall = support == 0 ? null : (double)hits / support;
            double? precision = predicted == 0 ? null : (double)hits / predicted;
            var cells = new List<string> { Markup.Escape(Name(classNames, c)), Int(support), Int(hits), Percent(recall) };
            if (bar) cells.Add(Bar(recall, barWidth));
            cells.Add(Percent(precision));
            table.AddRow(cells.ToArray());
        }
        table.AddEmptyRow();
        var totals = new List<string> { "[bold]all[/]", Int(total), Int(correct), $"[bold]{Percent(total == 0 ? null : (double)correct / total)}[/]", "" };
        if (bar) totals.Add("");
        table.AddRow(totals.ToArray());
        return table;
    }

    private static int Square(int[,] matrix)
    {
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException("The confusion matrix must be square.", nameof(matrix));
        return n;
    }

    private static string Name(IReadOnlyList<string>? names, int c) =>
        names is not null && c < names.Count ? names[c] : c.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Int(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Percent(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Bar(double? v, int width)
    {
        if (v is not { } x) return "";
        int filled = (int)Math.Round(x * width);
        string color = x >= 0.95 ? "green" : x >= 0.8 ? "yellow" : "red";
        return $"[{color}]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/]";
    }
}
