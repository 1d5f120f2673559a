using System.Linq;
using static NetGen.Generator.Aliases;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Emits the batched kernels: one <c>BatchForwardLayerN</c> and <c>BatchBackwardLayerN</c> per layer over a whole
/// mini-batch, one matrix kernel (<c>MatrixKernels</c>, called with literal sizes) per product. Rows are samples;
/// every buffer is row-major <c>[count × size]</c>: Z = X·W + b, A = f(Z), Δ = f'(Z) ⊙ ∂C/∂A (per row for softmax),
/// ∂W (+)= Xᵀ·Δ, ∂b (+)= Σ_r Δ[r,:], ∂X = Δ·Wᵀ. The per-element formulas come from <see cref="MathTable"/> through
/// the same <see cref="DeltaEmitter"/> as the single-sample path, and every sum runs in the single-sample order, so
/// one row gives the per-sample bits. Parameters are only read and the gradient and workspace are the caller's.
/// <para>
/// Every layer's kernels take a range of its neurons <c>[from, to)</c> (columns of Z, A, Δ, W and b; rows of W for
/// ∂X), so threads can share a layer by neurons (the runtime's neuron-split step); the whole-layer calls pass the
/// whole range, so there is one copy of each kernel. Each element gets the same operations in the same order
/// whatever range it is computed in: any split gives the unsplit bits. A row-wise (softmax) layer takes the whole
/// range only. <c>BatchForwardRange</c>, <c>BatchDeltaRange</c> and <c>BatchInputGradientRange</c> reach them by layer index.
/// </para>
/// </summary>
internal static class BatchEmitter
{
    /// <summary>The calls of <c>BackpropagateBatch</c> after the workspace spans are declared.</summary>
    public static void EmitBackpropagateCalls(SourceWriter w, NetworkPlan net)
    {
        var n = net.Number;
        var output = net.Output;
        int m = output.Size, L = output.Number;
        w.Statements(net.Layers.Select(layer => $"BatchForwardLayer{layer.Number}(p, {X(layer)}, z{layer.Number}, a{layer.Number}, count, 0, {layer.Size});"));
        w.Line($"var scratch = ws.Slice(count * {net.WorkspaceSize});");
        w.Statements(net.Layers.Reverse().Select(layer =>
        {
            int k = layer.Number;
            string delta = $"BatchDeltaLayer{k}(p, g, {X(layer)}, z{k}, a{k}, da{k}, y, d{k}, count, 0, {layer.Size}, accumulate);";
            return k == 1 ? delta : $"{delta} BatchInputGradientLayer{k}(p, d{k}, da{k - 1}, scratch, count, 0, {layer.FanIn});";
        }));
        // The backward pass reads the output layer's z and a but never writes them: the loss can come last.
        w.Line($"return BatchLossRows(z{L}, a{L}, y, count);");
    }

    /// <summary>The summed loss of <c>count</c> output rows, row after row (the order of the per-sample losses).</summary>
    private static void EmitBatchLoss(SourceWriter w, NetworkPlan net)
    {
        var n = net.Number;
        int m = net.Output.Size;
        w.Line(AggressiveOptimization);
        using (w.Block($"private static {n.Type} BatchLossRows({ReadOnlySpan} z, {ReadOnlySpan} a, {ReadOnlySpan} y, int count)"))
        {
            w.Line($"{n.Type} loss = {n.Literal(0)};");
            w.Line($"for (int r = 0; r < count; r++)");
            w.Line($"    loss += {BackwardEmitter.TrainingLoss(net, $"z.Slice(r * {m}, {m})", $"a.Slice(r * {m}, {m})", $"y.Slice(r * {m}, {m})")};");
            w.Line("return loss;");
        }
        w.Line();
    }

    private static string X(LayerPlan layer) => layer.Number == 1 ? "x" : $"a{layer.Number - 1}";

    public static void Emit(SourceWriter w, NetworkPlan net)
    {
        EmitBatchLoss(w, net);
        foreach (var layer in net.Layers) EmitForward(w, net, layer);
        for (int l = net.Layers.Count - 1; l >= 0; l--)
        {
            EmitDelta(w, net, net.Layers[l]);
            if (net.Layers[l].Number > 1) EmitInputGradient(w, net, net.Layers[l]);
        }
    }

    /// <summary>The interface's per-layer range entry points: a switch on the layer index (0-based) to the layer's kernel.</summary>
    public static void EmitRangeEntryPoints(SourceWriter w, NetworkPlan net)
    {
        var n = net.Number;
        void Switch(System.Collections.Generic.IEnumerable<LayerPlan> layers, System.Func<LayerPlan, string> call)
        {
            w.Line("switch (layer)");
            w.Line("{");
            foreach (var layer in layers) w.Line($"    case {layer.Number - 1}: {call(layer)} break;");
            w.Line("    default: throw new global::System.ArgumentOutOfRangeException(nameof(layer), layer, \"No such layer.\");");
            w.Line("}");
        }
        w.Line("/// <inheritdoc />");
        using (w.Block($"public void BatchForwardRange(int layer, {ReadOnlySpan} p, {ReadOnlySpan} x, {Span} z, {Span} a, int count, int from, int to)"))
            Switch(net.Layers, l => $"BatchForwardLayer{l.Number}(p, x, z, a, count, from, to);");
        w.Line();
        w.Line("/// <inheritdoc />");
        using (w.Block($"public void BatchDeltaRange(int layer, {ReadOnlySpan} p, {Span} g, {ReadOnlySpan} x, {ReadOnlySpan} z, {ReadOnlySpan} a, {Span} da, " +
                       $"{ReadOnlySpan} y, {Span} d, int count, int from, int to, bool accumulate)"))
            Switch(net.Layers, l => $"BatchDeltaLayer{l.Number}(p, g, x, z, a, da, y, d, count, from, to, accumulate);");
        w.Line();
        w.Line("/// <inheritdoc />");
        using (w.Block($"public void BatchInputGradientRange(int layer, {ReadOnlySpan} p, {ReadOnlySpan} d, {Span} dx, {Span} scratch, int count, int from, int to)"))
            Switch(net.Layers.Where(l => l.Number > 1), l => $"BatchInputGradientLayer{l.Number}(p, d, dx, scratch, count, from, to);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public {n.Type} BatchLoss({ReadOnlySpan} z, {ReadOnlySpan} a, {ReadOnlySpan} y, int count) => BatchLossRows(z, a, y, count);");
        w.Line();
    }

    private static void EmitForward(SourceWriter w, NetworkPlan net, LayerPlan layer)
    {
        int k = layer.Number, m = layer.Size, fanIn = layer.FanIn;
        bool rowWise = MathTable.IsRowWise(layer.Activation);
        string bias = layer.BiasOffset >= 0 ? $"p.Slice({layer.BiasOffset} + from, to - from)" : "default";
        w.Line($"// Layer {k}, batched: Z[count×{m}] = X[count×{fanIn}]·W{k}[{fanIn}×{m}]{(layer.BiasOffset >= 0 ? " + b" : "")}, A = {layer.Activation}(Z), " +
               (rowWise ? "all neurons (row-wise: from = 0, to = " + m + ")." : "over neurons [from, to)."));
        w.Line(AggressiveOptimization);
        using (w.Block($"private static void BatchForwardLayer{k}({ReadOnlySpan} p, {ReadOnlySpan} x, {Span} z, {Span} a, int count, int from, int to)"))
        {
            w.Line($"{Matrix}.BroadcastRows({bias}, count, to - from, z.Slice(from), {m});");
            w.Line($"{Matrix}.MultiplyAdd(x, {fanIn}, 1, count, {fanIn}, p.Slice({Elements.At(layer.WeightOffset, "from")}, {layer.WeightCount} - from), {m}, to - from, z.Slice(from), {m}, accumulate: true);");
            w.Line($"BatchActivateLayer{k}(p, z, a, count, from, to);");
        }
        w.Line();
        EmitActivation(w, net, layer);
    }

    /// <summary>
    /// <c>BatchActivateLayerN</c>: A = f(Z) over neurons [from, to) of <c>count</c> rows (row-wise activations: all of
    /// them), PReLU slopes read from the parameters. The forward kernel and <c>ActivateRows</c> (runtime kernels with their
    /// own products, such as the bfloat16 predictor) call it.
    /// </summary>
    private static void EmitActivation(SourceWriter w, NetworkPlan net, LayerPlan layer)
    {
        var n = net.Number;
        int k = layer.Number, m = layer.Size;
        bool rowWise = MathTable.IsRowWise(layer.Activation);
        w.Line($"// Layer {k}'s activation, batched: A[count×{m}] = {layer.Activation}(Z){(rowWise ? "" : " over neurons [from, to)")}.");
        w.Line(AggressiveOptimization);
        using (w.Block($"private static void BatchActivateLayer{k}({ReadOnlySpan} p, {ReadOnlySpan} z, {Span} a, int count, int from, int to)"))
        {
            var activation = layer.Activation;
            var lanes = Lanes.Numerics(n);
            string Scalar(string o, string j) => $"a[{o}] = {MathTable.Value(activation, $"z[{o}]", ForwardEmitter.SlopeOf(layer, j, n), n)};";
            if (rowWise)
                w.Line($"{Layers}.Softmax<{n.Type}>(z, a, {m});");
            else if (MathTable.FastMathFunction(activation) is string function)
            {
                w.Line("for (int r = 0; r < count; r++)");
                w.Line($"    {FastMath}.{function}(z.Slice(r * {m} + from, to - from), a.Slice(r * {m} + from, to - from));");
            }
            else if (layer.SlopeOffset < 0 && MathTable.Value(activation, lanes, "v", lanes.Const(layer.Spec.Slope)) is string vector)
            {
                if (vector == "v")
                {
                    w.Line("for (int r = 0; r < count; r++) // the identity");
                    w.Line($"    z.Slice(r * {m} + from, to - from).CopyTo(a.Slice(r * {m} + from));");
                }
                else Elements.Rows(m).EachVectorized(w, "a", "z", vector, o => Scalar(o, o));
            }
            else
                Elements.Rows(m).Each(w, Scalar, needsNeuron: layer.SlopeOffset >= 0);
        }
        w.Line();
    }

    private static void EmitDelta(SourceWriter w, NetworkPlan net, LayerPlan layer)
    {
        var n = net.Number;
        int k = layer.Number, m = layer.Size, fanIn = layer.FanIn;
        bool isOutput = layer == net.Output;
        w.Line($"// Layer {k} backward, batched, over neurons [from, to){(MathTable.IsRowWise(layer.Activation) ? " (row-wise: all of them)" : "")}: " +
               $"Δ = {BackwardEmitter.DeltaComment(net, layer)}; ∂W{k} (+)= Xᵀ·Δ{(layer.BiasOffset >= 0 ? ", ∂b (+)= Σ_r Δ" : "")}.");
        string signature = $"{ReadOnlySpan} p, {Span} g, {ReadOnlySpan} x, {ReadOnlySpan} z, {ReadOnlySpan} a, {Span} da, {ReadOnlySpan} y, " +
                           $"{Span} d, int count, int from, int to, bool accumulate";
        w.Line(AggressiveOptimization);
        using (w.Block($"private static void BatchDeltaLayer{k}({signature})"))
        {
            if (isOutput && !net.FusedOutput)
                Elements.Rows(m).Each(w, (o, j) => $"da[{o}] = {MathTable.LossGradient(net.Spec.Loss, $"a[{o}]", $"y[{o}]", m, n)};");
            DeltaEmitter.EmitDelta(w, net, layer, Elements.Rows(m));
            DeltaEmitter.EmitSlopeGradient(w, net, layer, Elements.Rows(m));
            w.Line($"{Matrix}.MultiplyAdd(x, 1, {fanIn}, {fanIn}, count, d.Slice(from), {m}, to - from, g.Slice({Elements.At(layer.WeightOffset, "from")}, {layer.WeightCount} - from), {m}, accumulate);");
            if (layer.BiasOffset >= 0) w.Line($"{Matrix}.AddRowSums(d.Slice(from), count, to - from, {m}, g.Slice({layer.BiasOffset} + from, to - from), accumulate);");
        }
        w.Line();
    }

    private static void EmitInputGradient(SourceWriter w, NetworkPlan net, LayerPlan layer)
    {
        int k = layer.Number, m = layer.Size, fanIn = layer.FanIn;
        // With scratch for the transposed rows of W: fused multiply-adds in increasing j from +0, LayerKernels.InputGradient's order.
        w.Line($"// Layer {k} input gradient, batched: ∂X[:, from..to) = Δ·W{k}[from..to, :]ᵀ over the previous layer's neurons [from, to).");
        using (w.Block($"private static void BatchInputGradientLayer{k}({ReadOnlySpan} p, {ReadOnlySpan} d, {Span} dx, {Span} scratch, int count, int from, int to)"))
            w.Line($"{Matrix}.MultiplyTransposed(d, count, {m}, p.Slice({Elements.At(layer.WeightOffset, $"from * {m}")}, (to - from) * {m}), to - from, dx.Slice(from), {fanIn}, scratch);");
        w.Line();
    }

    /// <summary>The body of <c>ActivateRows</c>: the layer's activation over exactly <c>count</c> rows of z and a.</summary>
    public static void EmitActivateRowsSwitch(SourceWriter w, NetworkPlan net)
    {
        using (w.Block("switch (layer)"))
        {
            foreach (var layer in net.Layers)
            {
                string rows = $"count * {layer.Size}";
                w.Line($"case {layer.Number - 1}: BatchActivateLayer{layer.Number}(p, z.Slice(0, {rows}), a.Slice(0, {rows}), count, 0, {layer.Size}); break;");
            }
            w.Line("default: throw new global::System.ArgumentOutOfRangeException(nameof(layer), layer, \"No such layer.\");");
        }
    }

    /// <summary>The calls of <c>ForwardRows</c> (batched inference) after the scratch spans are declared.</summary>
    public static void EmitForwardRowsCalls(SourceWriter w, NetworkPlan net)
    {
        w.Statements(net.Layers.Select(layer =>
            $"BatchForwardLayer{layer.Number}(p, {X(layer)}, z{layer.Number}, {(layer == net.Output ? "output" : $"a{layer.Number}")}, count, 0, {layer.Size});"));
    }
}
