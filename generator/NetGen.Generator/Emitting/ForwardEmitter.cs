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

    /// <summary>
    /// Unrolled layers with more multiply-adds than this are split into several methods (by blocks of neurons):
    /// the JIT stops optimizing a method at about 2,000 terms (~20,000 IL instructions).
    /// </summary>
    public const int SplitBudget = 1500;

    /// <summary>From this size on, tanh, sigmoid and softmax's exp run as FastMath vectors (below, scalar FastMath).</summary>
    public const int SpanActivationMin = 4;

    /// <summary>Small unrolled layers are inlined into their caller, so a tiny network's pass is one method.</summary>
    public static bool IsSmall(LayerLayout layer) => layer.IsUnrolled && layer.FanIn * layer.Size <= 64;

    public const string AggressiveInlining = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    private static void EmitLayer(SourceWriter w, NetworkLayout net, LayerLayout layer, ParameterSource parameters)
    {
        var n = net.Number;
        string T = net.T;
        w.Line($"// Layer {layer.Number}: dense {layer.FanIn} -> {layer.Size}, {layer.Spec.Activation}{(layer.IsUnrolled ? "" : " (vectorized)")}. {Describe(layer, n)}.");
        string p = parameters.IsBuffer ? $"global::System.ReadOnlySpan<{T}> p, " : "";
        string signature = $"{p}global::System.ReadOnlySpan<{T}> x, global::System.Span<{T}> z, global::System.Span<{T}> a";
        bool softmax = layer.Spec.Activation == ActivationKind.Softmax;
        int chunk = System.Math.Max(1, SplitBudget / System.Math.Max(1, layer.FanIn));
        bool split = layer.IsUnrolled && layer.FanIn * layer.Size > SplitBudget;
        if (IsSmall(layer)) w.Line(AggressiveInlining);
        using (w.Block($"private static void ForwardLayer{layer.Number}({signature})"))
        {
            if (split)
            {
                w.Line($"// {layer.FanIn * layer.Size} multiply-adds: split into methods of at most {chunk} neurons so each stays optimizable.");
                for (int j0 = 0, part = 0; j0 < layer.Size; j0 += chunk, part++)
                    w.Line($"ForwardLayer{layer.Number}Part{part}({(parameters.IsBuffer ? "p, " : "")}x, z, a);");
                if (softmax) EmitSoftmax(w, layer, n);
            }
            else if (layer.IsUnrolled)
            {
                EmitUnrolledAffine(w, layer, n, parameters, 0, layer.Size);
                EmitActivation(w, layer, n, parameters);
            }
            else
            {
                bool fused = KernelEmitter.FusesActivation(layer.Spec.Activation);
                KernelEmitter.EmitForward(w, layer, n, parameters, () =>
                {
                    EmitVectorizedAffine(w, layer, n, parameters);
                    if (fused) EmitActivation(w, layer, n, parameters);
                });
                if (!fused) EmitActivation(w, layer, n, parameters);
            }
        }
        w.Line();
        if (!split) return;
        for (int j0 = 0, part = 0; j0 < layer.Size; j0 += chunk, part++)
        {
            int j1 = System.Math.Min(layer.Size, j0 + chunk);
            using (w.Block($"private static void ForwardLayer{layer.Number}Part{part}({signature})"))
            {
                EmitUnrolledAffine(w, layer, n, parameters, j0, j1);
                if (!softmax)
                    for (int j = j0; j < j1; j++)
                        w.Line($"a[{j}] = {MathTable.Value(layer.Spec.Activation, $"z[{j}]", SlopeOf(layer, j.ToString(System.Globalization.CultureInfo.InvariantCulture), n, parameters), n)};");
            }
            w.Line();
        }
    }

    private static void EmitUnrolledAffine(SourceWriter w, LayerLayout layer, NumberFormat n, ParameterSource p, int from, int to)
    {
        // Same operations as the vectorized kernels' lanes: s = b, then s = fma(x[i], W[i, j], s) for the inputs in
        // order, so an unrolled and a vectorized layer with the same parameters give the same bits.
        w.Line($"_ = x[{layer.FanIn - 1}]; _ = z[{to - 1}]; // one bounds check each: the constant indices below are then known in range");
        if (p.IsBuffer) w.Line($"_ = p[{layer.End - 1}];");
        w.Line($"{n.Type} s;");
        for (int j = from; j < to; j++)
        {
            var terms = Enumerable.Range(0, layer.FanIn).Select(i => $"s = {Fma}(x[{i}], {p.At(layer.Weight(i, j), n)}, s);");
            string start = layer.BiasOffset >= 0 ? p.At(layer.BiasOffset + j, n) : n.Literal(0);
            w.Line($"s = {start}; {string.Join(" ", terms)} z[{j}] = s;");
        }
    }

    private const string Fma = "global::NetGen.Numerics.FastMath.FusedMultiplyAdd";

    private static void EmitVectorizedAffine(SourceWriter w, LayerLayout layer, NumberFormat n, ParameterSource p)
    {
        // Without SIMD: the scalar form of the kernel lanes (same fused multiply-adds in the same order).
        w.Line($"for (int j = 0; j < {layer.Size}; j++)");
        using (w.Block(""))
        {
            w.Line($"{n.Type} s = {(layer.BiasOffset >= 0 ? $"{p.Name}[{layer.BiasOffset} + j]" : n.Literal(0))};");
            w.Line($"for (int i = 0; i < {layer.FanIn}; i++) s = {Fma}(x[i], {p.Name}[{layer.WeightOffset} + i * {layer.Size} + j], s);");
            w.Line("z[j] = s;");
        }
    }

    private static void EmitActivation(SourceWriter w, LayerLayout layer, NumberFormat n, ParameterSource p)
    {
        var activation = layer.Spec.Activation;
        if (activation == ActivationKind.Softmax)
        {
            EmitSoftmax(w, layer, n);
            return;
        }
        if (activation is ActivationKind.Tanh or ActivationKind.Sigmoid && layer.Size >= SpanActivationMin)
        {
            // FastMath's vector forms on whole vectors (bit-identical to its scalar form).
            KernelEmitter.EmitActivationVectors(w, n, layer.Size, activation.ToString(), "z", "a", null);
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
        if (layer.Size >= SpanActivationMin)
        {
            // e^(z - max) by FastMath's vector forms on whole vectors, bit-identical to its scalar form.
            KernelEmitter.EmitActivationVectors(w, n, layer.Size, "Exp", "z", "a", "max");
            ForEach(w, layer.Size, layer.IsUnrolled, j => $"sum += a[{j}];");
        }
        else ForEach(w, layer.Size, layer.IsUnrolled, j => $"sum += a[{j}] = global::NetGen.Numerics.FastMath.Exp(z[{j}] - max);");
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
