using System.Globalization;
using NetGen.Tests.Runtime;
using Xunit.Abstractions;

namespace NetGen.Tests.CompactWeights;

/// <summary>
/// What 8-bit weights and int16 inputs cost on a real network (<see cref="FashionMnist"/>): float <c>Predict</c> against
/// the 8-bit predictor on the 10,000 test images. The figures go to the test output and the CI counts (README and
/// BENCHMARKS quote them). The bounds are a few times what the quantization costs, and far below what a wrong scale,
/// rounding or layout does (argmax agreement then falls to chance and outputs move by up to 1).
/// </summary>
public sealed class Int8AccuracyTests(ITestOutputHelper output)
{
    /// <summary>The largest |float − 8-bit| allowed on any softmax output (a probability).</summary>
    private const double MaxOutputDifference = 0.03;

    [RequiresDataFact(FashionMnist.TestImages)]
    public void Int8_weights_keep_Fashion_MNIST_accuracy()
    {
        var (net, testX, testY) = FashionMnist.TrainedNetwork;
        var quantized = new float[testY.Length * 10];
        net.ToInt8Predictor().PredictBatch(testX, quantized);
        var (floatAccuracy, int8Accuracy, agreement, maxDifference) = FashionMnist.Compare(quantized);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"int8 784-128-10 Fashion-MNIST test set: accuracy float {floatAccuracy:F2}%, int8 {int8Accuracy:F2}%, argmax agreement {agreement:F2}%, max |output difference| {maxDifference:G3}");
        output?.WriteLine(summary);
        TestCounts.Record(summary);

        Assert.True(floatAccuracy > 75, summary); // really trained
        Assert.True(Math.Abs(floatAccuracy - int8Accuracy) <= 0.5, summary);
        Assert.True(agreement >= 99, summary);
        Assert.True(maxDifference <= MaxOutputDifference, summary);
    }
}
