using System.Collections.Generic;
using System.Linq;
using static NetGen.Generator.Aliases;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Fixed-size, register-blocked SIMD kernels for vectorized layers. Weights are input-major (row i = the m weights
/// leaving input i), so every kernel walks the rows once and keeps a block of output vectors in registers across the
/// whole input loop (the blocking is the plan's <see cref="LayerPlan.Widths"/>):
/// <list type="bullet">
/// <item>forward: acc = b; for each i: acc = fma(W[i, block], broadcast(x[i]), acc); then z = acc and, when the
/// activation has a vector form, a = f(acc);</item>
/// <item>backward: δ[block] in registers; for each i: ∂W[i, block] = x[i] δ (or fma onto ∂W when accumulating).</item>
/// </list>
/// Every lane does the same operations in the same order as the unrolled code (fused multiply-adds, FastMath
/// activations), and parameters are read through <see cref="ParameterSource"/>, so baked and trainable, unrolled and
/// vectorized networks give identical bits.
/// </summary>
internal static class KernelEmitter
{
    private const string Fma = FastMath + ".FusedMultiplyAdd";

    private static string Vector(Segment s) => Intrinsic(s.Bits);

    /// <summary>A width with one block that runs once needs no scope of its own for its accumulators.</summary>
    private static bool Alone(KernelWidth width) => width.Blocks.Count == 1 && width.Blocks[0].Repeat == 1;

    private static string Off(string? c, int offset, int @base = 0) => c is null ? $"{@base + offset}" : $"{c} + {@base + offset}";

    private static string Load(Segment s, string reference, string offset) =>
        s.IsScalar ? $"{Unsafe}.Add(ref {reference}, {offset})" : $"{Vector(s)}.LoadUnsafe(ref {reference}, {offset})";

    private static string Store(Segment s, string value, string reference, string offset) =>
        s.IsScalar ? $"{Unsafe}.Add(ref {reference}, {offset}) = {value};" : $"{Vector(s)}.StoreUnsafe({value}, ref {reference}, {offset});";

    /// <summary>Describes a width's blocks, e.g. <c>block of 2xVector512</c>, for the comment above a kernel.</summary>
    private static string Describe(KernelWidth width) => string.Join(", ", width.Blocks.Select(b =>
        (b.Repeat > 1 ? $"{b.Repeat} blocks of " : "block of ") +
        string.Join(" + ", b.Segments.GroupBy(s => s.Bits).Select(g => $"{g.Count()}x{(g.Key == 0 ? "scalar" : "Vector" + g.Key)}"))));

    private static IEnumerable<string> References(string T, params string[] spans) =>
        spans.Select(s => $"ref {T} {s}r = ref {Marshal}.GetReference({s});");

    /// <summary>
    /// <c>a[j] = FastMath.f(z[j])</c> for the layer's outputs, with whole vectors where they fit and FastMath's scalar
    /// form for the rest: the same bits as the scalar loop, without the span call.
    /// </summary>
    /// <param name="locals">When set, z[j] is also in the local <c>{locals}j</c> (an unrolled layer's sums): the vectors
    /// are built from those registers, since a vector load of values just stored one by one waits for the stores to
    /// reach the cache (the processor cannot forward several stores into one load).</param>
    public static void EmitActivationVectors(SourceWriter w, LayerPlan layer, NumberFormat n, string function, string? locals = null)
    {
        w.Statements(References(n.Type, locals is null ? new[] { "z", "a" } : new[] { "a" }));
        WidthDispatch.Emit(w, layer.Widths,
            (b, width) => b.Statements(width.Flattened.Select(s =>
                Store(s, $"{FastMath}.{function}({(locals is null ? Load(s, "zr", s.Offset.ToString()) : FromLocals(s, locals))})", "ar", s.Offset.ToString()))),
            b => b.Line($"for (int j = 0; j < {layer.Size}; j++) a[j] = {FastMath}.{function}(z[j]);"));
    }

    private static string FromLocals(Segment s, string locals) =>
        s.IsScalar ? $"{locals}{s.Offset}" : $"{Vector(s)}.Create({string.Join(", ", Enumerable.Range(s.Offset, s.Count).Select(j => $"{locals}{j}"))})";

    // ---------------------------------------------------------------------------------------------- forward

    /// <summary>z = b + Σ_i x[i] W[i, :] and, when <see cref="LayerPlan.ActivationInKernel"/>, a = f(z).</summary>
    public static void EmitForward(SourceWriter w, LayerPlan layer, NumberFormat n, ParameterSource p, System.Action<SourceWriter> emitPortable)
    {
        w.Statements(new[] { $"ref {n.Type} pr = ref {Marshal}.GetReference({p.Name});" }
            .Concat(References(n.Type, layer.ActivationInKernel ? new[] { "x", "z", "a" } : new[] { "x", "z" })));
        WidthDispatch.Emit(w, layer.Widths, (b, width) =>
        {
            b.Line($"// {layer.FanIn} inputs x {layer.Size} outputs: {Describe(width)}; accumulators stay in registers over all inputs.");
            foreach (var block in width.Blocks) EmitForwardBlock(b, layer, n, block, Alone(width));
        }, emitPortable);
    }

    private static void EmitForwardBlock(SourceWriter w, LayerPlan layer, NumberFormat n, RegisterBlock block, bool alone)
    {
        string? c = block.Repeat > 1 ? "c" : null;
        int start = block.Start;
        var segs = block.Segments.ToList();
        if (c is not null) w.Line($"for (nuint c = 0; c < {block.Repeat * block.Stride}; c += {block.Stride})");
        using (alone ? null : w.Block(""))
        {
            w.Statements(segs.Select((s, k) => $"var acc{k} = " + (layer.BiasOffset < 0
                ? (s.IsScalar ? n.Literal(0) : $"{Vector(s)}.Create({n.Literal(0)})")
                : Load(s, "pr", Off(c, s.Offset, layer.BiasOffset + start))) + ";"));
            using (OpenInputLoop(w, layer, n.Type, segs, c, start, "pr"))
                w.Statements(segs.Select((s, k) => $"acc{k} = {Fma}({Load(s, "wi", $"{s.Offset}")}, {(s.IsScalar ? "xi" : $"x{s.Bits}")}, acc{k});"));
            w.Statements(segs.SelectMany((s, k) =>
            {
                string o = Off(c, s.Offset, start);
                var stores = new List<string> { Store(s, $"acc{k}", "zr", o) };
                if (layer.ActivationInKernel) stores.Add(Store(s, Activate(layer, n, s, $"acc{k}", c, start), "ar", o));
                return stores;
            }));
        }
    }

    /// <summary>f(acc) for one accumulator: the math table's formula in the segment's lanes.</summary>
    private static string Activate(LayerPlan layer, NumberFormat n, Segment s, string acc, string? c, int start)
    {
        var lanes = s.IsScalar ? Lanes.Scalar(n) : Lanes.Intrinsic(n, s.Bits);
        string slope = layer.SlopeOffset >= 0 ? Load(s, "pr", Off(c, s.Offset, layer.SlopeOffset + start)) : lanes.Const(layer.Spec.Slope);
        return MathTable.Value(layer.Activation, lanes, acc, slope) ?? acc;
    }

    // ---------------------------------------------------------------------------------------------- backward

    /// <summary>∂W[i, :] = x[i] δ, or fma onto ∂W when <c>accumulate</c>, in one pass over the rows with δ in registers.</summary>
    public static void EmitWeightGradient(SourceWriter w, LayerPlan layer, NumberFormat n)
    {
        w.Statements(References(n.Type, "g", "x", "d"));
        WidthDispatch.Emit(w, layer.Widths, (b, width) =>
        {
            b.Line($"// {layer.FanIn} rows x {layer.Size} outputs: {Describe(width)}; δ stays in registers over all rows.");
            foreach (var block in width.Blocks) EmitBackwardBlock(b, layer, n, block, Alone(width));
        }, b =>
        {
            b.Line($"for (int i = 0, k = {layer.WeightOffset}; i < {layer.FanIn}; i++)");
            b.Line($"    for (int j = 0; j < {layer.Size}; j++, k++) g[k] = accumulate ? {Fma}(d[j], x[i], g[k]) : d[j] * x[i];");
        });
    }

    private static void EmitBackwardBlock(SourceWriter w, LayerPlan layer, NumberFormat n, RegisterBlock block, bool alone)
    {
        string? c = block.Repeat > 1 ? "c" : null;
        int start = block.Start;
        var segs = block.Segments.ToList();
        if (c is not null) w.Line($"for (nuint c = 0; c < {block.Repeat * block.Stride}; c += {block.Stride})");
        using (alone ? null : w.Block(""))
        {
            w.Statements(segs.Select((s, k) => $"var d{k} = {Load(s, "dr", Off(c, s.Offset, start))};"));
            using (OpenInputLoop(w, layer, n.Type, segs, c, start, "gr"))
            {
                foreach (var (s, k) in segs.Select((s, k) => (s, k)))
                {
                    string xs = s.IsScalar ? "xi" : $"x{s.Bits}", at = $"{s.Offset}";
                    w.Line(Store(s, $"accumulate ? {Fma}(d{k}, {xs}, {Load(s, "wi", at)}) : d{k} * {xs}", "wi", at));
                }
            }
        }
    }

    /// <summary>
    /// Opens the loop over a layer's inputs that both kernels share: <c>wi</c> walks the input-major weight rows,
    /// <c>xi</c> is the current input, broadcast once per vector width the block uses (<c>x512</c>, <c>x256</c>, ...).
    /// </summary>
    private static System.IDisposable OpenInputLoop(SourceWriter w, LayerPlan layer, string T, IReadOnlyList<Segment> segs, string? c, int start, string rows)
    {
        // ∂W has the parameters' layout, so one row index serves the weights and their gradient; wi is the row.
        w.Line($"nuint row = {Off(c, start, layer.WeightOffset)};");
        var loop = w.Block($"for (nuint i = 0; i < {layer.FanIn}; i++, row += {layer.Size})");
        w.Statements(new[] { $"ref {T} wi = ref {Unsafe}.Add(ref {rows}, row);", $"var xi = {Unsafe}.Add(ref xr, i);" }
            .Concat(segs.Where(s => !s.IsScalar).Select(s => s.Bits).Distinct().Select(bits => $"var x{bits} = {Intrinsic(bits)}.Create(xi);")));
        return loop;
    }
}
