using static NetGen.Tests.CompactWeights.CompactPredictors;

namespace NetGen.Tests.CompactWeights;

/// <summary>
/// What every compact-weight predictor promises (<see cref="BFloat16Predictor{TKernels}"/>, <see cref="Int8Predictor{TKernels}"/>):
/// batches equal rows, no allocation, thread safety, snapshot semantics, and bad input failing as <c>Predict</c> does.
/// </summary>
public sealed class CompactPredictorTests
{
    [Theory]
    [InlineData(WeightFormat.BFloat16)]
    [InlineData(WeightFormat.Int8)]
    public void Batch_equals_one_row_at_a_time_and_allocates_nothing(WeightFormat format)
    {
        var predictor = Make(Randomized(new Bf16WideNet()), format);
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

    [Theory]
    [InlineData(WeightFormat.BFloat16)]
    [InlineData(WeightFormat.Int8)]
    public void Concurrent_predictions_equal_sequential_ones(WeightFormat format)
    {
        var predictor = Make(Randomized(new Bf16WideNet()), format);
        const int rows = 400;
        float[] x = Inputs(Bf16WideNet.InputSize, rows, seed: 6);
        var sequential = Run(predictor.PredictBatch, x, rows, Bf16WideNet.OutputSize);
        var parallel = new float[sequential.Length];
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = 4 }, r =>
            predictor.Predict(x.AsSpan(r * Bf16WideNet.InputSize, Bf16WideNet.InputSize), parallel.AsSpan(r * Bf16WideNet.OutputSize, Bf16WideNet.OutputSize)));
        Assert.Equal(sequential, parallel);
    }

    [Theory]
    [InlineData(WeightFormat.BFloat16)]
    [InlineData(WeightFormat.Int8)]
    public void Is_a_snapshot_of_the_parameters(WeightFormat format)
    {
        var net = (Bf16TinyNet)Randomized(new Bf16TinyNet());
        var predictor = Make(net, format);
        float[] x = Inputs(Bf16TinyNet.InputSize, 8, seed: 7);
        var before = Run(predictor.PredictBatch, x, 8, Bf16TinyNet.OutputSize);
        net.InitializeParameters(seed: 99);
        for (int i = 0; i < 5; i++) net.TrainStep(x.AsSpan(0, Bf16TinyNet.InputSize), [0.5f, -0.5f]);
        Assert.Equal(before, Run(predictor.PredictBatch, x, 8, Bf16TinyNet.OutputSize));
        Assert.NotEqual(before, Run(Make(net, format).PredictBatch, x, 8, Bf16TinyNet.OutputSize));
    }

    [Theory]
    [InlineData(WeightFormat.BFloat16)]
    [InlineData(WeightFormat.Int8)]
    public void Bad_input_fails_as_Predict_does(WeightFormat format)
    {
        var net = Randomized(new Bf16WideNet());
        var predictor = Make(net, format);
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
        SameFailure(() => tiny.Predict(huge, new float[2]), () => Make(tiny, format).Predict(huge, new float[2]));
    }
}
