using NetGen.Kernels;
using static NetGen.Tests.CompactWeights.CompactPredictors;

namespace NetGen.Tests.CompactWeights;

/// <summary>
/// <see cref="Int8Predictor{TKernels}"/>: the quantization is the documented one (checked against sums worked out by
/// hand), the int32 sums cannot overflow at any fan-in, every vector width and the scalar path give the same bits, and
/// the result stays close to float inference. What every compact-weight predictor promises is in
/// <see cref="CompactPredictorTests"/>. Runs again with AVX-512 hidden (<see cref="InstructionSets.KernelTestRunner"/>).
/// </summary>
public sealed class Int8PredictorTests
{
    /// <summary>
    /// Float inference on the 8-bit weights and the predictor agree within this, relative to 1 + |y|: what is left is the
    /// int16 inputs' rounding, half a level in 32,767 (4e-6 seen on these networks).
    /// </summary>
    private const float InputQuantizationTolerance = 2e-5f;

    [Fact]
    public void Every_path_gives_the_same_bits()
    {
        SamePaths(Randomized(new Bf16WideNet()), rows: 40);
        SamePaths(Randomized(new Bf16StepNet()), rows: 40);
        SamePaths(Randomized(new Bf16TinyNet()), rows: 40);
    }

    [Fact]
    public void Sums_equal_the_hand_computed_quantization_with_unit_scales()
    {
        var net = HandNet(
            [
                [1f, 2.5f, -3.5f, 127f, 0.4f], // largest 127: scale 1, weights round to nearest, ties to even: 1, 2, -4, 127, 0
                [-127f, 0.5f, 1.5f, -2.5f, 126.6f], // -127, 0, 2, -2, 127
                [0f, 0f, 0f, 0f, 0f], // scale 0: the bias alone
            ],
            biases: [0.25f, -1f, 7f]);
        // Largest |x| 32,767 = the bound for 5 inputs: scale 1, inputs 32767, 2, -4, 100, 0.
        float[] x = [32767f, 2.5f, -3.5f, 100.4f, 0f];
        // 32767·1 + 2·2 + (-4)·(-4) + 100·127 = 45,487; 32767·(-127) + 2·0 + (-4)·2 + 100·(-2) = -4,161,617.
        float[] expected = [45_487.25f, -4_161_618f, 7f];
        foreach (var predictor in AllPaths(net)) Assert.Equal(expected, Run(predictor, x));
    }

    [Fact]
    public void Sums_equal_the_hand_computed_quantization_with_scales()
    {
        var net = HandNet(
            [
                [1.27f, -0.5f, 0.3f, 0.049f, 0f], // scale 1.27 / 127 = 0.01: 127, -50, 30, 5, 0
                [0f, 0f, 0f, 0f, -2f], // scale 2 / 127: 0, 0, 0, 0, -127
                [0.001f, 0f, 0f, 0f, 0f], // scale 0.001 / 127: 127
            ],
            biases: [0.25f, 0f, -0.5f]);
        // Largest |x| 1: scale 1 / 32767; 0.5·32767 = 16383.5 rounds to even 16384, 0.25·32767 = 8191.75 to 8192,
        // 0.1f·32767 = 3276.70 to 3277.
        float[] x = [0.5f, -1f, 0.25f, 0.1f, 0f];
        const float inputScale = 1f / 32767;
        // 16384·127 + (-32767)·(-50) + 8192·30 + 3277·5 = 3,981,263; the last input is 0; 16384·127 = 2,080,768.
        float[] expected =
        [
            MathF.FusedMultiplyAdd(3_981_263, inputScale * (1.27f / 127), 0.25f),
            MathF.FusedMultiplyAdd(0, inputScale * (2f / 127), 0f),
            MathF.FusedMultiplyAdd(2_080_768, inputScale * (0.001f / 127), -0.5f),
        ];
        foreach (var predictor in AllPaths(net)) Assert.Equal(expected, Run(predictor, x));
        // And that is close to the float answer (0.5·1.27 + 0.5 + 0.075 + 0.0049 + 0.25 = 1.4649).
        Assert.Equal(1.4649f, expected[0], 1e-3f);
    }

    [Fact]
    public void An_all_zero_row_gives_the_biases()
    {
        var net = HandNet([[1f, -2f, 3f, 0f, 0f], [0.5f, 0f, 0f, 0f, 0f], [0f, 0f, 0f, 0f, 0f]], biases: [0.25f, -1f, 7f]);
        foreach (var predictor in AllPaths(net)) Assert.Equal(new[] { 0.25f, -1f, 7f }, Run(predictor, new float[5]));
    }

    [Theory]
    [InlineData(1, 32767)]
    [InlineData(516, 32767)]
    [InlineData(517, 32706)]
    [InlineData(784, 21568)]
    [InlineData(133_144, 127)]
    public void The_input_bound_keeps_every_int32_sum_in_range(int fanIn, int bound)
    {
        Assert.Equal(bound, Int8Layer.InputBoundFor(fanIn));
        Assert.True((long)fanIn * Int8Layer.WeightBound * bound <= int.MaxValue);
        Assert.True(bound == short.MaxValue || (long)fanIn * Int8Layer.WeightBound * (bound + 1) > int.MaxValue);
    }

    [Fact]
    public void A_fan_in_too_wide_for_8_bit_inputs_is_refused() =>
        Assert.Throws<NotSupportedException>(() => Int8Layer.InputBoundFor(133_145));

    [Theory]
    [InlineData(133_144)]
    [InlineData(517)]
    [InlineData(784)]
    public void Extreme_values_at_the_widest_fan_in_do_not_overflow(int fanIn)
    {
        // Every product at its largest magnitude and of one sign per output: the sum reaches fanIn · 127 · bound.
        const int size = 3;
        var weights = new float[fanIn * size];
        var x = new float[fanIn];
        for (int i = 0; i < fanIn; i++)
        {
            float sign = i % 3 == 0 ? -1 : 1;
            x[i] = 1e30f * sign;
            weights[i * size] = 2f * sign; // sum +fanIn · 127 · bound
            weights[i * size + 1] = -2f * sign; // sum −fanIn · 127 · bound
            weights[i * size + 2] = 1f; // mixed signs
        }
        int bound = Int8Layer.InputBoundFor(fanIn);
        long extreme = (long)fanIn * Int8Layer.WeightBound * bound;
        int negatives = (fanIn + 2) / 3;
        long mixed = (long)(fanIn - 2 * negatives) * Int8Layer.WeightBound * bound;
        float inputScale = 1e30f / bound;
        float[] expected =
        [
            MathF.FusedMultiplyAdd(extreme, inputScale * (2f / 127), 0f),
            MathF.FusedMultiplyAdd(-extreme, inputScale * (2f / 127), 0f),
            MathF.FusedMultiplyAdd(mixed, inputScale * (1f / 127), 0f),
        ];
        foreach (var (lanes, scalar) in Paths())
        {
            var layer = new Int8Layer(weights, default, fanIn, size, lanes);
            var z = new float[layer.PaddedSize];
            layer.Multiply(x, z, new float[layer.WorkSize], scalar);
            Assert.Equal(expected, z.AsSpan(0, size).ToArray());
            Assert.Equal(2e30 * fanIn, z[0], 2e30 * fanIn * 1e-5); // and that is the real sum, not a wrapped one
        }
    }

    [Fact]
    public void Quantizes_a_row_to_nearest_within_the_bound_on_every_path()
    {
        var random = new DeterministicRandom(12);
        foreach (int n in new[] { 1, 7, 16, 37, 784 })
        {
            var x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float)random.NextUniform(-3, 3);
            x[n / 2] = -4f; // the largest magnitude, negative
            var reference = new short[n + 1];
            float scale = Int8Kernels.Quantize(x, reference, 1000, scalar: true);
            Assert.Equal(4f / 1000, scale);
            Assert.Equal(-1000, reference[n / 2]);
            Assert.Equal(0, reference[n]);
            for (int i = 0; i < n; i++)
                Assert.Equal((short)Math.Round((double)(x[i] * (1000f / 4f)), MidpointRounding.ToEven), reference[i]);
            var vector = new short[n + 1];
            vector[n] = 99; // the padding is written
            Assert.Equal(scale, Int8Kernels.Quantize(x, vector, 1000));
            Assert.Equal(reference, vector);
        }
        // Ties go to even: 0.5·bound and 1.5·bound from a largest |x| of the bound itself (scale 1).
        var ties = new short[4];
        Int8Kernels.Quantize([2.5f, -3.5f, 0.5f, 100f], ties, 100);
        Assert.Equal(new short[] { 2, -4, 0, 100 }, ties);
        // A hidden layer that overflowed is reported as an overflowing output would be.
        Assert.Throws<ArithmeticException>(() => Int8Kernels.Quantize([1f, float.PositiveInfinity], new short[2], 100));
    }

    [Theory]
    [InlineData(2.5f, 1f, 2)]
    [InlineData(-3.5f, 1f, -4)]
    [InlineData(0.4999f, 1f, 0)]
    [InlineData(126.6f, 1f, 127)]
    [InlineData(-500f, 1f, -127)] // never past ±127
    [InlineData(3f, 0f, 0)] // a zero column's scale
    [InlineData(0.63f, 0.01f, 63)]
    public void Quantizes_weights_to_nearest_with_ties_to_even(float weight, float scale, int expected) =>
        Assert.Equal(expected, Int8Layer.QuantizeWeight(weight, scale));

    [Fact]
    public void A_non_finite_weight_is_refused()
    {
        var net = new Bf16TinyNet();
        net.Parameters[ArchitectureOf(net).WeightOffset(1) + 1] = float.NaN;
        Assert.Throws<ArgumentException>(() => net.ToInt8Predictor());
    }

    [Fact]
    public void Stays_close_to_float_inference_on_the_8_bit_weights()
    {
        Close(Randomized(new Bf16WideNet()), Randomized(new Bf16WideNet()), rows: 60);
        Close(Randomized(new Bf16TinyNet()), Randomized(new Bf16TinyNet()), rows: 60);
    }

    /// <summary>The scalar path on the default layout is the reference; every packing width on every available path must equal it.</summary>
    private static void SamePaths<TK>(Network<TK, float> net, int rows) where TK : struct, INetworkKernels<float>
    {
        var kernels = default(TK);
        float[] x = Inputs(kernels.InputSize, rows, seed: 8);
        float[] reference = Run(new Int8Predictor<TK>(net.Parameters, 16, scalar: true), x);
        foreach (int lanes in new[] { 16, 8, 4 }) Assert.Equal(reference, Run(new Int8Predictor<TK>(net.Parameters, lanes, scalar: true), x));
        foreach (var predictor in AllPaths(net)) Assert.Equal(reference, Run(predictor, x));
        Assert.Equal(reference, Run(net.ToInt8Predictor(), x));
    }

    /// <summary>Float inference with each weight replaced by its 8-bit value times its scale: the rest is the inputs' rounding.</summary>
    private static void Close<TK>(Network<TK, float> net, Network<TK, float> dequantized, int rows) where TK : struct, INetworkKernels<float>
    {
        var architecture = default(TK).Architecture;
        net.Parameters.CopyTo(dequantized.Parameters);
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            int size = architecture.Layers[l].Size, fanIn = architecture.FanIn(l);
            var weights = dequantized.Parameters.Slice(architecture.WeightOffset(l), architecture.WeightCount(l));
            for (int j = 0; j < size; j++)
            {
                float largest = 0;
                for (int i = 0; i < fanIn; i++) largest = Math.Max(largest, Math.Abs(weights[i * size + j]));
                float scale = largest / 127;
                for (int i = 0; i < fanIn; i++) weights[i * size + j] = Int8Layer.QuantizeWeight(weights[i * size + j], scale) * scale;
            }
        }
        float[] x = Inputs(architecture.InputSize, rows, seed: 9);
        float[] actual = Run(net.ToInt8Predictor(), x);
        var expected = new float[actual.Length];
        dequantized.PredictBatch(x, expected);
        for (int k = 0; k < actual.Length; k++)
            Assert.True(Math.Abs(actual[k] - expected[k]) <= InputQuantizationTolerance * (1 + Math.Abs(expected[k])), $"output {k}: {actual[k]} vs {expected[k]}");
    }

    /// <summary>A predictor per path this machine has: scalar, and the vector widths it runs.</summary>
    private static IEnumerable<Int8Predictor<TK>> AllPaths<TK>(Network<TK, float> net) where TK : struct, INetworkKernels<float> =>
        Paths().Select(path => new Int8Predictor<TK>(net.Parameters, path.Lanes, path.Scalar));

    private static IEnumerable<(int Lanes, bool Scalar)> Paths()
    {
        yield return (16, true);
        if (Int8Simd512.IsSupported) yield return (16, false);
        if (Int8Simd256.IsSupported) yield return (8, false);
    }

    private static Int8HandNet HandNet(float[][] columns, float[] biases)
    {
        var net = new Int8HandNet();
        var architecture = ArchitectureOf(net);
        var weights = net.Parameters.Slice(architecture.WeightOffset(0), architecture.WeightCount(0));
        for (int j = 0; j < columns.Length; j++)
            for (int i = 0; i < columns[j].Length; i++) weights[i * columns.Length + j] = columns[j][i];
        biases.CopyTo(net.Parameters.Slice(architecture.BiasOffset(0), biases.Length));
        return net;
    }

    private static NetworkArchitecture ArchitectureOf<TK>(Network<TK, float> net) where TK : struct, INetworkKernels<float> => default(TK).Architecture;

    private static float[] Run<TK>(Int8Predictor<TK> predictor, float[] x) where TK : struct, INetworkKernels<float> =>
        CompactPredictors.Run(predictor.PredictBatch, x, x.Length / predictor.InputSize, predictor.OutputSize);
}
