using System.Xml.Linq;
using Spectre.Console;

namespace NetGen.Digits.Tests;

public sealed class PictureTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void TrainingCurves_AreWellFormedSvg_WithBothPanels()
    {
        var history = Enumerable.Range(1, 12)
            .Select(e => (e, 2.0 / e, e == 4 ? (double?)null : 2.2 / e, (double?)(1 - 0.5 / e), e == 4 ? null : (double?)(0.9 - 0.5 / e)))
            .ToList();
        string path = _temp.File("sub/curves.svg");
        SvgPlot.WriteTrainingCurves(path, history, "A <title> & more");
        XDocument doc = XDocument.Load(path);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("A <title> & more", texts);
        Assert.Contains("Loss per epoch", texts);
        Assert.Contains("Accuracy per epoch", texts);
        Assert.Contains("Validation", texts);
        Assert.True(doc.Descendants(Svg + "polyline").Count() >= 4); // the validation gap splits those lines
    }

    [Fact]
    public void TrainingCurves_HandleEmptyAndNonFiniteHistory()
    {
        XDocument.Parse(SvgPlot.TrainingCurves([]));
        XDocument.Parse(SvgPlot.TrainingCurves([(1, double.NaN, null, null, null), (2, double.PositiveInfinity, 1, 0.5, null)]));
    }

    [Fact]
    public void DigitGrid_IsWellFormedSvg_WithCaptions()
    {
        RawDataset d = EmbeddedDigits.Load();
        var images = Enumerable.Range(0, 12).Select(i => new DigitImage(d.ImageArray(i), 8, 8, d.Labels[i], i % 3 == 0 ? 3 : d.Labels[i])).ToList();
        string path = _temp.File("grid.svg");
        SvgPlot.WriteDigitGrid(path, "Errors", images, 5, IdxReader.FashionClassNames);
        XDocument doc = XDocument.Load(path);
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("T-shirt/top→Dress", texts); // image 0 is a 0, "predicted" 3
        Assert.True(doc.Descendants(Svg + "rect").Count() > 12 * 10);
        XDocument.Parse(SvgPlot.DigitGrid("none", []));
    }

    [Fact]
    public void DigitGrid_legend_names_only_the_colours_it_draws()
    {
        RawDataset d = EmbeddedDigits.Load();
        DigitImage Image(int i, int predicted) => new(d.ImageArray(i), 8, 8, d.Labels[i], predicted);
        string Legend(string svg) => XDocument.Parse(svg).Descendants(Svg + "text").Single(t => t.Value.StartsWith("true→predicted", StringComparison.Ordinal)).Value;

        var mistakes = Enumerable.Range(0, 4).Select(i => Image(i, (d.Labels[i] + 1) % 10)).ToList();
        string onlyWrong = SvgPlot.DigitGrid("Misclassified", mistakes);
        Assert.DoesNotContain("green", Legend(onlyWrong));
        Assert.DoesNotContain("#1a7f37", onlyWrong); // and nothing is drawn green
        Assert.Contains("red caption and frame: wrong", Legend(onlyWrong));

        var mixed = SvgPlot.DigitGrid("Mixed", [.. mistakes, Image(5, d.Labels[5])]);
        Assert.Contains("green: right", Legend(mixed));
        Assert.Contains("#1a7f37", mixed);
        var right = SvgPlot.DigitGrid("Right", [Image(5, d.Labels[5])]);
        Assert.DoesNotContain("red caption", Legend(right));
    }

    [Fact]
    public void ReportTables_Render()
    {
        int[,] m = ReportTables.ConfusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0], 3);
        Assert.Equal(4.0 / 6, ReportTables.Accuracy(m), 10);
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Write(ReportTables.ConfusionMatrixTable(m, ["a[1]", "b", "c"]));
        console.Write(ReportTables.PerClassAccuracyTable(m));
        string text = writer.ToString();
        Assert.Contains("Confusion matrix", text);
        Assert.Contains("a[1]", text);
        Assert.Contains("66.7%", text);

        var view = new TrainingProgressView(console, live: true); // not interactive: plain lines
        Assert.False(view.Live);
        view.Run("small / adam", 2, v =>
        {
            v.ReportEpoch(1, 2, 0.5, 0.6, 0.8, 12345, TimeSpan.FromSeconds(3));
            v.ReportEpoch(2, 2, 0.4, null, null, 12000, TimeSpan.FromSeconds(6));
        });
        // 80 columns (the console is not a terminal): elapsed and samples/s make way.
        Assert.Contains("small / adam, 2 epochs:\nepoch 1/2  loss 0.5000  val loss 0.6000  val acc 80.00%  ETA 00:03\n",
            writer.ToString().Replace("\r\n", "\n"));
        Assert.Equal(2, view.History.Count);
    }
}
