using static NetGen.Generator.Aliases;

namespace NetGen.Generator.Emitting;

/// <summary>
/// δ = ∂C/∂z of a layer and PReLU's slope gradient, written once for both paths: a single sample (its outputs) and a
/// batch (its <c>[count × m]</c> rows) name their spans alike (<c>z, a, da, y, d, g, p</c>) and differ only in the
/// <see cref="Elements"/> they run over. The row operations (softmax's Jacobian and its fusion with cross entropy)
/// are the runtime's <c>LayerKernels</c>, which take whole rows either way.
/// </summary>
internal static class DeltaEmitter
{
    /// <param name="locals">
    /// With unrolled elements, also keep each δ in a local <c>{locals}j</c>, and return true: the gradients that follow
    /// read it there rather than load back the value just stored (which waits for the store). False when δ comes from
    /// a row kernel.
    /// </param>
    public static bool EmitDelta(SourceWriter w, NetworkPlan net, LayerPlan layer, Elements elements, string? locals = null)
    {
        var n = net.Number;
        var activation = layer.Activation;
        bool fused = layer == net.Output && net.FusedOutput;
        bool rowWise = MathTable.IsRowWise(activation);
        if (fused && rowWise)
        {
            w.Line($"{Layers}.SoftmaxCrossEntropyDelta<{n.Type}>(a, y, d, {layer.Size});");
            return false;
        }
        if (rowWise)
        {
            w.Line($"{Layers}.SoftmaxJacobian<{n.Type}>(a, da, d, {layer.Size});");
            return false;
        }
        string Write(string o, string value) => locals is null ? $"d[{o}] = {value};" : $"var {locals}{o} = {value}; d[{o}] = {locals}{o};";
        if (fused)
        {
            elements.Each(w, (o, j) => Write(o, $"a[{o}] - y[{o}]"));
            return locals is not null;
        }
        string Scalar(string o, string j) =>
            Write(o, $"{MathTable.Derivative(activation, $"z[{o}]", $"a[{o}]", ForwardEmitter.SlopeOf(layer, j, n), n)} * da[{o}]");
        var lanes = Lanes.Numerics(n);
        string? vector = layer.SlopeOffset >= 0 ? null : MathTable.Derivative(activation, lanes, "v", "v", lanes.Const(layer.Spec.Slope));
        if (elements.IsRows && vector is not null)
            elements.EachVectorized(w, "d", MathTable.DerivativeReadsOutput(activation) ? "a" : "z",
                $"{vector} * new {NumericsVectorOfT}(da.Slice(o))", o => Scalar(o, o));
        else
            elements.Each(w, Scalar, needsNeuron: layer.SlopeOffset >= 0);
        return locals is not null;
    }

    /// <summary>PReLU: ∂C/∂slope_j (+)= Σ ∂C/∂a_j · ∂a_j/∂slope_j (over the rows of a batch).</summary>
    public static void EmitSlopeGradient(SourceWriter w, NetworkPlan net, LayerPlan layer, Elements elements)
    {
        if (layer.SlopeOffset < 0) return;
        w.Line(elements.IsRows ? $"if (!accumulate) g.Slice({layer.SlopeOffset} + from, to - from).Clear();" : $"if (!accumulate) g.Slice({layer.SlopeOffset}, {layer.Size}).Clear();");
        elements.Each(w, (o, j) => $"g[{Elements.At(layer.SlopeOffset, j)}] += da[{o}] * {MathTable.SlopeDerivative($"z[{o}]", net.Number)};", needsNeuron: true);
    }
}
