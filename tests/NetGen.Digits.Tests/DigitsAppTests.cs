namespace NetGen.Digits.Tests;

public sealed class DigitsAppTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DigitsApp.Run(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Help_DocumentsEveryOption()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(ExitCodes.Ok, code);
        foreach (string option in new[] { "--data", "--preset", "--epochs", "--batch-size", "--optimizer", "--learning-rate", "--seed", "--output", "--quiet", "--verbose" })
            Assert.Contains(option, output);
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--epochs", "abc")]
    [InlineData("--batch-size", "-1")]
    [InlineData("--learning-rate", "0")]
    [InlineData("--learning-rate", "NaN")]
    [InlineData("--learning-rate", "1e-300")]
    [InlineData("--learning-rate", "1e-40")]
    [InlineData("--weight-decay", "-1")]
    [InlineData("--preset", "huge")]
    [InlineData("--optimizer", "rmsprop")]
    [InlineData("--no-such-option", "1")]
    public void BadValues_ExitTwo_WithOneLine(string option, string value)
    {
        var (code, _, err) = Run(option, value, "--output", _temp.Path);
        Assert.Equal(ExitCodes.Usage, code);
        string line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("netgen-digits: error:", line);
    }

    [Theory]
    [InlineData("1e-300")]
    [InlineData("1e-39")]
    [InlineData("1.4e-45")]
    public void LearningRateTooSmallForFloat_ExitsTwo_NamingThePrecision(string rate)
    {
        var (code, _, err) = Run("--learning-rate", rate, "--output", _temp.Path);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--learning-rate", err);
        Assert.Contains("float precision", err);
        Assert.Contains(AppCommandLine.MinimumLearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture), err);
    }

    [Fact]
    public void LearningRateHelp_StatesTheRangeBindAccepts()
    {
        var (_, help, _) = Run("--help");
        string min = AppCommandLine.MinimumLearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(min, help);
        Assert.DoesNotContain("> 0, at most 10", help);

        // The stated range, at most 10 and at least the minimum once rounded to float, against a corpus around both ends.
        var random = new Random(11);
        var rates = new List<double> { AppCommandLine.MinimumLearningRate, 10, Math.BitIncrement(10), Math.BitDecrement(AppCommandLine.MinimumLearningRate) };
        for (int i = 0; i < 200; i++)
        {
            rates.Add(AppCommandLine.MinimumLearningRate * (0.5 + random.NextDouble()));
            rates.Add(10 * (0.999 + 0.002 * random.NextDouble()));
        }
        foreach (double rate in rates)
        {
            bool stated = rate <= 10 && (float)rate >= (float)AppCommandLine.MinimumLearningRate;
            var cli = new AppCommandLine();
            var (options, _) = cli.Bind(cli.Root.Parse(["--learning-rate", rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]));
            Assert.True(stated == options is not null, $"rate {rate:R}: help says {(stated ? "accepted" : "refused")}");
        }
    }

    [Theory]
    [InlineData("sgd", OptimizerKind.Sgd)]
    [InlineData("momentum", OptimizerKind.Momentum)]
    [InlineData("adam", OptimizerKind.Adam)]
    public void OptimizerSpelling_MapsToTheRuntimesOptimizerKind(string spelling, NetGen.OptimizerKind expected)
    {
        var cli = new AppCommandLine();
        var (options, error) = cli.Bind(cli.Root.Parse(["--optimizer", spelling]));
        Assert.True(options is not null, error);
        Assert.Equal(expected, options.Optimizer);
    }

    [Fact]
    public void MissingDataFolder_ExitsThree()
    {
        string missing = _temp.File("no-such-folder");
        var (code, _, err) = Run("--data", missing, "--output", _temp.File("out"));
        Assert.Equal(ExitCodes.Data, code);
        Assert.Contains(missing, err);
    }

    [Fact]
    public void FolderWithoutIdxFiles_ExitsThree()
    {
        string empty = Directory.CreateDirectory(_temp.File("empty")).FullName;
        var (code, _, err) = Run("--data", empty, "--output", _temp.File("out"));
        Assert.Equal(ExitCodes.Data, code);
        Assert.Contains("t10k-images-idx3-ubyte", err);
    }

    [Fact]
    public void UnwritableOutput_ExitsFour()
    {
        string file = _temp.File("a-file");
        File.WriteAllText(file, "not a folder");
        var (code, _, err) = Run("--output", Path.Combine(file, "sub"));
        Assert.Equal(ExitCodes.Output, code);
        Assert.Contains("not writable", err);
    }

    [Fact]
    public void DefaultRun_LoadsEmbeddedDigits_WritesSamplesSvg()
    {
        string output = _temp.File("out");
        var (code, stdout, err) = Run("--output", output, "--seed", "5");
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Contains("1,438 train", stdout);
        Assert.Contains("359 validation", stdout);
        var svg = System.Xml.Linq.XDocument.Load(Path.Combine(output, "samples.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Empty(Directory.GetFiles(output, ".netgen-probe-*"));
    }

    [Fact]
    public void IdxFolderRun_SplitsTestOnlyFolder()
    {
        IdxWriter.Write(_temp.File("t10k-images-idx3-ubyte.gz"), IdxWriter.Images(50, 28, 28), gzip: true);
        IdxWriter.Write(_temp.File("t10k-labels-idx1-ubyte.gz"), IdxWriter.Labels(Enumerable.Range(0, 50).Select(i => (byte)(i % 10)).ToArray()), gzip: true);
        var (code, stdout, err) = Run("--data", _temp.Path, "--output", _temp.File("out"), "--quiet");
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Contains("40 train", stdout);
        Assert.Contains("10 validation", stdout);
    }
}
