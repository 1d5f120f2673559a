using NetGen.Tests.Networks;

namespace NetGen.Tests.Forward;

/// <summary>
/// Finite inputs never give a silent NaN: either the output is finite or inference throws. ±3e38 into ReLU/softmax used
/// to overflow the affine sums to ±∞, and ∞ − ∞ made the softmax NaN.
/// </summary>
public sealed class OverflowTests
{
    public static TheoryData<float[]> HugeFiniteInputs => new()
    {
        new[] { 3e38f, -3e38f, 3e38f, -3e38f },
        new[] { float.MaxValue, float.MaxValue, float.MaxValue, float.MaxValue },
        new[] { -float.MaxValue, 1f, float.MaxValue, 0f },
        new[] { 1e30f, 1e30f, -1e30f, 1e30f },
    };

    [Theory]
    [MemberData(nameof(HugeFiniteInputs))]
    public void Predict_is_finite_or_throws(float[] input)
    {
        var net = new IrisNet();
        var output = new float[3];
        AssertFiniteOrOverflow(() => net.Predict(input, output), output);
        var rows = new float[8];
        input.CopyTo(rows, 0);
        input.CopyTo(rows, 4);
        var outputs = new float[6];
        AssertFiniteOrOverflow(() => net.PredictBatch(rows, outputs), outputs);
        AssertFiniteOrOverflow(() => net.PredictBatchBlocked(rows, outputs), outputs);
        AssertFiniteOrOverflow(() => IrisNet.Baked.Predict(input, output), output);
    }

    [Fact]
    public void Overflow_message_says_what_happened()
    {
        var net = new ReluSoftmaxNet();
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] = 1f;
        var ex = Assert.Throws<ArithmeticException>(() => net.Predict(new[] { 3e38f, 3e38f, 3e38f, 3e38f }, new float[3]));
        Assert.Contains("overflowed", ex.Message);
    }

    private static void AssertFiniteOrOverflow(Action predict, float[] output)
    {
        try
        {
            predict();
            Assert.All(output, v => Assert.True(float.IsFinite(v), $"non-finite output {v}"));
        }
        catch (ArithmeticException e)
        {
            Assert.Contains("overflowed", e.Message);
        }
    }
}

