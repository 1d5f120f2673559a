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
/// </summary>
internal static class BatchEmitter
{
    /// <summary>The calls of <c>BackpropagateBatch</c> after the workspace spans are declared.</summary>
    public static void EmitBackpropagateCalls(SourceWriter w, NetworkPlan net)
    {
        var n = net.Number;
        var output = net.Output;
        int m = output.Size, L = output.Number;
        w.Statements(net.Layers.Select(layer => $"BatchForwardLayer{layer.Number}(p, {X(layer)}, z{layer.Number}, a{layer.Number}, count);"));
        w.Line($"var scratch = ws.Slice(count * {net.WorkspaceSize});");
        w.Statements(net.Layers.Reverse().Select(layer =>
        {
            int k = layer.Number;
            string dx = k == 1 ? "default" : $"da{k - 1}";
            return $"BatchBackwardLayer{k}(p, g, {X(layer)}, z{k}, a{k}, da{k}, y, d{k}, {dx}, scratch, count, accumulate);";
        }));
        // The backward pass reads the output layer's z and a but never writes them: the loss can come last.
        w.Line($"return BatchLoss(z{L}, a{L}, y, count);");
    }

    /// <summary>The summed loss of <c>count</c> output rows, row after row (the order of the per-sample losses).</summary>
    private static void EmitBatchLoss(SourceWriter w, NetworkPlan net)
    {
        var n = net.Number;
        int m = net.Output.Size;
        using (w.Block($"private static {n.Type} BatchLoss({ReadOnlySpan} z, {ReadOnlySpan} a, {ReadOnlySpan} y, int count)"))
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
        for (int l = net.Layers.Count - 1; l >= 0; l--) EmitBackward(w, net, net.Layers[l]);
    }

    private static void EmitForward(SourceWriter w, NetworkPlan net, LayerPlan layer)
    {
        int k = layer.Number, m = layer.Size, fanIn = layer.FanIn;
        string bias = layer.BiasOffset >= 0 ? $"p.Slice({layer.BiasOffset}, {m})" : "default";
        w.Line($"// Layer {k}, batched: Z[count×{m}] = X[count×{fanIn}]·W{k}[{fanIn}×{m}]{(layer.BiasOffset >= 0 ? " + b" : "")}, A = {layer.Activation}(Z).");
        w.Line(AggressiveOptimization);
        using (w.Block($"private static void BatchForwardLayer{k}({ReadOnlySpan} p, {ReadOnlySpan} x, {Span} z, {Span} a, int count)"))
        {
            w.Line($"{Matrix}.BroadcastRows({bias}, count, {m}, z);");
            w.Line($"{Matrix}.MultiplyAdd(x, {fanIn}, 1, count, {fanIn}, p.Slice({layer.WeightOffset}, {layer.WeightCount}), {m}, z);");
            w.Line($"BatchActivateLayer{k}(p, z, a, count);");
        }
        w.Line();
        EmitActivation(w, net, layer);
    }

    /// <summary>
    /// <c>BatchActivateLayerN</c>: A = f(Z) over <c>count</c> rows of exactly <c>count × size</c> elements, PReLU slopes
    /// read from the parameters. The forward kernel and <c>ActivateRows</c> (runtime kernels with their own products) call it.
    /// </summary>
    private static void EmitActivation(SourceWriter w, NetworkPlan net, LayerPlan layer)
    {
        var n = net.Number;
        int k = layer.Number, m = layer.Size;
        w.Line($"// Layer {k}'s activation, batched: A[count×{m}] = {layer.Activation}(Z).");
        w.Line(AggressiveOptimization);
        using (w.Block($"private static void BatchActivateLayer{k}({ReadOnlySpan} p, {ReadOnlySpan} z, {Span} a, int count)"))
        {
            var activation = layer.Activation;
            var lanes = Lanes.Numerics(n);
            string Scalar(string o, string j) => $"a[{o}] = {MathTable.Value(activation, $"z[{o}]", ForwardEmitter.SlopeOf(layer, j, n), n)};";
            if (MathTable.IsRowWise(activation))
                w.Line($"{Layers}.Softmax<{n.Type}>(z, a, {m});");
            else if (MathTable.FastMathFunction(activation) is string function)
                w.Line($"{FastMath}.{function}(z, a);");
            else if (layer.SlopeOffset < 0 && MathTable.Value(activation, lanes, "v", lanes.Const(layer.Spec.Slope)) is string vector)
            {
                if (vector == "v") w.Line($"z.Slice(0, count * {m}).CopyTo(a); // the identity");
                else Elements.Rows(m).EachVectorized(w, "a", "z", vector, o => Scalar(o, o));
            }
            else
                Elements.Rows(m).Each(w, Scalar, needsNeuron: layer.SlopeOffset >= 0);
        }
        w.Line();
    }

    private static void EmitBackward(SourceWriter w, NetworkPlan net, LayerPlan layer)
    {
        var n = net.Number;
        int k = layer.Number, m = layer.Size, fanIn = layer.FanIn;
        bool isOutput = layer == net.Output;
        w.Line($"// Layer {k} backward, batched: Δ = {BackwardEmitter.DeltaComment(net, layer)}; ∂W{k} (+)= Xᵀ·Δ" +
               $"{(layer.BiasOffset >= 0 ? ", ∂b (+)= Σ_r Δ" : "")}{(k > 1 ? $", ∂X = Δ·W{k}ᵀ" : "")}.");
        string signature = $"{ReadOnlySpan} p, {Span} g, {ReadOnlySpan} x, {ReadOnlySpan} z, {ReadOnlySpan} a, {Span} da, {ReadOnlySpan} y, " +
                           $"{Span} d, {Span} dx, {Span} scratch, int count, bool accumulate";
        using (w.Block($"private static void BatchBackwardLayer{k}({signature})"))
        {
            if (isOutput && !net.FusedOutput)
                Elements.Rows(m).Each(w, (o, j) => $"da[{o}] = {MathTable.LossGradient(net.Spec.Loss, $"a[{o}]", $"y[{o}]", m, n)};");
            DeltaEmitter.EmitDelta(w, net, layer, Elements.Rows(m));
            DeltaEmitter.EmitSlopeGradient(w, net, layer, Elements.Rows(m));
            w.Line($"{Matrix}.MultiplyAdd(x, 1, {fanIn}, {fanIn}, count, d, {m}, g.Slice({layer.WeightOffset}, {layer.WeightCount}), accumulate);");
            if (layer.BiasOffset >= 0) w.Line($"{Matrix}.AddRowSums(d, count, {m}, g.Slice({layer.BiasOffset}, {m}), accumulate);");
            // With scratch for the transposed W: fused multiply-adds in increasing j from +0, LayerKernels.InputGradient's order.
            if (k > 1) w.Line($"{Matrix}.MultiplyTransposed(d, count, {m}, p.Slice({layer.WeightOffset}, {layer.WeightCount}), {fanIn}, dx, scratch);");
        }
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
                w.Line($"case {layer.Number - 1}: BatchActivateLayer{layer.Number}(p, z.Slice(0, {rows}), a.Slice(0, {rows}), count); break;");
            }
            w.Line("default: throw new global::System.ArgumentOutOfRangeException(nameof(layer), layer, \"No such layer.\");");
        }
    }

    /// <summary>The calls of <c>ForwardRows</c> (batched inference) after the scratch spans are declared.</summary>
    public static void EmitForwardRowsCalls(SourceWriter w, NetworkPlan net)
    {
        w.Statements(net.Layers.Select(layer =>
            $"BatchForwardLayer{layer.Number}(p, {X(layer)}, z{layer.Number}, {(layer == net.Output ? "output" : $"a{layer.Number}")}, count);"));
    }
}
