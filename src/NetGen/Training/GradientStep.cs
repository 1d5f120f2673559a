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
    /// <c>t − t</c> is 0 for a finite t and NaN otherwise, and a NaN survives an OR of the bits, so the check is exact.
    /// </summary>
    /// <remarks>
    /// A checking pass, then the update (the same expression, so the same bits). Measured on Zen 4, this is as fast as
    /// computing the new values into a stack buffer and copying them in for 131 to 1,000 parameters, and 2.5x faster
    /// for 17 (8-11 ns against 18: the 4 KB stack buffer's page probe and the copy's call cost more than a second pass).
    /// Up to four vectors of parameters are one pass with the new values held in registers (see
    /// <see cref="TryApplyInRegisters"/>). Never inlined: inlined into a large caller (a training loop), the JIT ran out
    /// of inlining budget and called its vector loop, and each vector's fused multiply-add, as separate methods (4x
    /// slower steps on T3).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static bool TryApply<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = parameters.Length;
        if (Vector.IsHardwareAccelerated && length >= Vector<T>.Count && length <= 4 * Vector<T>.Count && gradients.Length == length)
            return TryApplyInRegisters(parameters, gradients, learningRate);
        if (!IsFinite(parameters, gradients, learningRate)) return false;
        Step(parameters, gradients, learningRate, parameters);
        return true;
    }

    /// <summary>
    /// <see cref="TryApply{T}"/> for one to four vectors of parameters (a network of a few neurons): four vectors at
    /// 0, 1, 2 and 3 widths, each start capped so that the vector ends by the last parameter (the last ones overlap
    /// when fewer than four fit), all read and computed before any is checked or stored. An overlapped parameter gets
    /// the same value from both vectors, so the result is <see cref="Step{T}"/>'s, with one read of θ and g instead of two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryApplyInRegisters<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector<T>.Count, last = parameters.Length - width;
        nuint at1 = (nuint)Math.Min(width, last), at2 = (nuint)Math.Min(2 * width, last), at3 = (nuint)last;
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradients);
        var steps = new Vector<T>(-learningRate);
        var t0 = Fma(steps, Vector.LoadUnsafe(ref g), Vector.LoadUnsafe(ref p));
        var t1 = Fma(steps, Vector.LoadUnsafe(ref g, at1), Vector.LoadUnsafe(ref p, at1));
        var t2 = Fma(steps, Vector.LoadUnsafe(ref g, at2), Vector.LoadUnsafe(ref p, at2));
        var t3 = Fma(steps, Vector.LoadUnsafe(ref g, at3), Vector.LoadUnsafe(ref p, at3));
        if (!Vector.EqualsAll((t0 - t0) | (t1 - t1) | (t2 - t2) | (t3 - t3), Vector<T>.Zero)) return false;
        Vector.StoreUnsafe(t0, ref p);
        Vector.StoreUnsafe(t1, ref p, at1);
        Vector.StoreUnsafe(t2, ref p, at2);
        Vector.StoreUnsafe(t3, ref p, at3);
        return true;
    }

    /// <summary>Applies the step without checking the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gradients.Length != parameters.Length)
            throw new ArgumentException(FormattableString.Invariant($"Expected {parameters.Length} gradients, got {gradients.Length}."), nameof(gradients));
        Step(parameters, gradients, learningRate, parameters);
    }

    /// <summary>Whether every θ − α g is finite (the same expression as <see cref="Apply{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsFinite<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gradients.Length != parameters.Length)
            throw new ArgumentException(FormattableString.Invariant($"Expected {parameters.Length} gradients, got {gradients.Length}."), nameof(gradients));
        return Step(parameters, gradients, learningRate, default);
    }

    /// <summary>
    /// The one loop: every θ − α g, written to <paramref name="updated"/> (which may be <paramref name="parameters"/>
    /// itself, or empty to only check); returns whether all are finite. The lengths are equal (checked by the callers).
    /// Two vectors per iteration, each with its own OR of <c>t − t</c>, so no chain of additions bounds the loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Step<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> gradients, T learningRate, Span<T> updated)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = parameters.Length;
        bool write = !updated.IsEmpty;
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradients.Slice(0, length));
        ref T u = ref MemoryMarshal.GetReference(write ? updated.Slice(0, length) : updated);
        T step = -learningRate;
        int i = 0;
        bool finite = true;
        if (Vector.IsHardwareAccelerated && length >= Vector<T>.Count)
        {
            int width = Vector<T>.Count;
            var steps = new Vector<T>(step);
            Vector<T> bad0 = Vector<T>.Zero, bad1 = Vector<T>.Zero;
            for (; i + 2 * width <= length; i += 2 * width)
            {
                var t0 = Fma(steps, Vector.LoadUnsafe(ref g, (nuint)i), Vector.LoadUnsafe(ref p, (nuint)i));
                var t1 = Fma(steps, Vector.LoadUnsafe(ref g, (nuint)(i + width)), Vector.LoadUnsafe(ref p, (nuint)(i + width)));
                if (write)
                {
                    Vector.StoreUnsafe(t0, ref u, (nuint)i);
                    Vector.StoreUnsafe(t1, ref u, (nuint)(i + width));
                }
                bad0 |= t0 - t0;
                bad1 |= t1 - t1;
            }
            if (i + width <= length)
            {
                var t = Fma(steps, Vector.LoadUnsafe(ref g, (nuint)i), Vector.LoadUnsafe(ref p, (nuint)i));
                if (write) Vector.StoreUnsafe(t, ref u, (nuint)i);
                bad0 |= t - t;
                i += width;
            }
            finite = Vector.EqualsAll(bad0 | bad1, Vector<T>.Zero);
        }
        T bad = T.Zero;
        for (; i < length; i++)
        {
            T t = T.FusedMultiplyAdd(step, Unsafe.Add(ref g, i), Unsafe.Add(ref p, i));
            if (write) Unsafe.Add(ref u, i) = t;
            bad += t - t;
        }
        return finite & bad == T.Zero;
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
