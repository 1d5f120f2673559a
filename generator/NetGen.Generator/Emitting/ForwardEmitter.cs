using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Elementwise;

namespace NetGen.Generator.Emitting;

/// <summary>Emits one <c>ForwardLayerN</c> method per layer: z = Wᵀx + b, a = f(z).</summary>
internal static class ForwardEmitter
{
    public static void Emit(SourceWriter w, NetworkLayout net) => Emit(w, net, ParameterSource.Buffer);

    /// <summary>
    /// Emits the layers reading parameters from <paramref name="parameters"/>: the trainable buffer <c>p</c>, or
    /// compiled-in literals for baked inference. Both run the same operations in the same order.
    /// </summary>
    public static void Emit(SourceWriter w, NetworkLayout net, ParameterSource parameters)
    {
        foreach (var layer in net.Layers) EmitLayer(w, net, layer, parameters);
    }

    /// <summary>The calls that run the forward pass over the z/a spans named <c>z1, a1, ...</c>.</summary>
    public static void EmitCalls(SourceWriter w, NetworkLayout net, string input, string output, bool fromBuffer = true)
    {
        foreach (var layer in net.Layers)
        {
            string x = layer.Number == 1 ? input : $"a{layer.Number - 1}";
            string a = layer == net.Output && output is not null ? output : $"a{layer.Number}";
            w.Line($"ForwardLayer{layer.Number}({(fromBuffer ? "p, " : "")}{x}, z{layer.Number}, {a});");
        }
    }

    /// <summary>Declares <c>z1, a1, z2, ...</c> over an inference scratch span (the output layer's a is the caller's output).</summary>
    public static void EmitScratchSpans(SourceWriter w, NetworkLayout net, string scratch)
    {
        int offset = 0;
        foreach (var layer in net.Layers)
        {
            w.Line($"var z{layer.Number} = {scratch}.Slice({offset}, {layer.Size});");
            if (layer != net.Output) w.Line($"var a{layer.Number} = {scratch}.Slice({offset + layer.Size}, {layer.Size});");
            offset += 2 * layer.Size;
        }
    }

    public static string Describe(LayerLayout layer, NumberFormat n)
    {
        string text = $"W{layer.Number}[{layer.FanIn}x{layer.Size}] at p[{layer.WeightOffset}..{layer.WeightOffset + layer.FanIn * layer.Size})";
        if (layer.BiasOffset >= 0) text += $", b{layer.Number}[{layer.Size}] at p[{layer.BiasOffset}..{layer.BiasOffset + layer.Size})";
        if (layer.SlopeOffset >= 0) text += $", slope{layer.Number}[{layer.Size}] at p[{layer.SlopeOffset}..{layer.SlopeOffset + layer.Size})";
        return text;
    }

    private static void EmitLayer(SourceWriter w, NetworkLayout net, LayerLayout layer, ParameterSource parameters)
    {
        var n = net.Number;
        string T = net.T;
        w.Line($"// Layer {layer.Number}: dense {layer.FanIn} -> {layer.Size}, {layer.Spec.Activation}{(layer.IsUnrolled ? "" : " (vectorized)")}. {Describe(layer, n)}.");
        string p = parameters.IsBuffer ? $"global::System.ReadOnlySpan<{T}> p, " : "";
        using (w.Block($"private static void ForwardLayer{layer.Number}({p}global::System.ReadOnlySpan<{T}> x, global::System.Span<{T}> z, global::System.Span<{T}> a)"))
        {
            if (layer.IsUnrolled) EmitUnrolledAffine(w, layer, n, parameters);
            else EmitVectorizedAffine(w, layer, parameters);
            EmitActivation(w, layer, n, parameters);
        }
        w.Line();
    }

    private static void EmitUnrolledAffine(SourceWriter w, LayerLayout layer, NumberFormat n, ParameterSource p)
    {
        for (int j = 0; j < layer.Size; j++)
        {
            // Same order as the vectorized kernel (bias first, then inputs in order) so both give the same bits.
            var terms = Enumerable.Range(0, layer.FanIn).Select(i => $"x[{i}] * {p.At(layer.Weight(i, j), n)}");
            string start = layer.BiasOffset >= 0 ? p.At(layer.BiasOffset + j, n) : n.Literal(0);
            w.Line($"z[{j}] = {start} + {string.Join(" + ", terms)};");
        }
    }

    private static void EmitVectorizedAffine(SourceWriter w, LayerLayout layer, ParameterSource p)
    {
        w.Line("// z = b, then z += x[i] * W[i, :] for each input: input-major rows are contiguous, so this is an axpy per input.");
        w.Line(layer.BiasOffset >= 0 ? $"{p.Slice(layer.BiasOffset.ToString(), layer.Size)}.CopyTo(z);" : "z.Clear();");
        w.Line($"for (int i = 0; i < {layer.FanIn}; i++)");
        w.Line($"    global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd({p.Slice($"{layer.WeightOffset} + i * {layer.Size}", layer.Size)}, x[i], z, z);");
    }

    private static void EmitActivation(SourceWriter w, LayerLayout layer, NumberFormat n, ParameterSource p)
    {
        var activation = layer.Spec.Activation;
        if (activation == ActivationKind.Softmax)
        {
            EmitSoftmax(w, layer, n);
            return;
        }
        ForEach(w, layer.Size, layer.IsUnrolled, j =>
            $"a[{j}] = {MathTable.Value(activation, $"z[{j}]", SlopeOf(layer, j, n, p), n)};");
    }

    private static void EmitSoftmax(SourceWriter w, LayerLayout layer, NumberFormat n)
    {
        w.Line("// softmax, shifted by the largest z so Exp cannot overflow");
        w.Line($"{n.Type} max = z[0];");
        if (layer.IsUnrolled)
            for (int j = 1; j < layer.Size; j++) w.Line($"if (z[{j}] > max) max = z[{j}];");
        else
            w.Line($"for (int j = 1; j < {layer.Size}; j++) if (z[j] > max) max = z[j];");
        w.Line($"{n.Type} sum = {n.Literal(0)};");
        ForEach(w, layer.Size, layer.IsUnrolled, j => $"sum += a[{j}] = {n.Math}.Exp(z[{j}] - max);");
        ForEach(w, layer.Size, layer.IsUnrolled, j => $"a[{j}] /= sum;");
    }

    /// <summary>The slope operand: a literal for LeakyReLU, the learned parameter for PReLU.</summary>
    public static string SlopeOf(LayerLayout layer, string j, NumberFormat n, ParameterSource? p = null)
    {
        if (layer.SlopeOffset < 0) return n.Literal(layer.Spec.Slope);
        p ??= ParameterSource.Buffer;
        return int.TryParse(j, out int literal) ? p.At(layer.SlopeOffset + literal, n) : $"{p.Name}[{At(layer.SlopeOffset, j)}]";
    }
}
