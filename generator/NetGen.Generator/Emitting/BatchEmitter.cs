using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Emits <c>BackpropagateBatchUnchecked</c>: forward and backward over a whole mini-batch, one matrix kernel per
/// layer (<c>global::NetGen.Kernels.MatrixKernels</c>, called with literal sizes) instead of one vector kernel per
/// sample. Rows are samples; every buffer is row-major <c>[count × size]</c>:
/// Z = X·W + b, A = f(Z), Δ = f'(Z) ⊙ ∂C/∂A (per row for softmax), ∂W += Xᵀ·Δ, ∂b += Σ_r Δ[r,:], ∂X = Δ·Wᵀ.
/// The per-element formulas come from <see cref="MathTable"/>; sigmoid and tanh use the vectorized
/// <c>FastMath</c> span functions. Parameters are only read and the gradient and workspace are the caller's, so
/// several threads can run it at once on disjoint rows with their own buffers.
/// </summary>
internal static class BatchEmitter
{
    private const string Kernels = "global::NetGen.Kernels.MatrixKernels";

    public static void Emit(SourceWriter w, NetworkLayout net)
    {
        string T = net.T;
        var n = net.Number;
        string ros = $"global::System.ReadOnlySpan<{T}>";
        string span = $"global::System.Span<{T}>";
        w.Line("// ---------------------------------------------------------------- batched training");
        w.Line();
        w.Lines($$"""
            /// <inheritdoc />
            public {{T}} BackpropagateBatch({{ros}} p, {{ros}} x, {{ros}} y, int count, {{span}} g, {{span}} ws, bool accumulate)
            {
                if (count <= 0)
                {
                    if (!accumulate) g.Slice(0, ParameterCount).Clear();
                    return {{n.Literal(0)}};
                }
            """);
        w.Indent();
        foreach (var layer in net.Layers)
        {
            int o = layer.WorkspaceOffset, m = layer.Size, k = layer.Number;
            w.Line($"{span} z{k} = ws.Slice(count * {o}, count * {m}), a{k} = ws.Slice(count * {o + m}, count * {m}), da{k} = ws.Slice(count * {o + 2 * m}, count * {m}), d{k} = ws.Slice(count * {o + 3 * m}, count * {m});");
        }
        w.Line();
        foreach (var layer in net.Layers) EmitForward(w, net, layer);

        var output = net.Output;
        int outM = output.Size, L = output.Number;
        w.Line($"// loss, one row per sample");
        w.Line($"{T} loss = {n.Literal(0)};");
        w.Line("for (int r = 0; r < count; r++)");
        w.Line($"    loss += ComputeLossUnchecked(a{L}.Slice(r * {outM}, {outM}), y.Slice(r * {outM}, {outM}));");
        w.Line();
        for (int l = net.Layers.Count - 1; l >= 0; l--) EmitBackward(w, net, net.Layers[l]);
        w.Line("return loss;");
        w.Outdent();
        w.Line("}");
        w.Line();
        EmitPredict(w, net);
    }

    /// <summary>Fixed part of the batch workspace: room to transpose the largest hidden weight matrix (for ∂X = Δ·Wᵀ).</summary>
    public static int TransposeSpace(NetworkLayout net)
    {
        int transpose = 0;
        for (int l = 1; l < net.Layers.Count; l++) transpose = System.Math.Max(transpose, net.Layers[l].FanIn * net.Layers[l].Size);
        return transpose;
    }

    /// <summary>Scratch per row of the batched forward pass: z and a of every layer but the output's a.</summary>
    public static int RowScratchPerRow(NetworkLayout net)
    {
        int perRow = 0;
        foreach (var layer in net.Layers) perRow += layer == net.Output ? layer.Size : 2 * layer.Size;
        return perRow;
    }

    /// <summary>The batched forward pass over rows, for <c>PredictBatchBlocked</c>.</summary>
    private static void EmitPredict(SourceWriter w, NetworkLayout net)
    {
        string T = net.T;
        string ros = $"global::System.ReadOnlySpan<{T}>";
        string span = $"global::System.Span<{T}>";
        w.Lines($$"""
            /// <inheritdoc />
            public void ForwardRows({{ros}} p, {{ros}} x, {{span}} output, int count, {{span}} s)
            {
            """);
        w.Indent();
        int offset = 0;
        foreach (var layer in net.Layers)
        {
            int k = layer.Number, m = layer.Size;
            w.Line($"{span} z{k} = s.Slice(count * {offset}, count * {m});");
            if (layer == net.Output) w.Line($"{span} a{k} = output;");
            else w.Line($"{span} a{k} = s.Slice(count * {offset + m}, count * {m});");
            offset += layer == net.Output ? m : 2 * m;
        }
        foreach (var layer in net.Layers) EmitForward(w, net, layer);
        w.Outdent();
        w.Line("}");
        w.Line();
    }

    private static void EmitForward(SourceWriter w, NetworkLayout net, LayerLayout layer)
    {
        var n = net.Number;
        int k = layer.Number, m = layer.Size, fanIn = layer.FanIn;
        string x = k == 1 ? "x" : $"a{k - 1}";
        string bias = layer.BiasOffset >= 0 ? $"p.Slice({layer.BiasOffset}, {m})" : "default";
        w.Line($"// layer {k} forward: Z{k}[count×{m}] = {(k == 1 ? "X" : $"A{k - 1}")}[count×{fanIn}]·W{k}[{fanIn}×{m}]{(layer.BiasOffset >= 0 ? " + b" : "")}, A{k} = {layer.Spec.Activation}(Z{k})");
        w.Line($"{Kernels}.BroadcastRows({bias}, count, {m}, z{k});");
        w.Line($"{Kernels}.MultiplyAdd({x}, {fanIn}, 1, count, {fanIn}, p.Slice({layer.WeightOffset}, {fanIn * m}), {m}, z{k});");
        switch (layer.Spec.Activation)
        {
            case ActivationKind.Sigmoid:
                w.Line($"global::NetGen.Numerics.FastMath.Sigmoid(z{k}, a{k});");
                break;
            case ActivationKind.Tanh:
                w.Line($"global::NetGen.Numerics.FastMath.Tanh(z{k}, a{k});");
                break;
            case ActivationKind.Softmax:
                using (w.Block("for (int r = 0; r < count; r++)"))
                {
                    w.Line($"var zr = z{k}.Slice(r * {m}, {m});");
                    w.Line($"var ar = a{k}.Slice(r * {m}, {m});");
                    w.Line($"{n.Type} max = zr[0];");
                    w.Line($"for (int j = 1; j < {m}; j++) if (zr[j] > max) max = zr[j];");
                    w.Line($"{n.Type} sum = {n.Literal(0)};");
                    w.Line($"for (int j = 0; j < {m}; j++) sum += ar[j] = {n.Math}.Exp(zr[j] - max);");
                    w.Line($"for (int j = 0; j < {m}; j++) ar[j] /= sum;");
                }
                break;
            default:
                string scalar = MathTable.Value(layer.Spec.Activation, $"z{k}[o]", ForwardEmitter.SlopeOf(layer, "j", n), n);
                if (MathTable.VectorValue(layer.Spec.Activation, "z", layer.Spec.Slope, n) is string vector)
                    EachElementVectorized(w, m, n, $"a{k}", $"z{k}", vector, scalar);
                else
                    EachElement(w, m, $"a{k}[o] = {scalar};");
                break;
        }
        w.Line();
    }

    private static void EmitBackward(SourceWriter w, NetworkLayout net, LayerLayout layer)
    {
        var n = net.Number;
        int k = layer.Number, m = layer.Size, fanIn = layer.FanIn;
        bool isOutput = layer == net.Output;
        var activation = layer.Spec.Activation;
        bool fused = isOutput && MathTable.IsFused(net.Spec.Loss, activation);
        w.Line($"// layer {k} backward: δ{k}, then ∂W{k} += {(k == 1 ? "X" : $"A{k - 1}")}ᵀ·δ{k}{(layer.BiasOffset >= 0 ? $", ∂b{k} += Σ_r δ{k}" : "")}{(k > 1 ? $", ∂A{k - 1} = δ{k}·W{k}ᵀ" : "")}");
        if (fused && net.Spec.Loss == LossKind.CrossEntropy)
        {
            w.Line("// cross entropy through softmax: δ_j = a_j Σ_k y_k − y_j, per row");
            using (w.Block("for (int r = 0; r < count; r++)"))
            {
                w.Line($"int row = r * {m};");
                w.Line($"{n.Type} targetSum = {n.Literal(0)};");
                w.Line($"for (int j = 0; j < {m}; j++) targetSum += y[row + j];");
                w.Line($"for (int j = 0; j < {m}; j++) d{k}[row + j] = a{k}[row + j] * targetSum - y[row + j];");
            }
        }
        else if (fused)
        {
            w.Line($"for (int o = 0; o < count * {m}; o++) d{k}[o] = a{k}[o] - y[o];");
        }
        else
        {
            if (isOutput)
                w.Line($"for (int o = 0; o < count * {m}; o++) da{k}[o] = {MathTable.LossGradient(net.Spec.Loss, $"a{k}[o]", "y[o]", m, n)};");
            if (activation == ActivationKind.Softmax)
            {
                w.Line("// softmax Jacobian per row: δ_j = a_j (∂C/∂a_j - Σ_k a_k ∂C/∂a_k)");
                using (w.Block("for (int r = 0; r < count; r++)"))
                {
                    w.Line($"int row = r * {m};");
                    w.Line($"{n.Type} weighted = {n.Literal(0)};");
                    w.Line($"for (int j = 0; j < {m}; j++) weighted += a{k}[row + j] * da{k}[row + j];");
                    w.Line($"for (int j = 0; j < {m}; j++) d{k}[row + j] = a{k}[row + j] * (da{k}[row + j] - weighted);");
                }
            }
            else
            {
                string scalar = $"{MathTable.Derivative(activation, $"z{k}[o]", $"a{k}[o]", ForwardEmitter.SlopeOf(layer, "j", n), n)} * da{k}[o]";
                if (MathTable.VectorDerivative(activation, "z", layer.Spec.Slope, n) is string vector)
                    EachElementVectorized(w, m, n, $"d{k}", $"z{k}", $"{vector} * new {n.VectorType}(da{k}.Slice(o))", scalar);
                else
                    EachElement(w, m, $"d{k}[o] = {scalar};");
            }
        }
        if (layer.SlopeOffset >= 0)
        {
            w.Line("// PReLU: ∂C/∂slope_j += Σ_r ∂C/∂a[r,j] · ∂a/∂slope");
            w.Line($"if (!accumulate) g.Slice({layer.SlopeOffset}, {m}).Clear();");
            EachElement(w, m, $"g[{layer.SlopeOffset} + j] += da{k}[o] * {MathTable.SlopeDerivative($"z{k}[o]", n)};");
        }
        string x = k == 1 ? "x" : $"a{k - 1}";
        w.Line($"{Kernels}.MultiplyAdd({x}, 1, {fanIn}, {fanIn}, count, d{k}, {m}, g.Slice({layer.WeightOffset}, {fanIn * m}), accumulate);");
        if (layer.BiasOffset >= 0)
            w.Line($"{Kernels}.AddRowSums(d{k}, count, {m}, g.Slice({layer.BiasOffset}, {m}), accumulate);");
        if (k > 1)
            w.Line($"{Kernels}.MultiplyTransposed(d{k}, count, {m}, p.Slice({layer.WeightOffset}, {fanIn * m}), {fanIn}, da{k - 1}, ws.Slice(count * {net.WorkspaceSize}));");
        w.Line();
    }

    /// <summary>
    /// <c>target[o] = …</c> over every element of a <c>[count × m]</c> matrix, a hardware vector at a time (the
    /// activations whose scalar form branches per element), then the scalar form for the tail. Same bits either way.
    /// <paramref name="vector"/> reads the vector <c>z</c> loaded from <paramref name="source"/>.
    /// </summary>
    private static void EachElementVectorized(SourceWriter w, int m, NumberFormat n, string target, string source, string vector, string scalar)
    {
        using (w.Block(""))
        {
            w.Line($"int o = 0, end = count * {m};");
            using (w.Block($"for (; o + {n.VectorType}.Count <= end; o += {n.VectorType}.Count)"))
            {
                w.Line($"var z = new {n.VectorType}({source}.Slice(o));");
                w.Line($"({vector}).CopyTo({target}.Slice(o));");
            }
            w.Line($"for (; o < end; o++) {target}[o] = {scalar};");
        }
    }

    /// <summary>A loop over every element <c>o = r*m + j</c> of a <c>[count × m]</c> matrix (j is the neuron).</summary>
    private static void EachElement(SourceWriter w, int m, string statement)
    {
        w.Line("for (int r = 0, o = 0; r < count; r++)");
        w.Line($"    for (int j = 0; j < {m}; j++, o++)");
        w.Line($"        {statement}");
    }
}
