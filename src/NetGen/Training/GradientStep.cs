using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// The one plain gradient-descent rule, θ ← θ − α g, rounded once per parameter (a fused multiply-add of −α, g and θ).
/// <see cref="Network{TKernels, T}.TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, <c>ApplyGradients</c> and
/// <see cref="Trainer"/>'s plain SGD all go through it, so they give the same bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public static class GradientStep
{
    /// <summary>
    /// Applies the step only if every updated parameter is finite; otherwise returns false and writes nothing.
    /// <c>t − t</c> is 0 for a finite t and NaN otherwise, and a NaN survives the sum, so the check is exact.
    /// </summary>
    [SkipLocalsInit]
    public static bool TryApply<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Length > ScratchBuffer.StackLimit || gradients.Length != parameters.Length)
        {
            // Larger networks: a checking pass, then the update (no scratch of their size on the hot path).
            if (!IsFinite(parameters, gradients, learningRate)) return false;
            Apply(parameters, gradients, learningRate);
            return true;
        }
        // Small networks: one pass computes every new parameter into a stack buffer and checks it; they are copied in
        // only when all are finite (a copy costs less than computing them twice).
        Span<T> updated = stackalloc T[ScratchBuffer.StackLimit];
        updated = updated.Slice(0, parameters.Length);
        if (!Compute(parameters, gradients, learningRate, updated)) return false;
        updated.CopyTo(parameters);
        return true;
    }

    /// <summary>Writes every θ − α g to <paramref name="updated"/>; returns whether all are finite.</summary>
    private static bool Compute<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> gradients, T learningRate, Span<T> updated)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T step = -learningRate;
        T bad = T.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameters.Length >= Vector<T>.Count)
        {
            var steps = new Vector<T>(step);
            var p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            var g = MemoryMarshal.Cast<T, Vector<T>>(gradients).Slice(0, p.Length);
            var u = MemoryMarshal.Cast<T, Vector<T>>(updated).Slice(0, p.Length);
            var bad0 = Vector<T>.Zero;
            for (int v = 0; v < p.Length; v++)
            {
                var t = Fma(steps, g[v], p[v]);
                u[v] = t;
                bad0 += t - t;
            }
            if (!Vector.EqualsAll(bad0, Vector<T>.Zero)) return false;
            i = p.Length * Vector<T>.Count;
        }
        for (; i < parameters.Length; i++)
        {
            T t = T.FusedMultiplyAdd(step, gradients[i], parameters[i]);
            updated[i] = t;
            bad += t - t;
        }
        return bad == T.Zero;
    }

    /// <summary>Applies the step without checking the result.</summary>
    public static void Apply<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gradients.Length != parameters.Length)
            throw new ArgumentException(FormattableString.Invariant($"Expected {parameters.Length} gradients, got {gradients.Length}."), nameof(gradients));
        T step = -learningRate;
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameters.Length >= Vector<T>.Count)
        {
            var steps = new Vector<T>(step);
            var p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            var g = MemoryMarshal.Cast<T, Vector<T>>(gradients);
            for (int v = 0; v < p.Length; v++) p[v] = Fma(steps, g[v], p[v]);
            i = p.Length * Vector<T>.Count;
        }
        for (; i < parameters.Length; i++) parameters[i] = T.FusedMultiplyAdd(step, gradients[i], parameters[i]);
    }

    /// <summary>Whether every θ − α g is finite (the same expression as <see cref="Apply{T}"/>).</summary>
    public static bool IsFinite<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gradients.Length != parameters.Length)
            throw new ArgumentException(FormattableString.Invariant($"Expected {parameters.Length} gradients, got {gradients.Length}."), nameof(gradients));
        T step = -learningRate;
        T bad = T.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameters.Length >= Vector<T>.Count)
        {
            var steps = new Vector<T>(step);
            var p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            var g = MemoryMarshal.Cast<T, Vector<T>>(gradients);
            Vector<T> bad0 = Vector<T>.Zero, bad1 = Vector<T>.Zero;
            int v = 0;
            // Two independent sums, so the loop is not bound by the latency of one chain of additions.
            for (; v + 2 <= p.Length; v += 2)
            {
                var t0 = Fma(steps, g[v], p[v]);
                var t1 = Fma(steps, g[v + 1], p[v + 1]);
                bad0 += t0 - t0;
                bad1 += t1 - t1;
            }
            if (v < p.Length)
            {
                var t = Fma(steps, g[v], p[v]);
                bad0 += t - t;
            }
            if (!Vector.EqualsAll(bad0 + bad1, Vector<T>.Zero)) return false;
            i = p.Length * Vector<T>.Count;
        }
        for (; i < parameters.Length; i++)
        {
            T t = T.FusedMultiplyAdd(step, gradients[i], parameters[i]);
            bad += t - t;
        }
        return bad == T.Zero;
    }

    /// <summary><c>a * b + c</c> per lane, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
#if NET9_0_OR_GREATER
        // The type tests fold away in each specialization.
        if (typeof(T) == typeof(float))
        {
            var r = Vector.FusedMultiplyAdd(Unsafe.As<Vector<T>, Vector<float>>(ref a), Unsafe.As<Vector<T>, Vector<float>>(ref b), Unsafe.As<Vector<T>, Vector<float>>(ref c));
            return Unsafe.As<Vector<float>, Vector<T>>(ref r);
        }
        if (typeof(T) == typeof(double))
        {
            var r = Vector.FusedMultiplyAdd(Unsafe.As<Vector<T>, Vector<double>>(ref a), Unsafe.As<Vector<T>, Vector<double>>(ref b), Unsafe.As<Vector<T>, Vector<double>>(ref c));
            return Unsafe.As<Vector<double>, Vector<T>>(ref r);
        }
#endif
        {
        Span<T> lanes = stackalloc T[Vector<T>.Count];
        for (int k = 0; k < lanes.Length; k++) lanes[k] = T.FusedMultiplyAdd(a[k], b[k], c[k]);
        return new Vector<T>(lanes);
        }
    }
}
