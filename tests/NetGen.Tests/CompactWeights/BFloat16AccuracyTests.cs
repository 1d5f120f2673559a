using System.Globalization;
using NetGen.Tests.Runtime;
using Xunit.Abstractions;

namespace NetGen.Tests.CompactWeights;

/// <summary>
/// What bfloat16 weights cost on a real network (<see cref="FashionMnist"/>): float <c>Predict</c> against the bfloat16
/// predictor on the 10,000 test images. The figures go to the test output and the CI counts (README and BENCHMARKS quote them).
/// </summary>
public sealed class BFloat16AccuracyTests(ITestOutputHelper output)
{
    /// <summary>The largest |float − bfloat16| allowed on any softmax output (a probability).</summary>
    private const double MaxOutputDifference = 0.01;

    [RequiresDataFact(FashionMnist.TestImages)]
    public void Bfloat16_weights_keep_Fashion_MNIST_accuracy()
    {
        var (net, testX, testY) = FashionMnist.TrainedNetwork;
        var halves = new float[testY.Length * 10];
        net.ToBFloat16Predictor().PredictBatch(testX, halves);
        var (floatAccuracy, halfAccuracy, agreement, maxDifference) = FashionMnist.Compare(halves);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"bfloat16 784-128-10 Fashion-MNIST test set: accuracy float {floatAccuracy:F2}%, bfloat16 {halfAccuracy:F2}%, argmax agreement {agreement:F2}%, max |output difference| {maxDifference:G3}");
        output?.WriteLine(summary);
        TestCounts.Record(summary);

        Assert.True(floatAccuracy > 75, summary); // really trained
        Assert.True(Math.Abs(floatAccuracy - halfAccuracy) <= 0.5, summary);
        Assert.True(agreement >= 99, summary);
        Assert.True(maxDifference <= MaxOutputDifference, summary);
    }
}
