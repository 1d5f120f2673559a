using System.Buffers.Binary;
using System.IO.Compression;
using NetGen.Tests.Runtime;

namespace NetGen.Tests.CompactWeights;

/// <summary>
/// The network the compact-weight accuracy tests compare against: 784-128-10 trained briefly on Fashion-MNIST (the
/// 60,000 training images, one epoch), trained once per process, and the 10,000 test images.
/// </summary>
internal static class FashionMnist
{
    public const string TrainImages = "fashion-mnist/train-images-idx3-ubyte.gz", TestImages = "fashion-mnist/t10k-images-idx3-ubyte.gz";

    private static readonly Lazy<(Bf16FashionNet Net, float[] TestX, int[] TestY)> Trained = new(() =>
    {
        var (trainX, trainY) = Load(TrainImages, "fashion-mnist/train-labels-idx1-ubyte.gz", 60_000);
        var (testX, testY) = Load(TestImages, "fashion-mnist/t10k-labels-idx1-ubyte.gz", 10_000);
        var net = new Bf16FashionNet();
        net.Fit(Dataset<float>.ForClassification(trainX, 784, trainY, 10), new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 4 });
        return (net, testX, testY);
    });

    /// <summary>The trained network (do not change it: other tests share it) and the test set.</summary>
    public static (Bf16FashionNet Net, float[] TestX, int[] TestY) TrainedNetwork => Trained.Value;

    /// <summary>
    /// Float <c>PredictBatch</c> against <paramref name="outputs"/> (a compact predictor's on the test set): accuracies
    /// in percent, argmax agreement in percent and the largest |output difference|.
    /// </summary>
    public static (double FloatAccuracy, double Accuracy, double Agreement, double MaxDifference) Compare(float[] outputs)
    {
        var (net, testX, testY) = TrainedNetwork;
        var floats = new float[testY.Length * 10];
        net.PredictBatch(testX, floats);
        int floatCorrect = 0, correct = 0, agree = 0;
        double maxDifference = 0;
        for (int r = 0; r < testY.Length; r++)
        {
            int f = ArgMax(floats.AsSpan(r * 10, 10)), c = ArgMax(outputs.AsSpan(r * 10, 10));
            floatCorrect += f == testY[r] ? 1 : 0;
            correct += c == testY[r] ? 1 : 0;
            agree += f == c ? 1 : 0;
            for (int j = 0; j < 10; j++) maxDifference = Math.Max(maxDifference, Math.Abs(floats[r * 10 + j] - outputs[r * 10 + j]));
        }
        return (100.0 * floatCorrect / testY.Length, 100.0 * correct / testY.Length, 100.0 * agree / testY.Length, maxDifference);
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
