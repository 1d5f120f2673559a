using NetGen.Tests.Networks;
using NetGen.Tests.Runtime;

namespace NetGen.Tests.Baked;

/// <summary>
/// Baked inference (weights compiled in as literals) against the trainable network loaded from the same file:
/// the same operations in the same order, so the outputs must be bit-identical on every row.
/// </summary>
public class BakedInferenceTests
{
    private static string WeightsFile(string name) => Path.Combine(BakedWeightsFiles.Folder, name);

    [RequiresDataFact("uci/iris.csv")]
    public void Iris_baked_outputs_are_bit_identical_on_every_row()
    {
        var loaded = new IrisNet();
        loaded.LoadText(WeightsFile("iris.txt"));
        var data = TestData.Iris<float>();
        AssertBitIdentical(data.Inputs, IrisNet.InputSize, IrisNet.OutputSize, loaded.Predict, IrisNet.Baked.Predict);
    }

    [RequiresDataFact("uci/digits.csv.gz")]
    public void Digits_baked_outputs_are_bit_identical_on_every_row()
    {
        var loaded = new DigitsNet();
        loaded.LoadText(WeightsFile("digits.txt"));
        var data = TestData.Digits<float>();
        AssertBitIdentical(data.Inputs, DigitsNet.InputSize, DigitsNet.OutputSize, loaded.Predict, DigitsNet.Baked.Predict);
    }

    [Fact]
    public void Double_networks_baked_outputs_are_bit_identical()
    {
        var random = new DeterministicRandom(17);
        double[] Rows(int width) => Enumerable.Range(0, 500 * width).Select(_ => random.NextDouble() * 6 - 3).ToArray();

        var regression = new RegressionNet();
        regression.LoadText(WeightsFile("regression.txt"));
        AssertBitIdentical(Rows(3), RegressionNet.InputSize, RegressionNet.OutputSize, regression.Predict, RegressionNet.Baked.Predict);

        var separator = new SeparatorNet();
        separator.LoadText(WeightsFile("separator.txt"));
        AssertBitIdentical(Rows(3), SeparatorNet.InputSize, SeparatorNet.OutputSize, separator.Predict, SeparatorNet.Baked.Predict);
    }

    [Fact]
    public void Baked_predict_validates_and_does_not_allocate()
    {
        Assert.Throws<ArgumentException>(() => IrisNet.Baked.Predict(new float[3], new float[3]));
        Assert.Throws<ArgumentException>(() => IrisNet.Baked.Predict([1, 2, float.NaN, 4], new float[3]));
        var input = new float[] { 0.1f, 0.2f, 0.3f, 0.4f };
        var output = new float[3];
        IrisNet.Baked.Predict(input, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) IrisNet.Baked.Predict(input, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private delegate void Predictor<T>(ReadOnlySpan<T> input, Span<T> output);

    private static void AssertBitIdentical<T>(T[] rows, int inputSize, int outputSize, Predictor<T> loaded, Predictor<T> baked)
        where T : unmanaged
    {
        var expected = new T[outputSize];
        var actual = new T[outputSize];
        int count = rows.Length / inputSize;
        Assert.True(count > 0);
        for (int row = 0; row < count; row++)
        {
            var input = rows.AsSpan(row * inputSize, inputSize);
            loaded(input, expected);
            baked(input, actual);
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan())), $"row {row}: loaded [{string.Join(", ", expected)}] vs baked [{string.Join(", ", actual)}]");
        }
    }
}
