using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Elementwise;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Emits the loss, its gradient and one <c>BackwardLayerN</c> per layer, following the course:
/// δ^L = f'(z^L) ⊙ ∇_a C, δ^l = f'(z^l) ⊙ (W^{l+1})ᵀ δ^{l+1}, ∂C/∂W^l = δ^l (a^{l-1})ᵀ, ∂C/∂b^l = δ^l.
/// Gradients are added into g; callers clear g first when they do not accumulate (as llm.c's zero_grad).
/// </summary>
internal static class BackwardEmitter
{
    public static void Emit(SourceWriter w, NetworkLayout net)
    {
        EmitLoss(w, net);
        EmitOutputGradient(w, net);
        for (int l = net.Layers.Count - 1; l >= 0; l--) EmitLayer(w, net, net.Layers[l]);
    }

    /// <summary>The backward calls, output layer first, over the workspace spans of the caller.</summary>
    public static void EmitCalls(SourceWriter w, NetworkLayout net)
    {
        var output = net.Output;
        if (!MathTable.IsFused(net.Spec.Loss, output.Spec.Activation))
            w.Line($"OutputGradient(a{output.Number}, y, da{output.Number});");
        for (int l = net.Layers.Count - 1; l >= 0; l--)
        {
            var layer = net.Layers[l];
            int k = layer.Number;
            string x = k == 1 ? "x" : $"a{k - 1}";
            string upstream = layer == output && MathTable.IsFused(net.Spec.Loss, output.Spec.Activation) ? "y" : $"da{k}";
            string dx = k == 1 ? "" : $", da{k - 1}";
            w.Line($"BackwardLayer{k}(p, g, {x}, z{k}, a{k}, {upstream}, d{k}{dx}, accumulate);");
        }
    }

    private static void EmitLoss(SourceWriter w, NetworkLayout net)
    {
        var n = net.Number;
        var spec = net.Spec;
        bool unrolled = spec.OutputSize <= 16;
        w.Line($"// Loss {spec.Loss} over {(spec.OutputSize == 1 ? "the output" : $"the {spec.OutputSize} outputs")}.");
        if (unrolled) w.Line(ForwardEmitter.AggressiveInlining);
        using (w.Block($"private static {n.Type} ComputeLossUnchecked(global::System.ReadOnlySpan<{n.Type}> a, global::System.ReadOnlySpan<{n.Type}> y)"))
        {
            w.Line($"{n.Type} loss = {n.Literal(0)};");
            ForEach(w, spec.OutputSize, unrolled, j => $"loss += {MathTable.LossTerm(spec.Loss, $"a[{j}]", $"y[{j}]", n)};");
            string? scale = MathTable.LossScale(spec.Loss, spec.OutputSize, n);
            w.Line(scale is null ? "return loss;" : $"return loss * {scale};");
        }
        w.Line();
    }

    private static void EmitOutputGradient(SourceWriter w, NetworkLayout net)
    {
        var n = net.Number;
        var spec = net.Spec;
        if (MathTable.IsFused(spec.Loss, net.Output.Spec.Activation)) return;
        w.Line($"// ∇_a C: the gradient of {spec.Loss} with respect to each output.");
        if (spec.OutputSize <= 16) w.Line(ForwardEmitter.AggressiveInlining);
        using (w.Block($"private static void OutputGradient(global::System.ReadOnlySpan<{n.Type}> a, global::System.ReadOnlySpan<{n.Type}> y, global::System.Span<{n.Type}> da)"))
            ForEach(w, spec.OutputSize, spec.OutputSize <= 16, j =>
                $"da[{j}] = {MathTable.LossGradient(spec.Loss, $"a[{j}]", $"y[{j}]", spec.OutputSize, n)};");
        w.Line();
    }

    private static void EmitLayer(SourceWriter w, NetworkLayout net, LayerLayout layer)
    {
        var n = net.Number;
        string T = n.Type;
        bool fused = layer == net.Output && MathTable.IsFused(net.Spec.Loss, layer.Spec.Activation);
        bool first = layer.Number == 1;
        string upstream = fused ? "y" : "da";
        w.Line($"// Layer {layer.Number} backward: δ = {(!fused ? "f'(z) ⊙ ∂C/∂a" : net.Spec.Loss == LossKind.CrossEntropy ? "a Σy - y (fused with the loss)" : "a - y (fused with the loss)")}; ∂C/∂W += x δᵀ; ∂C/∂b += δ{(first ? "" : "; ∂C/∂x = W δ")}.");
        string dx = first ? "" : $", global::System.Span<{T}> dx";
        if (ForwardEmitter.IsSmall(layer)) w.Line(ForwardEmitter.AggressiveInlining);
        using (w.Block($"private static void BackwardLayer{layer.Number}(global::System.ReadOnlySpan<{T}> p, global::System.Span<{T}> g, global::System.ReadOnlySpan<{T}> x, global::System.ReadOnlySpan<{T}> z, global::System.ReadOnlySpan<{T}> a, global::System.ReadOnlySpan<{T}> {upstream}, global::System.Span<{T}> d{dx}, bool accumulate)"))
        {
            EmitDelta(w, layer, fused, net.Spec.Loss, n);
            // Gradients are written (accumulate false) or added (true); the parts that are always added are cleared first.
            int addedFrom = layer.IsUnrolled ? (WritesDirectly(layer) ? -1 : layer.WeightOffset) : layer.BiasOffset >= 0 ? layer.BiasOffset : layer.SlopeOffset;
            if (addedFrom >= 0) w.Line($"if (!accumulate) g.Slice({addedFrom}, {layer.End - addedFrom}).Clear();");
            if (layer.SlopeOffset >= 0)
            {
                w.Line("// PReLU: ∂C/∂slope = ∂C/∂a · ∂a/∂slope");
                ForEach(w, layer.Size, layer.IsUnrolled, j =>
                    $"g[{At(layer.SlopeOffset, j)}] += da[{j}] * {MathTable.SlopeDerivative($"z[{j}]", n)};");
            }
            if (layer.IsUnrolled) EmitUnrolledGradients(w, layer, first);
            else EmitVectorizedGradients(w, layer, first, n);
        }
        w.Line();
        if (layer.IsUnrolled && layer.FanIn * layer.Size > ForwardEmitter.SplitBudget)
        {
            int chunk = System.Math.Max(1, ForwardEmitter.SplitBudget / layer.Size);
            for (int i0 = 0, part = 0; i0 < layer.FanIn; i0 += chunk, part++)
            {
                using (w.Block($"private static void BackwardLayer{layer.Number}Part{part}(global::System.ReadOnlySpan<{T}> p, global::System.Span<{T}> g, global::System.ReadOnlySpan<{T}> x, global::System.ReadOnlySpan<{T}> d{dx})"))
                    EmitUnrolledRows(w, layer, first, i0, System.Math.Min(layer.FanIn, i0 + chunk));
                w.Line();
            }
        }
    }

    private static void EmitDelta(SourceWriter w, LayerLayout layer, bool fused, LossKind loss, NumberFormat n)
    {
        var activation = layer.Spec.Activation;
        if (fused && loss == LossKind.CrossEntropy)
        {
            // The targets may be any values in [0, 1], so keep their sum: a·Σy − y is exactly a − y for a one-hot
            // or probability target (Σy = 1) and stays the true gradient of −Σ y log a otherwise.
            w.Line("// cross entropy through softmax: δ_j = a_j Σ_k y_k − y_j");
            w.Line($"{n.Type} targetSum = {n.Literal(0)};");
            ForEach(w, layer.Size, layer.IsUnrolled, j => $"targetSum += y[{j}];");
            ForEach(w, layer.Size, layer.IsUnrolled, j => $"d[{j}] = a[{j}] * targetSum - y[{j}];");
            return;
        }
        if (fused)
        {
            ForEach(w, layer.Size, layer.IsUnrolled, j => $"d[{j}] = a[{j}] - y[{j}];");
            return;
        }
        if (activation == ActivationKind.Softmax)
        {
            w.Line("// softmax Jacobian: δ_j = a_j (∂C/∂a_j - Σ_k a_k ∂C/∂a_k)");
            w.Line($"{n.Type} weighted = {n.Literal(0)};");
            ForEach(w, layer.Size, layer.IsUnrolled, j => $"weighted += a[{j}] * da[{j}];");
            ForEach(w, layer.Size, layer.IsUnrolled, j => $"d[{j}] = a[{j}] * (da[{j}] - weighted);");
            return;
        }
        ForEach(w, layer.Size, layer.IsUnrolled, j =>
            $"d[{j}] = {MathTable.Derivative(activation, $"z[{j}]", $"a[{j}]", ForwardEmitter.SlopeOf(layer, j, n), n)} * da[{j}];");
    }

    /// <summary>Unrolled layers that are neither split nor PReLU write (or add) every gradient in place, with no clearing.</summary>
    private static bool WritesDirectly(LayerLayout layer) =>
        layer.SlopeOffset < 0 && layer.FanIn * layer.Size <= ForwardEmitter.SplitBudget;

    private static void EmitUnrolledGradients(SourceWriter w, LayerLayout layer, bool first)
    {
        if (WritesDirectly(layer))
        {
            w.Line($"_ = g[{layer.End - 1}]; _ = x[{layer.FanIn - 1}]; _ = d[{layer.Size - 1}];");
            foreach (bool accumulate in new[] { true, false })
            {
                using (w.Block(accumulate ? "if (accumulate)" : "else"))
                {
                    string op = accumulate ? "+=" : "=";
                    for (int i = 0; i < layer.FanIn; i++)
                        for (int j = 0; j < layer.Size; j++)
                            w.Line($"g[{layer.Weight(i, j)}] {op} x[{i}] * d[{j}];");
                    if (layer.BiasOffset >= 0)
                        for (int j = 0; j < layer.Size; j++) w.Line($"g[{layer.BiasOffset + j}] {op} d[{j}];");
                }
            }
            if (!first) EmitUnrolledDx(w, layer, 0, layer.FanIn);
            return;
        }
        if (layer.FanIn * layer.Size > ForwardEmitter.SplitBudget)
        {
            int chunk = System.Math.Max(1, ForwardEmitter.SplitBudget / layer.Size);
            w.Line($"// {layer.FanIn * layer.Size} weights: split into methods of at most {chunk} input rows so each stays optimizable.");
            for (int i0 = 0, part = 0; i0 < layer.FanIn; i0 += chunk, part++)
                w.Line($"BackwardLayer{layer.Number}Part{part}(p, g, x, d{(first ? "" : ", dx")});");
        }
        else EmitUnrolledRows(w, layer, first, 0, layer.FanIn);
        if (layer.BiasOffset >= 0)
            for (int j = 0; j < layer.Size; j++) w.Line($"g[{layer.BiasOffset + j}] += d[{j}];");
    }

    private static void EmitUnrolledRows(SourceWriter w, LayerLayout layer, bool first, int from, int to)
    {
        for (int i = from; i < to; i++)
            for (int j = 0; j < layer.Size; j++)
                w.Line($"g[{layer.Weight(i, j)}] += x[{i}] * d[{j}];");
        if (!first) EmitUnrolledDx(w, layer, from, to);
    }

    private static void EmitUnrolledDx(SourceWriter w, LayerLayout layer, int from, int to)
    {
        for (int i = from; i < to; i++)
            w.Line($"dx[{i}] = {string.Join(" + ", Enumerable.Range(0, layer.Size).Select(j => $"p[{layer.Weight(i, j)}] * d[{j}]"))};");
    }

    private static void EmitVectorizedGradients(SourceWriter w, LayerLayout layer, bool first, NumberFormat n)
    {
        const string Tensor = "global::System.Numerics.Tensors.TensorPrimitives";
        int m = layer.Size;
        KernelEmitter.EmitBackward(w, layer, n, first, () =>
        {
            w.Line($"if (!accumulate) g.Slice({layer.WeightOffset}, {layer.FanIn * m}).Clear();");
            w.Line($"for (int i = 0; i < {layer.FanIn}; i++)");
            using (w.Block(""))
            {
                w.Line($"var gRow = g.Slice({layer.WeightOffset} + i * {m}, {m});");
                w.Line($"{Tensor}.MultiplyAdd(d, x[i], gRow, gRow);");
                if (!first) w.Line($"dx[i] = {Tensor}.Dot(p.Slice({layer.WeightOffset} + i * {m}, {m}), d);");
            }
        });
        if (layer.BiasOffset >= 0)
        {
            w.Line($"var gBias = g.Slice({layer.BiasOffset}, {m});");
            w.Line($"{Tensor}.Add(gBias, d, gBias);");
        }
    }
}
