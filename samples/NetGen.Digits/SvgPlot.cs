using System.Globalization;
using System.Security;
using System.Text;

namespace NetGen.Digits;

/// <summary>One image of a digit grid: pixels in [0, 1] row-major, its true label and optionally the predicted one.</summary>
public readonly record struct DigitImage(float[] Pixels, int Width, int Height, int TrueLabel, int? PredictedLabel = null);

/// <summary>Pure-C# SVG pictures: training curves and digit grids.</summary>
public static partial class SvgPlot
{
    internal const string Font = "font-family=\"'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif\"";
    internal const string TrainColor = "#1f77b4", ValidationColor = "#e8710a", Ink = "#222", Muted = "#666", Grid = "#e6e6e6";

    /// <summary>
    /// Writes two panels side by side: loss per epoch (train and validation) and accuracy per epoch (train and validation).
    /// Null or non-finite values leave a gap. Creates the parent folder if needed.
    /// </summary>
    public static void WriteTrainingCurves(string path,
        IReadOnlyList<(int Epoch, double TrainLoss, double? ValLoss, double? TrainAcc, double? ValAcc)> history,
        string title = "Training curves") =>
        WriteFile(path, TrainingCurves(history, title));

    /// <summary>The SVG text that <see cref="WriteTrainingCurves"/> writes.</summary>
    public static string TrainingCurves(
        IReadOnlyList<(int Epoch, double TrainLoss, double? ValLoss, double? TrainAcc, double? ValAcc)> history,
        string title = "Training curves")
    {
        const int Width = 1040, Height = 470, PanelWidth = 520;
        var svg = Begin(Width, Height);
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{Width / 2}\" y=\"34\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"bold\" fill=\"{Ink}\">{Esc(title)}</text>\n");
        var epochs = history.Select(h => (double)h.Epoch).ToArray();
        Series[] loss =
        [
            new("Train", TrainColor, false, history.Select(h => (double?)h.TrainLoss).ToArray()),
            new("Validation", ValidationColor, true, history.Select(h => h.ValLoss).ToArray()),
        ];
        Series[] accuracy =
        [
            new("Train", TrainColor, false, history.Select(h => h.TrainAcc).ToArray()),
            new("Validation", ValidationColor, true, history.Select(h => h.ValAcc).ToArray()),
        ];
        Legend(svg, Width / 2.0, 56, loss.Concat(accuracy).Where(x => x.Finite.Any()).DistinctBy(x => x.Name).ToArray());
        Panel(svg, 0, PanelWidth, Height, "Loss per epoch", "loss", epochs, loss, percent: false);
        Panel(svg, PanelWidth, PanelWidth, Height, "Accuracy per epoch", "accuracy", epochs, accuracy, percent: true);
        return End(svg);
    }

    private sealed record Series(string Name, string Color, bool Dashed, double?[] Values)
    {
        public IEnumerable<double> Finite => Values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value);
    }

    private static void Panel(StringBuilder svg, int x0, int width, int height, string title, string yLabel,
        double[] epochs, Series[] all, bool percent)
    {
        const int Left = 78, Right = 24, Top = 100, Bottom = 64;
        double px0 = x0 + Left, px1 = x0 + width - Right, py0 = Top, py1 = height - Bottom;
        var series = all.Where(s => s.Finite.Any()).ToArray();
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{F((px0 + px1) / 2)}\" y=\"88\" text-anchor=\"middle\" font-size=\"16\" fill=\"{Ink}\">{Esc(title)}</text>\n");

        double xMin = epochs.Length == 0 ? 1 : epochs.Min(), xMax = epochs.Length == 0 ? 2 : Math.Max(epochs.Max(), xMin + 1);
        var xTicks = Ticks.Nice(xMin, xMax, 8, integer: true);
        double yMin, yMax;
        var values = series.SelectMany(s => s.Finite).ToArray();
        if (percent)
        {
            yMax = 1;
            yMin = values.Length == 0 ? 0 : Math.Clamp(Math.Floor(values.Min() * 10 - 1e-9) / 10, 0, 0.9);
        }
        else
        {
            yMin = values.Length == 0 || values.Min() >= 0 ? 0 : values.Min();
            yMax = values.Length == 0 ? 1 : Math.Max(values.Max(), yMin + 1e-6);
        }
        var yTicks = Ticks.Nice(yMin, yMax, 6, integer: false);
        (yMin, yMax) = percent ? (Math.Max(0, yTicks.Lo), 1.0) : (yTicks.Lo, yTicks.Hi);
        double X(double e) => px0 + (e - xTicks.Lo) / (xTicks.Hi - xTicks.Lo) * (px1 - px0);
        double Y(double v) => py1 - (v - yMin) / (yMax - yMin) * (py1 - py0);

        // Grid, ticks and labels.
        foreach (double t in yTicks.Values.Where(t => t >= yMin - 1e-12 && t <= yMax + 1e-12))
        {
            string label = percent ? (t * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : Ticks.Format(t, yTicks.Step);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{F(px0)}\" y1=\"{F(Y(t))}\" x2=\"{F(px1)}\" y2=\"{F(Y(t))}\" stroke=\"{Grid}\"/>" +
                $"<line x1=\"{F(px0 - 5)}\" y1=\"{F(Y(t))}\" x2=\"{F(px0)}\" y2=\"{F(Y(t))}\" stroke=\"{Ink}\"/>" +
                $"<text x=\"{F(px0 - 9)}\" y=\"{F(Y(t) + 4)}\" text-anchor=\"end\" font-size=\"12\" fill=\"{Muted}\">{label}</text>\n");
        }
        foreach (double t in xTicks.Values)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{F(X(t))}\" y1=\"{F(py1)}\" x2=\"{F(X(t))}\" y2=\"{F(py1 + 5)}\" stroke=\"{Ink}\"/>" +
                $"<text x=\"{F(X(t))}\" y=\"{F(py1 + 20)}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{Muted}\">{Ticks.Format(t, xTicks.Step)}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{F(px0)}\" y=\"{F(py0)}\" width=\"{F(px1 - px0)}\" height=\"{F(py1 - py0)}\" fill=\"none\" stroke=\"#999\"/>\n" +
            $"<text x=\"{F((px0 + px1) / 2)}\" y=\"{F(py1 + 44)}\" text-anchor=\"middle\" font-size=\"13\" fill=\"{Ink}\">epoch</text>\n" +
            $"<text transform=\"translate({F(x0 + 22)},{F((py0 + py1) / 2)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\" fill=\"{Ink}\">{Esc(yLabel)}</text>\n");

        if (series.Length == 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{F((px0 + px1) / 2)}\" y=\"{F((py0 + py1) / 2)}\" text-anchor=\"middle\" font-size=\"14\" fill=\"{Muted}\">no data</text>\n");
            return;
        }

        // Lines (split at gaps) and markers.
        bool markers = epochs.Length <= 40;
        foreach (var s in series)
        {
            string dash = s.Dashed ? " stroke-dasharray=\"7 4\"" : "";
            var run = new List<string>();
            void Flush()
            {
                if (run.Count > 1)
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<polyline points=\"{string.Join(' ', run)}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2.2\" stroke-linejoin=\"round\"{dash}/>\n");
                run.Clear();
            }
            for (int i = 0; i < epochs.Length; i++)
            {
                if (s.Values[i] is { } v && double.IsFinite(v))
                {
                    double cv = Math.Clamp(v, yMin, yMax);
                    run.Add($"{F(X(epochs[i]))},{F(Y(cv))}");
                    if (markers)
                        svg.Append(CultureInfo.InvariantCulture,
                            $"<circle cx=\"{F(X(epochs[i]))}\" cy=\"{F(Y(cv))}\" r=\"3\" fill=\"{s.Color}\" stroke=\"white\" stroke-width=\"1\"/>");
                }
                else Flush();
            }
            Flush();
            svg.Append('\n');
        }
    }

    /// <summary>A horizontal legend centred on (cx, y), shared by both panels so it never covers a curve.</summary>
    private static void Legend(StringBuilder svg, double cx, double y, Series[] series)
    {
        const double Item = 130;
        double x = cx - series.Length * Item / 2;
        foreach (var s in series)
        {
            string dash = s.Dashed ? " stroke-dasharray=\"7 4\"" : "";
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{F(x + 10)}\" y1=\"{F(y)}\" x2=\"{F(x + 42)}\" y2=\"{F(y)}\" stroke=\"{s.Color}\" stroke-width=\"2.5\"{dash}/>" +
                $"<circle cx=\"{F(x + 26)}\" cy=\"{F(y)}\" r=\"3\" fill=\"{s.Color}\"/>" +
                $"<text x=\"{F(x + 50)}\" y=\"{F(y + 4.5)}\" font-size=\"13\" fill=\"{Ink}\">{Esc(s.Name)}</text>\n");
            x += Item;
        }
    }

    internal static StringBuilder Begin(int width, int height)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" {Font}>\n" +
            $"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        return sb;
    }

    internal static string End(StringBuilder sb) => sb.Append("</svg>\n").ToString();

    internal static void WriteFile(string path, string svg)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg, new UTF8Encoding(false));
    }

    internal static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Esc(string text) => SecurityElement.Escape(text) ?? "";
}
