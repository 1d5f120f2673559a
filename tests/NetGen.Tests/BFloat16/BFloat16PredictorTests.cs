using System.Runtime.Intrinsics;
using NetGen.Kernels;

namespace NetGen.Tests.BFloat16;

/// <summary>
/// <see cref="BFloat16Predictor{TKernels}"/>: every vector width and the scalar path give the same bits; the result is
/// float inference on the bfloat16-rounded weights up to the order of the sums; bad input fails as in Predict; it is a
/// snapshot; it is thread-safe and allocation-free. Runs again with AVX-512 hidden (<see cref="InstructionSets.KernelTestRunner"/>).
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

    [Fact]
    public void Batch_equals_one_row_at_a_time_and_allocates_nothing()
    {
        var net = Randomized(new Bf16WideNet());
        var predictor = net.ToBFloat16Predictor();
        float[] x = Inputs(Bf16WideNet.InputSize, 9, seed: 5);
        var batch = new float[9 * Bf16WideNet.OutputSize];
        predictor.PredictBatch(x, batch);
        var one = new float[Bf16WideNet.OutputSize];
        for (int r = 0; r < 9; r++)
        {
            predictor.Predict(x.AsSpan(r * Bf16WideNet.InputSize, Bf16WideNet.InputSize), one);
            Assert.Equal(one, batch.AsSpan(r * one.Length, one.Length).ToArray());
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            predictor.Predict(x.AsSpan(0, Bf16WideNet.InputSize), one);
            predictor.PredictBatch(x, batch);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Concurrent_predictions_equal_sequential_ones()
    {
        var net = Randomized(new Bf16WideNet());
        var predictor = net.ToBFloat16Predictor();
        const int rows = 400;
        float[] x = Inputs(Bf16WideNet.InputSize, rows, seed: 6);
        var sequential = new float[rows * Bf16WideNet.OutputSize];
        predictor.PredictBatch(x, sequential);
        var parallel = new float[sequential.Length];
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = 4 }, r =>
            predictor.Predict(x.AsSpan(r * Bf16WideNet.InputSize, Bf16WideNet.InputSize), parallel.AsSpan(r * Bf16WideNet.OutputSize, Bf16WideNet.OutputSize)));
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Is_a_snapshot_of_the_parameters()
    {
        var net = (Bf16TinyNet)Randomized(new Bf16TinyNet());
        var predictor = net.ToBFloat16Predictor();
        float[] x = Inputs(Bf16TinyNet.InputSize, 8, seed: 7);
        var before = new float[8 * Bf16TinyNet.OutputSize];
        predictor.PredictBatch(x, before);
        net.InitializeParameters(seed: 99);
        for (int i = 0; i < 5; i++) net.TrainStep(x.AsSpan(0, Bf16TinyNet.InputSize), [0.5f, -0.5f]);
        var after = new float[before.Length];
        predictor.PredictBatch(x, after);
        Assert.Equal(before, after);
        var fresh = new float[before.Length];
        net.ToBFloat16Predictor().PredictBatch(x, fresh);
        Assert.NotEqual(before, fresh);
    }

    [Fact]
    public void Bad_input_fails_as_Predict_does()
    {
        var net = Randomized(new Bf16WideNet());
        var predictor = net.ToBFloat16Predictor();
        int n = Bf16WideNet.InputSize, m = Bf16WideNet.OutputSize;
        var nan = new float[n];
        nan[3] = float.NaN;
        var infinite = new float[2 * n];
        infinite[n + 1] = float.NegativeInfinity;
        SameFailure(() => net.Predict(new float[n - 1], new float[m]), () => predictor.Predict(new float[n - 1], new float[m]));
        SameFailure(() => net.Predict(new float[n], new float[m + 1]), () => predictor.Predict(new float[n], new float[m + 1]));
        SameFailure(() => net.Predict(nan, new float[m]), () => predictor.Predict(nan, new float[m]));
        SameFailure(() => net.PredictBatch(new float[2 * n + 1], new float[2 * m]), () => predictor.PredictBatch(new float[2 * n + 1], new float[2 * m]));
        SameFailure(() => net.PredictBatch(new float[2 * n], new float[3 * m]), () => predictor.PredictBatch(new float[2 * n], new float[3 * m]));
        SameFailure(() => net.PredictBatch(infinite, new float[2 * m]), () => predictor.PredictBatch(infinite, new float[2 * m]));
        // An overflowing output fails the same way too (weights 1, so five inputs of 3e38 overflow the first layer).
        var tiny = new Bf16TinyNet();
        tiny.Parameters.Fill(1f);
        var huge = Enumerable.Repeat(3e38f, Bf16TinyNet.InputSize).ToArray();
        SameFailure(() => tiny.Predict(huge, new float[2]), () => tiny.ToBFloat16Predictor().Predict(huge, new float[2]));
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

    private static float[] Run<TK>(BFloat16Predictor<TK> predictor, float[] x, int rows) where TK : struct, INetworkKernels<float>
    {
        var output = new float[rows * predictor.OutputSize];
        predictor.PredictBatch(x, output);
        return output;
    }

    private static void SameFailure(Action expected, Action actual)
    {
        var want = Record.Exception(expected);
        var got = Record.Exception(actual);
        Assert.NotNull(want);
        Assert.NotNull(got);
        Assert.Equal(want.GetType(), got.GetType());
        Assert.Equal(want.Message, got.Message);
    }

    /// <summary>Random weights, biases and PReLU slopes (not just the initializer's, whose biases are zero).</summary>
    private static Network<TK, float> Randomized<TK>(Network<TK, float> net) where TK : struct, INetworkKernels<float>
    {
        var architecture = default(TK).Architecture;
        var random = new DeterministicRandom(21);
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            double scale = 1.5 / Math.Sqrt(architecture.FanIn(l));
            var weights = net.Parameters.Slice(architecture.WeightOffset(l), architecture.WeightCount(l));
            for (int k = 0; k < weights.Length; k++) weights[k] = (float)random.NextUniform(-scale, scale);
            int size = architecture.Layers[l].Size;
            if (architecture.BiasOffset(l) >= 0)
                foreach (ref float b in net.Parameters.Slice(architecture.BiasOffset(l), size)) b = (float)random.NextUniform(-0.5, 0.5);
            if (architecture.SlopeOffset(l) >= 0)
                foreach (ref float s in net.Parameters.Slice(architecture.SlopeOffset(l), size)) s = (float)random.NextUniform(0, 0.5);
        }
        return net;
    }

    private static float[] Inputs(int size, int rows, int seed)
    {
        var random = new DeterministicRandom(seed);
        var x = new float[size * rows];
        for (int k = 0; k < x.Length; k++) x[k] = (float)random.NextUniform(-1, 1);
        return x;
    }
}
