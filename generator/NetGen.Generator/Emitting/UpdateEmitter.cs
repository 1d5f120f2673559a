namespace NetGen.Generator.Emitting;

/// <summary>
/// Emits plain gradient descent, θ ← θ − α g = fma(−α, g, θ), over the whole parameter buffer, and the exact
/// check TrainStep runs first (is every updated parameter finite?). Both evaluate the same expression, so a step
/// that passes the check writes exactly the values checked.
/// </summary>
internal static class UpdateEmitter
{
    private const int UnrollLimit = 64;
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string Fma = "global::NetGen.Numerics.FastMath.FusedMultiplyAdd";
    private static readonly int[] Widths = { 512, 256, 128 };

    public static void Emit(SourceWriter w, NetworkLayout net)
    {
        string T = net.T;
        int count = net.ParameterCount;
        w.Line("// θ ← θ − α g for every parameter (the course's update rule), as one fused multiply-add each.");
        using (w.Block($"private void ApplyGradientsUnchecked({T} learningRate)"))
            EmitPass(w, net, check: false);
        w.Line();
        w.Line("// TrainStep's update: θ ← θ − α g only if every new value is finite (t − t is 0 for finite t, NaN for ±∞ or NaN,");
        w.Line("// and NaN survives the sum); otherwise returns false and leaves θ untouched.");
        using (w.Block($"private bool TryApplyGradientsUnchecked({T} learningRate)"))
        {
            if (count <= UnrollLimit)
            {
                // Small: every new value in a register, one balanced sum for the check, then the stores.
                w.Line($"global::System.Span<{T}> p = _parameters;");
                w.Line($"global::System.ReadOnlySpan<{T}> g = _gradients;");
                w.Line($"_ = p[{count - 1}]; _ = g[{count - 1}];");
                w.Line($"{T} step = -learningRate;");
                for (int k = 0; k < count; k++) w.Line($"{T} t{k} = {Fma}(step, g[{k}], p[{k}]);");
                w.Line($"{T} bad = {Balanced(0, count)};");
                w.Line($"if (bad != {net.Number.Literal(0)}) return false;");
                for (int k = 0; k < count; k++) w.Line($"p[{k}] = t{k};");
                w.Line("return true;");
            }
            else
            {
                w.Line("if (!UpdateIsFiniteUnchecked(learningRate)) return false;");
                w.Line("ApplyGradientsUnchecked(learningRate);");
                w.Line("return true;");
            }
        }
        w.Line();
        if (count <= UnrollLimit) return;
        w.Line("// Whether every θ − α g is finite (same expression as the update).");
        using (w.Block($"private bool UpdateIsFiniteUnchecked({T} learningRate)"))
            EmitPass(w, net, check: true);
        w.Line();
    }

    /// <summary>(t_from − t_from) + ... as a balanced tree, so the check is not one long dependency chain.</summary>
    private static string Balanced(int from, int to) => to - from == 1
        ? $"(t{from} - t{from})"
        : $"({Balanced(from, (from + to) / 2)} + {Balanced((from + to) / 2, to)})";

    private static void EmitPass(SourceWriter w, NetworkLayout net, bool check)
    {
        string T = net.T;
        int count = net.ParameterCount;
        w.Line($"ref {T} pr = ref {Marshal}.GetArrayDataReference(_parameters);");
        w.Line($"ref {T} gr = ref {Marshal}.GetArrayDataReference(_gradients);");
        w.Line($"{T} step = -learningRate;");
        if (check) w.Line($"{T} bad = {net.Number.Literal(0)};");
        if (count <= UnrollLimit)
        {
            for (int k = 0; k < count; k++) w.Line(Scalar(k.ToString(), check));
            if (check) w.Line($"return bad == {net.Number.Literal(0)};");
            return;
        }
        w.Line("nuint k = 0;");
        string keyword = "if";
        foreach (int bits in Widths)
        {
            string V = $"global::System.Runtime.Intrinsics.Vector{bits}";
            int lanes = bits / 8 / (net.Number.IsDouble ? 8 : 4);
            if (lanes > count) continue;
            using (w.Block($"{keyword} ({V}.IsHardwareAccelerated)"))
            {
                w.Line($"var steps = {V}.Create(step);");
                if (check)
                {
                    // Four independent sums, so the loop is not bound by the latency of one chain of additions.
                    w.Line($"{V}<{T}> bads0 = default, bads1 = default, bads2 = default, bads3 = default;");
                    if (count >= 4 * lanes)
                    {
                        using (w.Block($"for (; k <= {count - 4 * lanes}; k += {4 * lanes})"))
                        {
                            for (int u = 0; u < 4; u++)
                            {
                                w.Line($"var t{u} = {Fma}(steps, {V}.LoadUnsafe(ref gr, k + {u * lanes}), {V}.LoadUnsafe(ref pr, k + {u * lanes}));");
                                w.Line($"bads{u} += t{u} - t{u};");
                            }
                        }
                    }
                }
                using (w.Block($"for (; k <= {count - lanes}; k += {lanes})"))
                {
                    w.Line($"var t = {Fma}(steps, {V}.LoadUnsafe(ref gr, k), {V}.LoadUnsafe(ref pr, k));");
                    w.Line(check ? "bads0 += t - t;" : $"{V}.StoreUnsafe(t, ref pr, k);");
                }
                if (check) w.Line($"bad = {V}.Sum((bads0 + bads1) + (bads2 + bads3));");
            }
            keyword = "else if";
        }
        w.Line($"for (; k < {count}; k++) {Scalar("k", check)}");
        if (check) w.Line($"return bad == {net.Number.Literal(0)};");
    }

    private static string Scalar(string k, bool check)
    {
        string t = $"{Fma}(step, {Unsafe}.Add(ref gr, {k}), {Unsafe}.Add(ref pr, {k}))";
        return check ? $"{{ var t = {t}; bad += t - t; }}" : $"{Unsafe}.Add(ref pr, {k}) = {t};";
    }
}
