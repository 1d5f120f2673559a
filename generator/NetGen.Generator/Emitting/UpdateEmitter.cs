namespace NetGen.Generator.Emitting;

/// <summary>Emits plain gradient descent, θ ← θ − α g, over the whole parameter buffer.</summary>
internal static class UpdateEmitter
{
    private const int UnrollLimit = 64;

    public static void Emit(SourceWriter w, NetworkLayout net)
    {
        w.Line("// θ ← θ − α g for every parameter (the course's update rule).");
        using (w.Block($"private void ApplyGradientsUnchecked({net.T} learningRate)"))
        {
            if (net.ParameterCount <= UnrollLimit)
            {
                w.Line($"global::System.Span<{net.T}> p = _parameters;");
                w.Line($"global::System.ReadOnlySpan<{net.T}> g = _gradients;");
                for (int k = 0; k < net.ParameterCount; k++) w.Line($"p[{k}] -= learningRate * g[{k}];");
            }
            else
            {
                w.Line("// (−α)·g + θ rounds exactly like θ − α·g; the vectorized form is just faster.");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_gradients, -learningRate, _parameters, _parameters);");
            }
        }
        w.Line();
    }
}
