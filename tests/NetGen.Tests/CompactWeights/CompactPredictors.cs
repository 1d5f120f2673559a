namespace NetGen.Tests.CompactWeights;

/// <summary>The compact-weight predictors, as test parameters.</summary>
public enum WeightFormat
{
    BFloat16,
    Int8,
}

internal delegate void PredictRows(ReadOnlySpan<float> inputs, Span<float> outputs);

/// <summary>A predictor of either format, seen through its two entry points.</summary>
internal sealed record CompactPredictor(PredictRows Predict, PredictRows PredictBatch);

/// <summary>What the compact-weight predictor tests share: making a predictor of a format, random networks and inputs, failures.</summary>
internal static class CompactPredictors
{
    public static CompactPredictor Make<TK>(Network<TK, float> net, WeightFormat format) where TK : struct, INetworkKernels<float>
    {
        switch (format)
        {
            case WeightFormat.BFloat16:
                var bf16 = net.ToBFloat16Predictor();
                return new CompactPredictor(bf16.Predict, bf16.PredictBatch);
            default:
                var int8 = net.ToInt8Predictor();
                return new CompactPredictor(int8.Predict, int8.PredictBatch);
        }
    }

    public static float[] Run(PredictRows predictBatch, float[] x, int rows, int outputSize)
    {
        var output = new float[rows * outputSize];
        predictBatch(x, output);
        return output;
    }

    public static void SameFailure(Action expected, Action actual)
    {
        var want = Record.Exception(expected);
        var got = Record.Exception(actual);
        Assert.NotNull(want);
        Assert.NotNull(got);
        Assert.Equal(want.GetType(), got.GetType());
        Assert.Equal(want.Message, got.Message);
    }

    /// <summary>Random weights, biases and PReLU slopes (not just the initializer's, whose biases are zero).</summary>
    public static Network<TK, float> Randomized<TK>(Network<TK, float> net) where TK : struct, INetworkKernels<float>
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

    public static float[] Inputs(int size, int rows, int seed)
    {
        var random = new DeterministicRandom(seed);
        var x = new float[size * rows];
        for (int k = 0; k < x.Length; k++) x[k] = (float)random.NextUniform(-1, 1);
        return x;
    }
}
