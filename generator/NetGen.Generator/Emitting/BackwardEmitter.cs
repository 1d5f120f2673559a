using System.Globalization;
using System.Linq;
using static NetGen.Generator.Aliases;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Emits the loss, its gradient and one <c>BackwardLayerN</c> per layer (one sample), following the course:
/// δ^L = f'(z^L) ⊙ ∇_a C, δ^l = f'(z^l) ⊙ (W^{l+1})ᵀ δ^{l+1}, ∂C/∂W^l = δ^l (a^{l-1})ᵀ, ∂C/∂b^l = δ^l.
/// Gradients are written, or added when <c>accumulate</c> (for batches).
/// </summary>
internal static class BackwardEmitter
{
    private const string Fma = FastMath + ".FusedMultiplyAdd";

    public static void Emit(SourceWriter w, NetworkPlan net)
    {
        EmitLoss(w, net);
        EmitOutputGradient(w, net);
        for (int l = net.Layers.Count - 1; l >= 0; l--) EmitLayer(w, net, net.Layers[l]);
    }

    /// <summary>The backward calls, output layer first, over the workspace spans of the caller.</summary>
    public static void EmitCalls(SourceWriter w, NetworkPlan net)
    {
        var output = net.Output;
        if (!net.FusedOutput) w.Line($"OutputGradient(a{output.Number}, y, da{output.Number});");
        w.Statements(net.Layers.Reverse().Select(layer =>
        {
            int k = layer.Number;
            string x = k == 1 ? "x" : $"a{k - 1}";
            string dx = k == 1 ? "" : $", da{k - 1}";
            return $"BackwardLayer{k}(p, g, {x}, z{k}, a{k}, {(layer == output && net.FusedOutput ? "y" : $"da{k}")}, d{k}{dx}, accumulate);";
        }));
    }

    /// <summary>The loss of one sample: from the output, and from the logit where the table has that form (see <see cref="NetworkPlan.LossFromLogits"/>).</summary>
    private static void EmitLoss(SourceWriter w, NetworkPlan net)
    {
        var n = net.Number;
        var spec = net.Spec;
        string? scale = MathTable.LossScale(spec.Loss, spec.OutputSize, n);
        var elements = Elements.Sample(spec.OutputSize, net.OutputUnrolled);
        w.Line($"// Loss {spec.Loss} over {(spec.OutputSize == 1 ? "the output" : $"the {spec.OutputSize} outputs")}, from the output a.");
        if (net.OutputUnrolled) w.Line(AggressiveInlining);
        using (w.Block($"private static {n.Type} ComputeLossUnchecked({ReadOnlySpan} a, {ReadOnlySpan} y)"))
        {
            w.Line($"{n.Type} loss = {n.Literal(0)};");
            elements.Each(w, (o, j) => $"loss += {MathTable.LossTerm(spec.Loss, $"a[{o}]", $"y[{o}]", n)};");
            w.Line(scale is null ? "return loss;" : $"return loss * {scale};");
        }
        w.Line();
        if (!net.LossFromLogits) return;
        // The training paths have z: the loss from the logit neither saturates nor loses digits as a → 0 or 1. The
        // public Loss(output, target) only has a, where z = log(a / (1 - a)) is no longer exact once a rounds to 1.
        w.Line($"// Loss {spec.Loss} from the logit z (stable: no floor, no saturation); the training paths use it.");
        if (net.OutputUnrolled) w.Line(AggressiveInlining);
        using (w.Block($"private static {n.Type} LossFromLogits({ReadOnlySpan} z, {ReadOnlySpan} y)"))
        {
            w.Line($"{n.Type} loss = {n.Literal(0)};");
            elements.Each(w, (o, j) => $"loss += {MathTable.LogitLossTerm(spec.Loss, net.Output.Activation, $"z[{o}]", $"y[{o}]", n)};");
            w.Line(scale is null ? "return loss;" : $"return loss * {scale};");
        }
        w.Line();
    }

    /// <summary>The training loss of output row <paramref name="a"/> (logit row <paramref name="z"/>) against <paramref name="y"/>.</summary>
    public static string TrainingLoss(NetworkPlan net, string z, string a, string y) =>
        net.LossFromLogits ? $"LossFromLogits({z}, {y})" : $"ComputeLossUnchecked({a}, {y})";

    private static void EmitOutputGradient(SourceWriter w, NetworkPlan net)
    {
        var n = net.Number;
        var spec = net.Spec;
        if (net.FusedOutput) return;
        w.Line($"// ∇_a C: the gradient of {spec.Loss} with respect to each output.");
        if (net.OutputUnrolled) w.Line(AggressiveInlining);
        using (w.Block($"private static void OutputGradient({ReadOnlySpan} a, {ReadOnlySpan} y, {Span} da)"))
            Elements.Sample(spec.OutputSize, net.OutputUnrolled).Each(w, (o, j) => $"da[{o}] = {MathTable.LossGradient(spec.Loss, $"a[{o}]", $"y[{o}]", spec.OutputSize, n)};");
        w.Line();
    }

    /// <summary>The description of δ for the comment above a layer's backward method.</summary>
    public static string DeltaComment(NetworkPlan net, LayerPlan layer) =>
        layer != net.Output || !net.FusedOutput ? "f'(z) ⊙ ∂C/∂a"
        : MathTable.IsRowWise(layer.Activation) ? "a Σy - y (fused with the loss)" : "a - y (fused with the loss)";

    private static void EmitLayer(SourceWriter w, NetworkPlan net, LayerPlan layer)
    {
        var n = net.Number;
        bool fused = layer == net.Output && net.FusedOutput;
        bool first = layer.Number == 1;
        string dx = first ? "" : $", {Span} dx";
        w.Line($"// Layer {layer.Number} backward: δ = {DeltaComment(net, layer)}; ∂C/∂W += x δᵀ; ∂C/∂b += δ{(first ? "" : "; ∂C/∂x = W δ")}.");
        if (layer.Inline) w.Line(AggressiveInlining);
        string signature = $"{ReadOnlySpan} p, {Span} g, {ReadOnlySpan} x, {ReadOnlySpan} z, {ReadOnlySpan} a, {ReadOnlySpan} {(fused ? "y" : "da")}, {Span} d{dx}, bool accumulate";
        using (w.Block($"private static void BackwardLayer{layer.Number}({signature})"))
        {
            bool inLocals = DeltaEmitter.EmitDelta(w, net, layer, Elements.Sample(layer.Size, layer.IsUnrolled), layer.IsUnrolled ? "d" : null);
            if (layer.IsUnrolled) EmitUnrolledGradients(w, net, layer, first, inLocals ? j => $"d{j}" : j => $"d[{j}]");
            else
            {
                DeltaEmitter.EmitSlopeGradient(w, net, layer, Elements.Sample(layer.Size, unrolled: false));
                KernelEmitter.EmitWeightGradient(w, layer, n);
                if (layer.BiasOffset >= 0)
                    w.Line($"for (int j = 0; j < {layer.Size}; j++) g[{layer.BiasOffset} + j] = accumulate ? g[{layer.BiasOffset} + j] + d[j] : d[j];");
                if (!first) w.Line($"{Layers}.InputGradient<{n.Type}>(p.Slice({layer.WeightOffset}, {layer.WeightCount}), d, dx, {layer.FanIn}, {layer.Size});");
            }
        }
        w.Line();
        if (layer.BackwardPartRows == 0) return;
        for (int i0 = 0, part = 0; i0 < layer.FanIn; i0 += layer.BackwardPartRows, part++)
        {
            using (w.Block($"private static void BackwardLayer{layer.Number}Part{part}({ReadOnlySpan} p, {Span} g, {ReadOnlySpan} x, {ReadOnlySpan} d{dx})"))
                EmitUnrolledRows(w, layer, net.Number, first, i0, System.Math.Min(layer.FanIn, i0 + layer.BackwardPartRows), j => $"d[{j}]");
            w.Line();
        }
    }

    /// <param name="delta">δ_j as an expression: its local when the delta was emitted into locals, else <c>d[j]</c>.</param>
    private static void EmitUnrolledGradients(SourceWriter w, NetworkPlan net, LayerPlan layer, bool first, System.Func<int, string> delta)
    {
        // Fused multiply-adds onto a cleared gradient: fma(x, δ, 0) is x δ and fma(x, δ, g) is what the vectorized and
        // batched kernels accumulate, so one form serves both modes with their bits.
        int end = layer.SlopeOffset >= 0 ? layer.SlopeOffset : layer.End;
        w.Line($"if (!accumulate) g.Slice({layer.WeightOffset}, {end - layer.WeightOffset}).Clear();");
        DeltaEmitter.EmitSlopeGradient(w, net, layer, Elements.Sample(layer.Size, unrolled: true));
        if (layer.BackwardPartRows > 0)
        {
            w.Line($"// {layer.WeightCount} weights: split into methods of at most {layer.BackwardPartRows} input rows so each stays optimizable.");
            for (int i0 = 0, part = 0; i0 < layer.FanIn; i0 += layer.BackwardPartRows, part++)
                w.Line($"BackwardLayer{layer.Number}Part{part}(p, g, x, d{(first ? "" : ", dx")});");
        }
        else EmitUnrolledRows(w, layer, net.Number, first, 0, layer.FanIn, delta);
        if (layer.BiasOffset >= 0)
            w.Statements(Enumerable.Range(0, layer.Size).Select(j => $"g[{layer.BiasOffset + j}] += {delta(j)};"));
    }

    private static void EmitUnrolledRows(SourceWriter w, LayerPlan layer, NumberFormat n, bool first, int from, int to, System.Func<int, string> delta)
    {
        w.Line($"_ = g[{layer.Weight(to - 1, layer.Size - 1)}]; _ = x[{to - 1}]; _ = d[{layer.Size - 1}];");
        for (int i = from; i < to; i++)
            w.Statements(Enumerable.Range(0, layer.Size).Select(j => $"g[{layer.Weight(i, j)}] = {Fma}(x[{i}], {delta(j)}, g[{layer.Weight(i, j)}]);"));
        if (first) return;
        // ∂x[i] = Σ_j W[i, j] δ_j as a chain of fused multiply-adds from +0 in increasing j: the order of the
        // vectorized layers (LayerKernels.InputGradient) and of the batched kernels, so all give the same bits.
        w.Line($"{n.Type} s;");
        for (int i = from; i < to; i++)
            w.Statements(new[] { $"s = {n.Literal(0)};" }
                .Concat(Enumerable.Range(0, layer.Size).Select(j => $"s = {Fma}({delta(j)}, p[{layer.Weight(i, j)}], s);"))
                .Concat(new[] { $"dx[{i}] = s;" }));
    }
}
