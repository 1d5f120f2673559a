using System.Text.Json;
using System.Xml.Linq;

namespace NetGen.Digits.Tests;

/// <summary>Runs the whole app in-process on the embedded UCI digits: train, test, store, reload, report.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void EmbeddedDigits_TrainsToAtLeast95Percent_StoresWeights_WritesPicturesAndReport()
    {
        string output = _temp.File("out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = DigitsApp.Run(["--output", output, "--epochs", "15", "--quiet"], stdout, stderr, CancellationToken.None);

        Assert.True(code == ExitCodes.Ok, stderr.ToString());
        string text = stdout.ToString();
        foreach (string step in new[] { "1. Prepare the data", "2. Design the network", "3. Initialize", "4. Define the loss",
                     "5. Define the metric", "6. Train", "7. Test", "8. Store the network", "9. Apply the network" })
            Assert.Contains(step, text);
        Assert.Contains("[Dense(32, Activation.ReLU)]", text);

        // report.json parses and holds the test accuracy.
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var root = report.RootElement;
        double accuracy = root.GetProperty("test").GetProperty("accuracy").GetDouble();
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:P2} < 95%");
        Assert.Equal(15, root.GetProperty("training").GetProperty("epochs").GetInt32());
        Assert.Equal(15, root.GetProperty("training").GetProperty("history").GetArrayLength());
        Assert.Equal(10, root.GetProperty("test").GetProperty("perClassAccuracy").GetArrayLength());
        var matrix = root.GetProperty("test").GetProperty("confusionMatrix");
        Assert.Equal(359, matrix.EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt32())));
        Assert.Equal("small", root.GetProperty("preset").GetString());
        Assert.True(root.GetProperty("reload").GetProperty("binaryIdentical").GetBoolean());
        Assert.True(root.GetProperty("reload").GetProperty("textIdentical").GetBoolean());

        // Both weight files load into a buffer of the preset's architecture, hold the same values, and reproduce the accuracy.
        var arch = UciSmallNet.Architecture;
        var binary = new float[arch.ParameterCount];
        var textual = new float[arch.ParameterCount];
        var meta = NetworkFile.Load(Path.Combine(output, "weights.ngw"), arch, binary);
        NetworkFile.LoadText(Path.Combine(output, "weights.txt"), arch, textual);
        Assert.Equal(15, meta.EpochsTrained);
        Assert.Equal(binary, textual);

        var net = new UciSmallNet();
        binary.CopyTo(net.Parameters);
        var (_, validation, _) = DigitsApp.LoadData(AppOptions.Default, AppOptions.Default.Seed);
        int correct = Enumerable.Range(0, validation.Rows).Count(i => net.PredictClass(validation.Image(i)) == validation.Labels[i]);
        Assert.Equal(accuracy, (double)correct / validation.Rows, 12);

        // The pictures are well-formed SVG.
        foreach (string svg in new[] { "training-curves.svg", "misclassified.svg", "samples.svg" })
            Assert.Equal("svg", XDocument.Load(Path.Combine(output, svg)).Root!.Name.LocalName);
    }

    [Fact]
    public void CancelAfterFirstEpoch_ExitsWith130_AndLeavesLoadableWeights()
    {
        string output = _temp.File("out");
        using var cts = new CancellationTokenSource();
        var stdout = new CancelOnText("\nepoch  1/20 ", cts); // the plain progress line of epoch 1
        var stderr = new StringWriter();

        int code = DigitsApp.Run(["--output", output, "--epochs", "20", "--quiet"], stdout, stderr, cts.Token);

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("weights of epoch 1", stdout.ToString());
        Assert.DoesNotContain("\nepoch  2/20 ", stdout.ToString());
        var arch = UciSmallNet.Architecture;
        var parameters = new float[arch.ParameterCount];
        Assert.Equal(1, NetworkFile.Load(Path.Combine(output, "weights.ngw"), arch, parameters).EpochsTrained);
        Assert.Equal(1, NetworkFile.LoadText(Path.Combine(output, "weights.txt"), arch, parameters).EpochsTrained);
        Assert.False(File.Exists(Path.Combine(output, "report.json")));
    }

    [Fact]
    public void ImagesWithoutAPresetNetwork_ExitThree()
    {
        IdxWriter.Write(_temp.File("t10k-images-idx3-ubyte"), IdxWriter.Images(20, 10, 10), gzip: false);
        IdxWriter.Write(_temp.File("t10k-labels-idx1-ubyte"), IdxWriter.Labels(Enumerable.Range(0, 20).Select(i => (byte)(i % 10)).ToArray()), gzip: false);
        var stderr = new StringWriter();
        int code = DigitsApp.Run(["--data", _temp.Path, "--output", _temp.File("out")], new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(ExitCodes.Data, code);
        Assert.Contains("100 pixels", stderr.ToString());
    }

    /// <summary>A StringWriter that cancels <paramref name="cts"/> once <paramref name="trigger"/> has been written.</summary>
    private sealed class CancelOnText(string trigger, CancellationTokenSource cts) : StringWriter
    {
        public override void Write(char value) { base.Write(value); Check(); }
        public override void Write(string? value) { base.Write(value); Check(); }
        public override void Write(char[] buffer, int index, int count) { base.Write(buffer, index, count); Check(); }
        public override void Write(ReadOnlySpan<char> buffer) { base.Write(buffer); Check(); }
        public override void WriteLine(string? value) { base.WriteLine(value); Check(); }

        private void Check()
        {
            if (!cts.IsCancellationRequested && GetStringBuilder().ToString().Contains(trigger, StringComparison.Ordinal)) cts.Cancel();
        }
    }
}
