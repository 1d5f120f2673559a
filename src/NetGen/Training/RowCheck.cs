using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NetGen;

/// <summary>
/// The dataset rules of <see cref="DatasetCheck"/> applied to rows as a batch gathers them: the copy already reads
/// every value, so checking it on the way costs one vector operation per vector copied. <see cref="BatchRunner{TNet, T}"/>
/// uses this instead of re-reading the whole dataset after every <see cref="TrainingOptions.Progress"/> callback.
/// </summary>
internal static class RowCheck
{
    /// <summary>
    /// Copies <paramref name="from"/> into <paramref name="to"/> and returns <paramref name="check"/> plus
    /// <c>x − x</c> summed over the values: it stays 0 while every value is finite and turns NaN at the first that is not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector<T> CopyChecked<T>(ReadOnlySpan<T> from, Span<T> to, Vector<T> check) where T : unmanaged, IFloatingPointIeee754<T>
    {
        to = to.Slice(0, from.Length);
        var source = MemoryMarshal.Cast<T, Vector<T>>(from);
        var target = MemoryMarshal.Cast<T, Vector<T>>(to);
        for (int v = 0; v < source.Length; v++)
        {
            var x = source[v];
            target[v] = x;
            check += x - x;
        }
        int done = source.Length * Vector<T>.Count;
        if (done == from.Length) return check;
        T tail = T.Zero;
        for (int i = done; i < from.Length; i++)
        {
            T x = from[i];
            to[i] = x;
            tail += x - x;
        }
        return check + new Vector<T>(tail);
    }

    /// <summary>Whether every target is finite and in <paramref name="loss"/>'s domain (<see cref="Guard.InTargetDomain{T}"/>), a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TargetsValid<T>(ReadOnlySpan<T> targets, Loss loss) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Guard.RestrictsTargets(loss)) return Guard.AllFinite(targets);
        var vectors = MemoryMarshal.Cast<T, Vector<T>>(targets);
        bool valid = true;
        if (loss is Loss.Hinge or Loss.SquareLoss)
        {
            // ±1 only; NaN and ±∞ fail the comparison.
            foreach (var y in vectors) valid &= Vector.EqualsAll(Vector.Abs(y), Vector<T>.One);
        }
        else
        {
            // [0, 1]; NaN fails both comparisons.
            foreach (var y in vectors) valid &= Vector.GreaterThanOrEqualAll(y, Vector<T>.Zero) & Vector.LessThanOrEqualAll(y, Vector<T>.One);
        }
        for (int i = vectors.Length * Vector<T>.Count; i < targets.Length; i++)
            valid &= T.IsFinite(targets[i]) && Guard.InTargetDomain(targets[i], loss);
        return valid;
    }

    /// <summary>
    /// Asks the caches for <paramref name="row"/> (a hint: it reads nothing and cannot fault), so that a gather of it
    /// a step later finds it there instead of waiting on memory for rows scattered over a shuffled dataset.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Prefetch<T>(ReadOnlySpan<T> row) where T : unmanaged
    {
        if (!Sse.IsSupported || row.IsEmpty) return;
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(row));
        int bytes = row.Length * sizeof(T);
        for (int b = 0; b < bytes; b += 64) Sse.Prefetch0(start + b);
    }
}
