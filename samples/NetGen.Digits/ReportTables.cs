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
    /// off-diagonal counts are red (bold when at least 5% of the row), zeros dim.
    /// </summary>
    public static Table ConfusionMatrixTable(int[,] matrix, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix")
    {
        int n = Square(matrix);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]")
            .Caption("[grey]rows: true class · columns: predicted class[/]");
        table.AddColumn(new TableColumn("[grey]true \\ pred[/]"));
        for (int p = 0; p < n; p++) table.AddColumn(new TableColumn($"[bold]{Markup.Escape(Short(Name(classNames, p)))}[/]").RightAligned());
        for (int t = 0; t < n; t++)
        {
            int rowTotal = 0;
            for (int p = 0; p < n; p++) rowTotal += matrix[t, p];
            var cells = new List<string> { $"[bold]{Markup.Escape(Name(classNames, t))}[/]" };
            for (int p = 0; p < n; p++)
            {
                int c = matrix[t, p];
                string text = c.ToString(CultureInfo.InvariantCulture);
                cells.Add(c == 0 ? "[grey]·[/]" : t == p ? $"[green bold]{text}[/]" : c >= 0.05 * rowTotal ? $"[red bold]{text}[/]" : $"[red]{text}[/]");
            }
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    /// <summary>Per-class table: samples, correct, accuracy (recall) with a bar, precision; a total row at the bottom.</summary>
    public static Table PerClassAccuracyTable(int[,] matrix, IReadOnlyList<string>? classNames = null, string title = "Per-class accuracy")
    {
        int n = Square(matrix);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]");
        table.AddColumn("Class");
        table.AddColumn(new TableColumn("Samples").RightAligned());
        table.AddColumn(new TableColumn("Correct").RightAligned());
        table.AddColumn(new TableColumn("Accuracy").RightAligned());
        table.AddColumn(new TableColumn(""));
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
            table.AddRow(Markup.Escape(Name(classNames, c)), Int(support), Int(hits), Percent(recall), Bar(recall), Percent(precision));
        }
        table.AddEmptyRow();
        table.AddRow("[bold]all[/]", Int(total), Int(correct), $"[bold]{Percent(total == 0 ? null : (double)correct / total)}[/]", "", "");
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

    private static string Short(string name) => name.Length <= 7 ? name : name[..6] + "…";

    private static string Int(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Percent(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Bar(double? v)
    {
        if (v is not { } x) return "";
        int filled = (int)Math.Round(x * 20);
        string color = x >= 0.95 ? "green" : x >= 0.8 ? "yellow" : "red";
        return $"[{color}]{new string('█', filled)}[/][grey]{new string('░', 20 - filled)}[/]";
    }
}
