using System.Globalization;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Aliases;

namespace NetGen.Generator.Emitting;

/// <summary>Emits one <c>ForwardLayerN</c> method per layer (one sample): z = Wᵀx + b, a = f(z).</summary>
internal static class ForwardEmitter
{
    private const string Fma = FastMath + ".FusedMultiplyAdd";

    /// <summary>
    /// Emits the layers reading parameters from <paramref name="parameters"/>: the trainable buffer <c>p</c>, or
    /// compiled-in literals for baked inference. Both run the same operations in the same order.
    /// </summary>
    public static void Emit(SourceWriter w, NetworkPlan net, ParameterSource parameters)
    {
        foreach (var layer in net.Layers) EmitLayer(w, net, layer, parameters);
    }

    /// <summary>The calls that run the forward pass over the z/a spans named <c>z1, a1, ...</c>.</summary>
    public static void EmitCalls(SourceWriter w, NetworkPlan net, string input, string? output, bool fromBuffer = true) =>
        w.Statements(net.Layers.Select(layer =>
        {
            string x = layer.Number == 1 ? input : $"a{layer.Number - 1}";
            string a = layer == net.Output && output is not null ? output : $"a{layer.Number}";
            return $"ForwardLayer{layer.Number}({(fromBuffer ? "p, " : "")}{x}, z{layer.Number}, {a});";
        }));

    /// <summary>Declares <c>z1, a1, z2, ...</c> over an inference scratch span (the output layer's a is the caller's output).</summary>
    public static void EmitScratchSpans(SourceWriter w, NetworkPlan net, string scratch) =>
        w.Statements(net.Layers.SelectMany(layer =>
        {
            var spans = new[] { $"var z{layer.Number} = {scratch}.Slice({layer.ScratchOffset}, {layer.Size});" };
            return layer == net.Output ? spans : spans.Concat(new[] { $"var a{layer.Number} = {scratch}.Slice({layer.ScratchOffset + layer.Size}, {layer.Size});" });
        }));

    public static string Describe(LayerPlan layer)
    {
        string text = $"W{layer.Number}[{layer.FanIn}x{layer.Size}] at p[{layer.WeightOffset}..{layer.WeightOffset + layer.WeightCount})";
        if (layer.BiasOffset >= 0) text += $", b{layer.Number}[{layer.Size}] at p[{layer.BiasOffset}..{layer.BiasOffset + layer.Size})";
        if (layer.SlopeOffset >= 0) text += $", slope{layer.Number}[{layer.Size}] at p[{layer.SlopeOffset}..{layer.SlopeOffset + layer.Size})";
        return text;
    }

    private static void EmitLayer(SourceWriter w, NetworkPlan net, LayerPlan layer, ParameterSource parameters)
    {
        var n = net.Number;
        string p = parameters.IsBuffer ? $"{ReadOnlySpan} p, " : "";
        string signature = $"{p}{ReadOnlySpan} x, {Span} z, {Span} a";
        bool split = layer.ForwardPartSize > 0;
        w.Line($"// Layer {layer.Number}: dense {layer.FanIn} -> {layer.Size}, {layer.Activation}{(layer.IsUnrolled ? "" : " (vectorized)")}. {Describe(layer)}.");
        if (layer.Inline) w.Line(AggressiveInlining);
        else if (!layer.IsUnrolled) w.Line(AggressiveOptimization);
        using (w.Block($"private static void ForwardLayer{layer.Number}({signature})"))
        {
            if (split)
            {
                w.Line($"// {layer.WeightCount} multiply-adds: split into methods of at most {layer.ForwardPartSize} neurons so each stays optimizable.");
                for (int j0 = 0, part = 0; j0 < layer.Size; j0 += layer.ForwardPartSize, part++)
                    w.Line($"ForwardLayer{layer.Number}Part{part}({(parameters.IsBuffer ? "p, " : "")}x, z, a);");
                if (MathTable.IsRowWise(layer.Activation)) EmitActivation(w, layer, n, parameters);
            }
            else if (layer.IsUnrolled)
            {
                // f(z) starts from the sums still in their locals (see KernelEmitter.EmitActivationVectors), not from z
                // stored and loaded back: a load of a value just stored waits for it, on the step's dependency chain.
                string? locals = MathTable.IsRowWise(layer.Activation) ? null : "z";
                EmitUnrolledAffine(w, layer, n, parameters, 0, layer.Size, locals);
                EmitActivation(w, layer, n, parameters, locals: locals);
            }
            else
            {
                KernelEmitter.EmitForward(w, layer, n, parameters, b =>
                {
                    // Without SIMD: the scalar form of the kernel lanes (same fused multiply-adds in the same order).
                    string bias = layer.BiasOffset >= 0 ? $"{parameters.Name}[{layer.BiasOffset} + j]" : n.Literal(0);
                    b.Line($"for (int j = 0; j < {layer.Size}; j++)");
                    b.Line($"    {{ var s = {bias}; for (int i = 0; i < {layer.FanIn}; i++) s = {Fma}(x[i], {parameters.Name}[{layer.WeightOffset} + i * {layer.Size} + j], s); z[j] = s; }}");
                    if (layer.ActivationInKernel) EmitActivation(b, layer, n, parameters, scalarOnly: true);
                });
                if (!layer.ActivationInKernel) EmitActivation(w, layer, n, parameters);
            }
        }
        w.Line();
        if (!split) return;
        for (int j0 = 0, part = 0; j0 < layer.Size; j0 += layer.ForwardPartSize, part++)
        {
            int j1 = System.Math.Min(layer.Size, j0 + layer.ForwardPartSize);
            using (w.Block($"private static void ForwardLayer{layer.Number}Part{part}({signature})"))
            {
                EmitUnrolledAffine(w, layer, n, parameters, j0, j1);
                if (!MathTable.IsRowWise(layer.Activation))
                    w.Statements(Enumerable.Range(j0, j1 - j0).Select(j => j.ToString(CultureInfo.InvariantCulture))
                        .Select(j => $"a[{j}] = {MathTable.Value(layer.Activation, $"z[{j}]", SlopeOf(layer, j, n, parameters), n)};"));
            }
            w.Line();
        }
    }

    /// <param name="locals">Keep each sum in its own local <c>{locals}j</c> (read again by the activation) instead of one <c>s</c>.</param>
    private static void EmitUnrolledAffine(SourceWriter w, LayerPlan layer, NumberFormat n, ParameterSource p, int from, int to, string? locals = null)
    {
        // Same operations as the vectorized kernels' lanes: s = b, then s = fma(x[i], W[i, j], s) for the inputs in
        // order, so an unrolled and a vectorized layer with the same parameters give the same bits.
        w.Line($"_ = x[{layer.FanIn - 1}]; _ = z[{to - 1}];{(p.IsBuffer ? $" _ = p[{layer.End - 1}];" : "")} // one bounds check each: the constant indices below are then in range");
        if (locals is null) w.Line($"{n.Type} s;");
        for (int j = from; j < to; j++)
        {
            string start = layer.BiasOffset >= 0 ? p.At(layer.BiasOffset + j, n) : n.Literal(0);
            string s = locals is null ? "s" : $"{locals}{j}";
            w.Statements(new[] { locals is null ? $"s = {start};" : $"var {s} = {start};" }
                .Concat(Enumerable.Range(0, layer.FanIn).Select(i => $"{s} = {Fma}(x[{i}], {p.At(layer.Weight(i, j), n)}, {s});"))
                .Concat(new[] { $"z[{j}] = {s};" }));
        }
    }

    /// <summary>a = f(z) for one sample: a row operation (softmax), FastMath on whole vectors, or the table's scalar form.</summary>
    private static void EmitActivation(SourceWriter w, LayerPlan layer, NumberFormat n, ParameterSource p, bool scalarOnly = false, string? locals = null)
    {
        if (MathTable.IsRowWise(layer.Activation))
            w.Line($"{Layers}.Softmax<{n.Type}>(z, a, {layer.Size});");
        else if (layer.ActivationOnVectors && !scalarOnly)
            KernelEmitter.EmitActivationVectors(w, layer, n, MathTable.FastMathFunction(layer.Activation)!, locals);
        else
            Elements.Sample(layer.Size, layer.IsUnrolled).Each(w, (o, j) =>
                $"a[{o}] = {MathTable.Value(layer.Activation, locals is null ? $"z[{o}]" : $"{locals}{o}", SlopeOf(layer, j, n, p), n)};");
    }

    /// <summary>The slope operand: a literal for LeakyReLU, the learned parameter for PReLU.</summary>
    public static string SlopeOf(LayerPlan layer, string j, NumberFormat n, ParameterSource? p = null)
    {
        if (layer.SlopeOffset < 0) return n.Literal(layer.Spec.Slope);
        p ??= ParameterSource.Buffer;
        return int.TryParse(j, out int literal) ? p.At(layer.SlopeOffset + literal, n) : $"{p.Name}[{Elements.At(layer.SlopeOffset, j)}]";
    }
}
