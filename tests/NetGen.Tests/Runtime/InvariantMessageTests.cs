using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Tests.Runtime;

/// <summary>
/// Runtime messages and ToString results read the same in every culture: ASCII digits, '.' decimals, '-' minus.
/// Each case is rendered under the invariant culture and under cultures with decimal commas (sv-SE, de-DE), U+2212
/// minus signs (sv-SE, fa-IR) and other NaN/percent symbols (ar-SA, fa-IR), and must not change.
/// </summary>
public sealed partial class InvariantMessageTests
{
    private static readonly string[] Cultures = ["sv-SE", "de-DE", "ar-SA", "fa-IR"];

    // Every case renders a message or ToString that holds at least one negative number, decimal or non-finite value.
    public static TheoryData<string> Cases => new(CaseTable.Keys);

    private static readonly Dictionary<string, Func<string>> CaseTable = new()
    {
        ["Guard.Target"] = () => Message(() => Guard.Target<double>([2.5], Loss.CrossEntropy, "target")),
        ["Guard.Target negative"] = () => Message(() => Guard.Target<float>([-0.25f], Loss.Hinge, "target")),
        ["Guard.Finite"] = () => Message(() => Guard.Finite<float>([1.5f, float.NaN], "input")),
        ["Guard.Finite infinity"] = () => Message(() => Guard.Finite<double>([double.NegativeInfinity], "input")),
        ["Guard.Label"] = () => Message(() => Guard.Label(-3, 10, "label")),
        ["Guard.LearningRate float"] = () => Message(() => Guard.LearningRate(1e-40f, "learningRate")),
        ["Guard.LearningRate negative"] = () => Message(() => Guard.LearningRate(-0.5, "learningRate")),
        ["Guard.FiniteStep"] = () => Message(() => Guard.FiniteStep<double>(double.NegativeInfinity, [1.5], [2.5], 0.5)),
        ["Guard.BatchShape"] = () => Message(() => Guard.BatchShape<float>(-2, [], [], [], [], 3, 1, 5, 4, 2)),
        ["Fit learning rate"] = () => Message(() => new SoftmaxGuardNet().Fit(Softmax(), new TrainingOptions { LearningRate = 1e-300, BatchSize = 4 })),
        ["Fit schedule"] = () => Message(() => new SoftmaxGuardNet().Fit(Softmax(), new TrainingOptions
            { LearningRate = 0.5, Schedule = LearningRateSchedule.StepDecay(1, 1e-20), Epochs = 5, BatchSize = 4 })),
        ["Fit target"] = () => Message(() => new SoftmaxGuardNet().Fit(GuardData.Make<float>(6, 3, (r, c) => r == 2 ? -0.75 : 0.5))),
        ["Fit negative option"] = () => Message(() => new SoftmaxGuardNet().Fit(Softmax(), new TrainingOptions { WeightDecay = -0.5 })),
        ["Dataset NaN"] = () => Message(() => new Dataset<double>([0.5, double.NaN], [1.5], 2, 1)),
        ["Dataset.Split"] = () => Message(() => Softmax().Split(-0.5)),
        ["StepDecay gamma"] = () => Message(() => LearningRateSchedule.StepDecay(2, 1.5)),
        ["Standardizer"] = () => Message(() => new Standardizer([double.NaN], [0.5])),
        ["Save NaN parameter"] = () => Message(() =>
        {
            var net = new SoftmaxGuardNet();
            net.Parameters[1] = float.NegativeInfinity;
            net.Save(Path.Combine(Path.GetTempPath(), "netgen-invariant-" + Guid.NewGuid().ToString("N") + ".bin"));
        }),
        ["TrainingDivergedException"] = () => new TrainingDivergedException(3, double.NegativeInfinity, 0.125).Message,
        ["EpochReport full"] = () => new EpochReport(3, 0.4123, 0.43011, 0.872, 0.9, 0.05, TimeSpan.FromSeconds(1.234), 1234.5).ToString(),
        ["EpochReport sparse"] = () => new EpochReport(12, -1234567.5, null, null, null, 1e-5, TimeSpan.FromSeconds(0.5), 10).ToString(),
        ["EpochReport NaN"] = () => new EpochReport(1, double.NaN, double.PositiveInfinity, 0, null, 2.5, TimeSpan.Zero, 0).ToString(),
        ["LayerDescription"] = () => new LayerDescription(4, Activation.LeakyReLU, true, -0.25).ToString(),
        ["NetworkMetadata"] = () => new NetworkMetadata { LearningRate = 0.0125, Seed = -7, EpochsTrained = 3 }.ToString(),
        ["TrainingOptions"] = () => new TrainingOptions { LearningRate = 0.5, Momentum = 0.25, Seed = -1, Schedule = LearningRateSchedule.StepDecay(2, 0.5) }.ToString(),
        ["Evaluate"] = () => new SoftmaxGuardNet().Evaluate(Softmax()).ToString(),
        ["Fit result"] = () => new SoftmaxGuardNet().Fit(Softmax(), new TrainingOptions { Epochs = 2, BatchSize = 4 }, Softmax()).ToString() +
            " | " + new SoftmaxGuardNet().Fit(Softmax(), new TrainingOptions { Epochs = 2, BatchSize = 4 }, Softmax()).History[^1].ToString()
                .Split("  ").Where(part => !part.EndsWith(" s") && !part.EndsWith(" ms")).Aggregate((a, b) => a + "  " + b), // the epoch's time varies
    };

    private static Dataset<float> Softmax() => GuardData.Make<float>(12, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c));

    private static string Message(Action action)
    {
        try { action(); }
        catch (Exception e) { return e.GetType().Name + ": " + e.Message; }
        throw new Xunit.Sdk.XunitException("The case was expected to throw.");
    }

    [Fact]
    public void The_test_cultures_really_format_differently_here()
    {
        // Without ICU (invariant globalization) every culture would format like the invariant one and the theory
        // below could not fail; this proves the premise on the machine running the tests.
        Assert.Equal("2,5", 2.5.ToString(CultureInfo.GetCultureInfo("sv-SE")));
        Assert.Equal("\u22121", (-1).ToString(CultureInfo.GetCultureInfo("sv-SE")));
        Assert.NotEqual("NaN", double.NaN.ToString(CultureInfo.GetCultureInfo("fa-IR")));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_identically_in_every_culture_with_ascii_numbers(string name)
    {
        string invariant = Under(CultureInfo.InvariantCulture, CaseTable[name]);
        Assert.Matches(@"[0-9]|NaN|Infinity", invariant);
        foreach (string culture in Cultures)
        {
            string localized = Under(CultureInfo.GetCultureInfo(culture), CaseTable[name]);
            Assert.Equal(invariant, localized);
            Assert.DoesNotContain('\u2212', localized);
            Assert.DoesNotMatch(DecimalComma(), localized);
            Assert.All(localized, ch => Assert.False(char.IsDigit(ch) && ch > '\u007f', $"non-ASCII digit {ch} in {localized}"));
        }
    }

    [Fact]
    public void EpochReport_reads_as_one_aligned_line_leaving_out_absent_values()
    {
        var full = new EpochReport(3, 0.4123, 0.43011, 0.872, null, 0.05, TimeSpan.FromSeconds(1.234), 100);
        Assert.Equal("epoch   3  loss 0.41230  val loss 0.43011  val acc  87.20%  lr 0.0500  1.23 s", Under(CultureInfo.GetCultureInfo("de-DE"), full.ToString));
        var sparse = new EpochReport(120, 12.5, null, null, 0.5, 2e-5, TimeSpan.FromSeconds(10), 100);
        Assert.Equal("epoch 120  loss 12.50000  acc  50.00%  lr 2.000E-05  10.00 s", sparse.ToString());
        var everything = new EpochReport(3, 0.4123, 0.45011, 0.85, 0.875, 0.01, TimeSpan.FromMilliseconds(12.4), 100) { MaxEpochs = 100 };
        Assert.Equal("epoch   3/100  loss 0.41230  acc  87.50%  val loss 0.45011  val acc  85.00%  lr 0.0100  12 ms",
            Under(CultureInfo.GetCultureInfo("de-DE"), everything.ToString));
        // Lines of different epochs line up: the loss starts at the same column.
        Assert.Equal(full.ToString().IndexOf("loss", StringComparison.Ordinal), sparse.ToString().IndexOf("loss", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_progress_lines_are_invariant_and_aligned_under_a_decimal_comma_culture()
    {
        var lines = new List<string>();
        Under(CultureInfo.GetCultureInfo("de-DE"), () =>
        {
            new SoftmaxGuardNet().Fit(Softmax(), new TrainingOptions
            {
                Epochs = 12, BatchSize = 4, TrackTrainAccuracy = true, Progress = report => lines.Add(report.ToString()),
            }, validation: Softmax());
            return "";
        });
        Assert.Equal(12, lines.Count);
        foreach (string line in lines)
            Assert.Matches(@"^epoch +[0-9]+/12  loss [0-9]+\.[0-9]{5}  acc +[0-9]+\.[0-9]{2}%  val loss [0-9]+\.[0-9]{5}  val acc +[0-9]+\.[0-9]{2}%  lr 0\.0[0-9]{3}  [0-9]+(\.[0-9]{2})? m?s$", line);
        Assert.StartsWith("epoch   1/12  loss ", lines[0]);
        Assert.Equal(lines[0].IndexOf("loss", StringComparison.Ordinal), lines[^1].IndexOf("loss", StringComparison.Ordinal));
    }

    private static string Under(CultureInfo culture, Func<string> render)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            return render();
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [GeneratedRegex(@"\d,\d")]
    private static partial Regex DecimalComma();
}
