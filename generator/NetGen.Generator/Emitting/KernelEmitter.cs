using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Fixed-size, register-blocked SIMD kernels for vectorized layers. Weights are input-major (row i = the m weights
/// leaving input i), so every kernel walks the rows once and keeps a block of up to <see cref="BlockVectors"/>
/// output vectors in registers across the whole input loop:
/// <list type="bullet">
/// <item>forward: acc = b; for each i: acc += broadcast(x[i]) · W[i, block] (FMA); then z = acc, a = f(acc) fused;</item>
/// <item>backward: δ[block] in registers; for each i: ∂W[i, block] (+)= x[i] · δ, ∂x[i] += Σ W[i, block] · δ.</item>
/// </list>
/// The m outputs are split at generation time into full vectors of the widest width, then at most one vector of
/// each narrower width, then scalars (so no load ever reaches past a row and nothing is computed twice). One
/// branch per hardware width is emitted (<c>Vector512/256/128.IsHardwareAccelerated</c> are JIT-time constants,
/// so only one survives), plus a portable fallback. Every lane does the same operations in the same order as the
/// scalar remainder (fused multiply-adds, FastMath activations), and parameters are read through
/// <see cref="ParameterSource"/>, so baked and trainable networks give identical bits.
/// </summary>
internal static class KernelEmitter
{
    /// <summary>Output vectors (accumulators) per register block: 8 of 32 zmm registers, leaves room for loads.</summary>
    public const int BlockVectors = 8;

    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string Fma = "global::NetGen.Numerics.FastMath.FusedMultiplyAdd";
    private const string FastMath = "global::NetGen.Numerics.FastMath";

    /// <summary>A run of outputs handled by one accumulator: a vector of <see cref="Bits"/> bits, or a scalar (Bits 0).</summary>
    private sealed class Segment
    {
        public Segment(int offset, int bits, int count)
        {
            Offset = offset;
            Bits = bits;
            Count = count;
        }

        public int Offset { get; }
        public int Bits { get; }
        public int Count { get; }
        public bool IsScalar => Bits == 0;
        public string Vector => $"global::System.Runtime.Intrinsics.Vector{Bits}";
    }

    private sealed class Block
    {
        public Block(List<Segment> segments, int start, int repeat, int stride)
        {
            Segments = segments;
            Start = start;
            Repeat = repeat;
            Stride = stride;
        }

        /// <summary>The first output of the block (of its first run when it repeats).</summary>
        public int Start { get; }

        /// <summary>Offsets relative to the block start.</summary>
        public List<Segment> Segments { get; }

        /// <summary>How many times the block runs (a loop over <c>c</c> when more than once), <see cref="Stride"/> outputs apart.</summary>
        public int Repeat { get; }
        public int Stride { get; }
    }

    private static readonly int[] Widths = { 512, 256, 128 };

    /// <summary>The register blocks for <paramref name="m"/> outputs when vectors up to <paramref name="maxBits"/> are accelerated.</summary>
    private static List<Block> Plan(int m, int maxBits, int elementBytes)
    {
        var segments = new List<Segment>();
        int offset = 0;
        foreach (int bits in Widths.Where(b => b <= maxBits))
        {
            int count = bits / 8 / elementBytes;
            while (m - offset >= count)
            {
                segments.Add(new Segment(offset, bits, count));
                offset += count;
                if (bits != maxBits) break;
            }
        }
        for (; offset < m; offset++) segments.Add(new Segment(offset, 0, 1));

        var blocks = new List<Block>();
        int full = segments.TakeWhile(s => s.Bits == maxBits).Count() / BlockVectors;
        int fullWidth = maxBits / 8 / elementBytes;
        if (full > 0)
        {
            var one = segments.Take(BlockVectors).Select(s => new Segment(s.Offset, s.Bits, s.Count)).ToList();
            blocks.Add(new Block(one, 0, full, BlockVectors * fullWidth));
        }
        var rest = segments.Skip(full * BlockVectors).ToList();
        for (int k = 0; k < rest.Count; k += BlockVectors)
        {
            var chunk = rest.Skip(k).Take(BlockVectors).ToList();
            int start = chunk[0].Offset;
            blocks.Add(new Block(chunk.Select(s => new Segment(s.Offset - start, s.Bits, s.Count)).ToList(), start, 1, 0));
        }
        return blocks;
    }

    /// <summary>Describes the plan, e.g. <c>1 block x 8 Vector512</c>, for the comment above a kernel.</summary>
    private static string Describe(List<Block> blocks) => string.Join(", ", blocks.Select(b =>
        (b.Repeat > 1 ? $"{b.Repeat} blocks of " : "block of ") +
        string.Join(" + ", b.Segments.GroupBy(s => s.Bits).Select(g => $"{g.Count()}x{(g.Key == 0 ? "scalar" : "Vector" + g.Key)}"))));

    /// <summary>The activations applied inside the forward kernel, on the accumulators; the rest run afterwards.</summary>
    public static bool FusesActivation(ActivationKind activation) => activation is ActivationKind.Linear or ActivationKind.ReLU
        or ActivationKind.LeakyReLU or ActivationKind.PReLU or ActivationKind.Tanh or ActivationKind.Sigmoid;

    private static string Off(string? c, int offset, int @base = 0) =>
        c is null ? $"{@base + offset}" : $"{c} + {@base + offset}";

    /// <summary>
    /// <c>dst[j] = FastMath.f(src[j] - shift)</c> for j in [0, m), with whole vectors where they fit (one branch per
    /// width) and FastMath's scalar form for the rest: the same bits as the scalar loop, without the span call.
    /// </summary>
    public static void EmitActivationVectors(SourceWriter w, NumberFormat n, int m, string function, string src, string dst, string? shift)
    {
        string T = n.Type;
        w.Line($"ref {T} fIn = ref {Marshal}.GetReference({src});");
        w.Line($"ref {T} fOut = ref {Marshal}.GetReference({dst});");
        string keyword = "if";
        foreach (int bits in Widths)
        {
            var segments = Plan(m, bits, n.IsDouble ? 8 : 4).SelectMany(b => Enumerable.Range(0, b.Repeat)
                .SelectMany(r => b.Segments.Select(x => new Segment(b.Start + r * b.Stride + x.Offset, x.Bits, x.Count)))).ToList();
            using (w.Block($"{keyword} (global::System.Runtime.Intrinsics.Vector{bits}.IsHardwareAccelerated)"))
            {
                foreach (var seg in segments)
                {
                    string value = Load(seg, "fIn", seg.Offset.ToString());
                    if (shift is not null) value += seg.IsScalar ? $" - {shift}" : $" - {seg.Vector}.Create({shift})";
                    w.Line(Store(seg, $"{FastMath}.{function}({value})", "fOut", seg.Offset.ToString()));
                }
            }
            keyword = "else if";
        }
        using (w.Block("else"))
        {
            w.Line($"for (int j = 0; j < {m}; j++) {dst}[j] = {FastMath}.{function}({src}[j]{(shift is null ? "" : $" - {shift}")});");
        }
    }

    // ---------------------------------------------------------------------------------------------- forward

    /// <summary>z = b + Σ_i x[i] W[i, :] and, for <see cref="FusesActivation"/>, a = f(z); one branch per width.</summary>
    public static void EmitForward(SourceWriter w, LayerLayout layer, NumberFormat n, ParameterSource p, System.Action emitPortable)
    {
        string T = n.Type;
        bool fused = FusesActivation(layer.Spec.Activation);
        w.Line($"ref {T} pr = ref {Marshal}.GetReference({p.Name});");
        w.Line($"ref {T} xr = ref {Marshal}.GetReference(x);");
        w.Line($"ref {T} zr = ref {Marshal}.GetReference(z);");
        if (fused) w.Line($"ref {T} ar = ref {Marshal}.GetReference(a);");
        string keyword = "if";
        foreach (int bits in Widths)
        {
            var blocks = Plan(layer.Size, bits, n.IsDouble ? 8 : 4);
            using (w.Block($"{keyword} (global::System.Runtime.Intrinsics.Vector{bits}.IsHardwareAccelerated)"))
            {
                w.Line($"// {layer.FanIn} inputs x {layer.Size} outputs: {Describe(blocks)}; each block's accumulators stay in registers over all inputs.");
                foreach (var block in blocks) EmitForwardBlock(w, layer, n, block, fused);
            }
            keyword = "else if";
        }
        using (w.Block("else"))
        {
            emitPortable();
        }
    }

    private static void EmitForwardBlock(SourceWriter w, LayerLayout layer, NumberFormat n, Block block, bool fused)
    {
        string T = n.Type;
        string? c = block.Repeat > 1 ? "c" : null;
        int start = block.Start;
        if (c is not null) w.Line($"for (nuint c = 0; c < {block.Repeat * block.Stride}; c += {block.Stride})");
        using (w.Block(""))
        {
            var segs = block.Segments;
            for (int k = 0; k < segs.Count; k++)
            {
                var s = segs[k];
                string bias = layer.BiasOffset < 0
                    ? (s.IsScalar ? n.Literal(0) : $"{s.Vector}<{T}>.Zero")
                    : Load(s, "pr", Off(c, s.Offset, layer.BiasOffset + start));
                w.Line($"var acc{k} = {bias};");
            }
            using (OpenInputLoop(w, layer, segs, T, c, start))
            {
                for (int k = 0; k < segs.Count; k++)
                {
                    var s = segs[k];
                    w.Line($"acc{k} = {Fma}({Load(s, "pr", $"row + {s.Offset}")}, {(s.IsScalar ? "xi" : $"x{s.Bits}")}, acc{k});");
                }
            }
            for (int k = 0; k < segs.Count; k++)
            {
                var s = segs[k];
                string o = Off(c, s.Offset, start);
                w.Line(Store(s, $"acc{k}", "zr", o));
                if (fused) w.Line(Store(s, Activate(layer, n, s, $"acc{k}", c, start), "ar", o));
            }
        }
    }

    private static string Load(Segment s, string reference, string offset) =>
        s.IsScalar ? $"{Unsafe}.Add(ref {reference}, {offset})" : $"{s.Vector}.LoadUnsafe(ref {reference}, {offset})";

    private static string Store(Segment s, string value, string reference, string offset) =>
        s.IsScalar ? $"{Unsafe}.Add(ref {reference}, {offset}) = {value};" : $"{s.Vector}.StoreUnsafe({value}, ref {reference}, {offset});";

    /// <summary>f(acc) for one accumulator: the MathTable formula for scalars, its lane-wise equivalent for vectors.</summary>
    private static string Activate(LayerLayout layer, NumberFormat n, Segment s, string acc, string? c, int start)
    {
        var activation = layer.Spec.Activation;
        string slope = layer.SlopeOffset >= 0 ? Load(s, "pr", Off(c, s.Offset, layer.SlopeOffset + start))
            : s.IsScalar ? n.Literal(layer.Spec.Slope) : $"{s.Vector}.Create({n.Literal(layer.Spec.Slope)})";
        if (s.IsScalar) return MathTable.Value(activation, acc, slope, n);
        string V = s.Vector, zero = $"{V}<{n.Type}>.Zero";
        return activation switch
        {
            ActivationKind.Linear => acc,
            // z > 0 ? z : 0 lane by lane (not Max, whose NaN and -0 rules differ from the scalar form).
            ActivationKind.ReLU => $"{V}.ConditionalSelect({V}.GreaterThan({acc}, {zero}), {acc}, {zero})",
            ActivationKind.LeakyReLU or ActivationKind.PReLU => $"{V}.ConditionalSelect({V}.GreaterThan({acc}, {zero}), {acc}, {slope} * {acc})",
            ActivationKind.Tanh => $"{FastMath}.Tanh({acc})",
            ActivationKind.Sigmoid => $"{FastMath}.Sigmoid({acc})",
            _ => throw new System.ArgumentOutOfRangeException(nameof(activation)),
        };
    }

    // ---------------------------------------------------------------------------------------------- backward

    /// <summary>
    /// ∂W[i, :] = x[i] δ (or += when <c>accumulate</c>) and, unless <paramref name="first"/>, ∂x[i] = Σ_j W[i, j] δ_j,
    /// in one pass over the weight rows with δ held in registers.
    /// </summary>
    public static void EmitBackward(SourceWriter w, LayerLayout layer, NumberFormat n, bool first, System.Action emitPortable)
    {
        string T = n.Type;
        w.Line($"ref {T} pr = ref {Marshal}.GetReference(p);");
        w.Line($"ref {T} gr = ref {Marshal}.GetReference(g);");
        w.Line($"ref {T} xr = ref {Marshal}.GetReference(x);");
        w.Line($"ref {T} dr = ref {Marshal}.GetReference(d);");
        if (!first) w.Line($"ref {T} dxr = ref {Marshal}.GetReference(dx);");
        string keyword = "if";
        foreach (int bits in Widths)
        {
            var blocks = Plan(layer.Size, bits, n.IsDouble ? 8 : 4);
            bool several = blocks.Count > 1 || blocks[0].Repeat > 1;
            using (w.Block($"{keyword} (global::System.Runtime.Intrinsics.Vector{bits}.IsHardwareAccelerated)"))
            {
                w.Line($"// {layer.FanIn} rows x {layer.Size} outputs: {Describe(blocks)}; δ stays in registers over all rows.");
                if (!first && several) w.Line("dx.Clear();");
                foreach (var block in blocks)
                {
                    using (w.Block("if (accumulate)")) EmitBackwardBlock(w, layer, n, block, first, true, several);
                    using (w.Block("else")) EmitBackwardBlock(w, layer, n, block, first, false, several);
                }
            }
            keyword = "else if";
        }
        using (w.Block("else"))
        {
            emitPortable();
        }
    }

    private static void EmitBackwardBlock(SourceWriter w, LayerLayout layer, NumberFormat n, Block block, bool first, bool accumulate, bool addToDx)
    {
        string T = n.Type;
        string? c = block.Repeat > 1 ? "c" : null;
        int start = block.Start;
        if (c is not null) w.Line($"for (nuint c = 0; c < {block.Repeat * block.Stride}; c += {block.Stride})");
        using (w.Block(""))
        {
            var segs = block.Segments;
            for (int k = 0; k < segs.Count; k++) w.Line($"var d{k} = {Load(segs[k], "dr", Off(c, segs[k].Offset, start))};");
            using (OpenInputLoop(w, layer, segs, T, c, start))
            {
                for (int k = 0; k < segs.Count; k++)
                {
                    var s = segs[k];
                    string xs = s.IsScalar ? "xi" : $"x{s.Bits}";
                    string at = $"row + {s.Offset}";
                    string value = accumulate ? $"{Fma}(d{k}, {xs}, {Load(s, "gr", at)})" : $"d{k} * {xs}";
                    w.Line(Store(s, value, "gr", at));
                }
                if (first) return;
                // ∂x[i]: one partial sum per width (a chain of FMAs), reduced once per row.
                var terms = new List<string>();
                foreach (var group in segs.GroupBy(s => s.Bits))
                {
                    var list = group.ToList();
                    string sum = $"s{(group.Key == 0 ? "Scalar" : group.Key.ToString())}";
                    int k0 = segs.IndexOf(list[0]);
                    w.Line($"var {sum} = {Load(list[0], "pr", $"row + {list[0].Offset}")} * d{k0};");
                    foreach (var s in list.Skip(1))
                        w.Line($"{sum} = {Fma}({Load(s, "pr", $"row + {s.Offset}")}, d{segs.IndexOf(s)}, {sum});");
                    terms.Add(group.Key == 0 ? sum : $"global::System.Runtime.Intrinsics.Vector{group.Key}.Sum({sum})");
                }
                w.Line($"{Unsafe}.Add(ref dxr, i) {(addToDx ? "+=" : "=")} {string.Join(" + ", terms)};");
            }
        }
    }

    /// <summary>
    /// Opens the loop over a layer's inputs that both kernels share: <c>row</c> walks the input-major weight rows,
    /// <c>xi</c> is the current input, broadcast once per vector width the block uses (<c>x512</c>, <c>x256</c>, ...).
    /// </summary>
    private static System.IDisposable OpenInputLoop(SourceWriter w, LayerLayout layer, System.Collections.Generic.IReadOnlyList<Segment> segs, string T, string? c, int start)
    {
        w.Line($"nuint row = {Off(c, start, layer.WeightOffset)};");
        var loop = w.Block($"for (nuint i = 0; i < {layer.FanIn}; i++, row += {layer.Size})");
        w.Line($"{T} xi = {Unsafe}.Add(ref xr, i);");
        foreach (int bits in segs.Where(s => !s.IsScalar).Select(s => s.Bits).Distinct())
            w.Line($"var x{bits} = global::System.Runtime.Intrinsics.Vector{bits}.Create(xi);");
        return loop;
    }
}
