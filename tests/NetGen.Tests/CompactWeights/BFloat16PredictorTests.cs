using System.Runtime.Intrinsics;
using NetGen.Kernels;
using static NetGen.Tests.CompactWeights.CompactPredictors;

namespace NetGen.Tests.CompactWeights;

/// <summary>
/// <see cref="BFloat16Predictor{TKernels}"/>: every vector width and the scalar path give the same bits; the result is
/// float inference on the bfloat16-rounded weights up to the order of the sums; bfloat16 rounding. What every compact-weight
/// predictor promises is in <see cref="CompactPredictorTests"/>. Runs again with AVX-512 hidden (<see cref="InstructionSets.KernelTestRunner"/>).
/// </summary>
public sealed class BFloat16PredictorTests
{
    /// <summary>Float inference on the rounded weights and the bfloat16 predictor agree within this, relative to 1 + |y|.</summary>
    private const float OrderTolerance = 1e-4f;

    [Fact]
    public void Every_path_gives_the_same_bits()
    {
        SamePaths(Randomized(new Bf16WideNet()), rows: 40);
        SamePaths(Randomized(new Bf16StepNet()), rows: 40);
        SamePaths(Randomized(new Bf16TinyNet()), rows: 40);
    }

    [Fact]
    public void Equals_float_inference_on_the_rounded_weights()
    {
        MatchesRounded(Randomized(new Bf16WideNet()), Randomized(new Bf16WideNet()), rows: 60);
        MatchesRounded(Randomized(new Bf16StepNet()), Randomized(new Bf16StepNet()), rows: 60);
        MatchesRounded(Randomized(new Bf16TinyNet()), Randomized(new Bf16TinyNet()), rows: 60);
    }

    [Theory]
    [InlineData(1.0f, 0x3F80)]
    [InlineData(-2.5f, 0xC020)]
    [InlineData(0.0f, 0x0000)]
    [InlineData(-0.0f, 0x8000)]
    [InlineData(float.PositiveInfinity, 0x7F80)]
    [InlineData(float.NegativeInfinity, 0xFF80)]
    [InlineData(float.MaxValue, 0x7F7F)] // saturates: rounding would give infinity
    [InlineData(-float.MaxValue, 0xFF7F)]
    [InlineData(float.Epsilon, 0x0000)] // the smallest subnormal rounds to zero
    public void Rounds_floats_to_bfloat16(float value, int expected) =>
        Assert.Equal(expected, BFloat16Kernels.ToBFloat16(value));

    [Fact]
    public void Rounds_to_nearest_with_ties_to_even_and_keeps_NaN()
    {
        // 1 + 2^-8 is halfway between bfloat16 1 (0x3F80, even) and 1 + 2^-7 (0x3F81): to even.
        Assert.Equal(0x3F80, BFloat16Kernels.ToBFloat16(BitConverter.UInt32BitsToSingle(0x3F808000)));
        // Halfway between 0x3F81 (odd) and 0x3F82: up to even.
        Assert.Equal(0x3F82, BFloat16Kernels.ToBFloat16(BitConverter.UInt32BitsToSingle(0x3F818000)));
        // Just above and below halfway.
        Assert.Equal(0x3F81, BFloat16Kernels.ToBFloat16(BitConverter.UInt32BitsToSingle(0x3F808001)));
        Assert.Equal(0x3F80, BFloat16Kernels.ToBFloat16(BitConverter.UInt32BitsToSingle(0x3F807FFF)));
        // NaN with payload only in the low bits (rounding alone would make it infinity) stays NaN, signs kept.
        Assert.True(float.IsNaN(BFloat16Kernels.ToSingle(BFloat16Kernels.ToBFloat16(BitConverter.UInt32BitsToSingle(0x7F800001)))));
        Assert.True(float.IsNaN(BFloat16Kernels.ToSingle(BFloat16Kernels.ToBFloat16(BitConverter.UInt32BitsToSingle(0xFFFFFFFF)))));
        // Every bfloat16 value survives the round trip, and the error is at most half a unit in the last place.
        var random = new DeterministicRandom(3);
        for (int k = 0; k < 10_000; k++)
        {
            float value = (float)(random.NextGaussian() * Math.Pow(2, random.NextInt(60) - 30));
            float rounded = BFloat16Kernels.ToSingle(BFloat16Kernels.ToBFloat16(value));
            Assert.Equal(rounded, BFloat16Kernels.ToSingle(BFloat16Kernels.ToBFloat16(rounded)));
            Assert.True(Math.Abs(rounded - value) <= Math.Abs(value) * Math.Pow(2, -8), $"{value} -> {rounded}");
        }
    }

    /// <summary>The scalar path on the default layout is the reference; every packing width on every available path must equal it.</summary>
    private static void SamePaths<TK>(Network<TK, float> net, int rows) where TK : struct, INetworkKernels<float>
    {
        var kernels = default(TK);
        float[] x = Inputs(kernels.InputSize, rows, seed: 8);
        float[] reference = Run(new BFloat16Predictor<TK>(net.Parameters, 16, scalar: true), x, rows);
        var widths = new (int Lanes, bool Available)[]
        {
            (16, Vector512.IsHardwareAccelerated), (8, Vector256.IsHardwareAccelerated), (4, Vector128.IsHardwareAccelerated),
        };
        foreach (var (lanes, available) in widths)
        {
            Assert.Equal(reference, Run(new BFloat16Predictor<TK>(net.Parameters, lanes, scalar: true), x, rows));
            if (available) Assert.Equal(reference, Run(new BFloat16Predictor<TK>(net.Parameters, lanes), x, rows));
        }
        Assert.Equal(reference, Run(net.ToBFloat16Predictor(), x, rows));
    }

    private static void MatchesRounded<TK>(Network<TK, float> net, Network<TK, float> rounded, int rows) where TK : struct, INetworkKernels<float>
    {
        var kernels = default(TK);
        var architecture = kernels.Architecture;
        net.Parameters.CopyTo(rounded.Parameters);
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            var weights = rounded.Parameters.Slice(architecture.WeightOffset(l), architecture.WeightCount(l));
            for (int k = 0; k < weights.Length; k++) weights[k] = BFloat16Kernels.ToSingle(BFloat16Kernels.ToBFloat16(weights[k]));
        }
        float[] x = Inputs(kernels.InputSize, rows, seed: 9);
        float[] actual = Run(net.ToBFloat16Predictor(), x, rows);
        var expected = new float[actual.Length];
        rounded.PredictBatch(x, expected);
        for (int k = 0; k < actual.Length; k++)
            Assert.True(Math.Abs(actual[k] - expected[k]) <= OrderTolerance * (1 + Math.Abs(expected[k])), $"output {k}: {actual[k]} vs {expected[k]}");
    }

    private static float[] Run<TK>(BFloat16Predictor<TK> predictor, float[] x, int rows) where TK : struct, INetworkKernels<float> =>
        CompactPredictors.Run(predictor.PredictBatch, x, rows, predictor.OutputSize);
}
