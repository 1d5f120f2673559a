using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using NetGen.Tests.Runtime;
using Xunit.Abstractions;

namespace NetGen.Tests.BFloat16;

/// <summary>
/// What bfloat16 weights cost on a real network: 784-128-10 trained briefly on Fashion-MNIST (the 60,000 training images,
/// one epoch), then float <c>Predict</c> against the bfloat16 predictor on the 10,000 test images. The figures go to
/// the test output and the CI counts (README and BENCHMARKS quote them).
/// </summary>
public sealed class BFloat16AccuracyTests(ITestOutputHelper output)
{
    private const string TrainImages = "fashion-mnist/train-images-idx3-ubyte.gz", TestImages = "fashion-mnist/t10k-images-idx3-ubyte.gz";

    /// <summary>The largest |float − bfloat16| allowed on any softmax output (a probability).</summary>
    private const double MaxOutputDifference = 0.01;

    [RequiresDataFact(TestImages)]
    public void Bfloat16_weights_keep_Fashion_MNIST_accuracy()
    {
        var (trainX, trainY) = Load(TrainImages, "fashion-mnist/train-labels-idx1-ubyte.gz", 60_000);
        var (testX, testY) = Load(TestImages, "fashion-mnist/t10k-labels-idx1-ubyte.gz", 10_000);
        var net = new Bf16FashionNet();
        net.Fit(Dataset<float>.ForClassification(trainX, 784, trainY, 10), new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 4 });
        var predictor = net.ToBFloat16Predictor();

        var floats = new float[testY.Length * 10];
        var halves = new float[floats.Length];
        net.PredictBatch(testX, floats);
        predictor.PredictBatch(testX, halves);
        int floatCorrect = 0, halfCorrect = 0, agree = 0;
        double maxDifference = 0;
        for (int r = 0; r < testY.Length; r++)
        {
            int f = ArgMax(floats.AsSpan(r * 10, 10)), h = ArgMax(halves.AsSpan(r * 10, 10));
            floatCorrect += f == testY[r] ? 1 : 0;
            halfCorrect += h == testY[r] ? 1 : 0;
            agree += f == h ? 1 : 0;
            for (int j = 0; j < 10; j++) maxDifference = Math.Max(maxDifference, Math.Abs(floats[r * 10 + j] - halves[r * 10 + j]));
        }
        double floatAccuracy = 100.0 * floatCorrect / testY.Length, halfAccuracy = 100.0 * halfCorrect / testY.Length;
        double agreement = 100.0 * agree / testY.Length;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"bfloat16 784-128-10 Fashion-MNIST test set: accuracy float {floatAccuracy:F2}%, bfloat16 {halfAccuracy:F2}%, argmax agreement {agreement:F2}%, max |output difference| {maxDifference:G3}");
        output.WriteLine(summary);
        TestCounts.Record(summary);

        Assert.True(floatAccuracy > 75, summary); // really trained
        Assert.True(Math.Abs(floatAccuracy - halfAccuracy) <= 0.5, summary);
        Assert.True(agreement >= 99, summary);
        Assert.True(maxDifference <= MaxOutputDifference, summary);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++) if (values[j] > values[best]) best = j;
        return best;
    }

    /// <summary>The first <paramref name="count"/> images (pixels / 255) and labels of an IDX pair.</summary>
    private static (float[] X, int[] Y) Load(string images, string labels, int count)
    {
        byte[] pixels = Unzip(images), classes = Unzip(labels);
        Assert.Equal(0x803, BinaryPrimitives.ReadInt32BigEndian(pixels));
        Assert.Equal(0x801, BinaryPrimitives.ReadInt32BigEndian(classes));
        var x = new float[count * 784];
        for (int k = 0; k < x.Length; k++) x[k] = pixels[16 + k] / 255f;
        var y = new int[count];
        for (int r = 0; r < count; r++) y[r] = classes[8 + r];
        return (x, y);
    }

    private static byte[] Unzip(string relative)
    {
        using var stream = new GZipStream(File.OpenRead(TestData.PathOf(relative)), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
