using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetGen.Numerics;

namespace NetGen.Kernels;

/// <summary>
/// The row-wise parts of a layer that do not depend on its size: softmax, its Jacobian and its fusion with cross
/// entropy. Written once here, so a network's single-sample kernels (one row) and its batched kernels (many rows)
/// run the same operations in the same order and give the same bits. Rows are <c>columns</c> elements long and the
/// spans hold whole rows; nothing is validated (the runtime has checked the shapes).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LayerKernels
{
    /// <summary>
    /// <c>a = softmax(z)</c> per row: shifted by the row's largest z so the exponential cannot overflow. The shift and
    /// the division are per element (a vector at a time gives the same bits); the sum runs in index order. The largest z
    /// is found with a branch, which a row whose largest element keeps its place predicts (measured faster than vectors).
    /// The exponentials of all rows are one <see cref="FastMath"/> call: element for element the same bits as row by row
    /// (its scalar, vector and span results agree), but whole vectors instead of a partial one per 10-class row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax<T>(ReadOnlySpan<T> z, Span<T> a, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int end = z.Length - z.Length % columns;
        for (int start = 0; start < end; start += columns)
        {
            var zr = z.Slice(start, columns);
            T max = zr[0];
            for (int j = 1; j < zr.Length; j++) if (zr[j] > max) max = zr[j];
            Subtract(zr, max, a.Slice(start, columns));
        }
        Exp(a.Slice(0, end));
        for (int start = 0; start < end; start += columns)
        {
            var ar = a.Slice(start, columns);
            T sum = T.Zero;
            for (int j = 0; j < ar.Length; j++) sum += ar[j];
            Divide(ar, sum);
        }
    }

    /// <summary><c>to[j] = from[j] − value</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] // not always inlined (128-bit vectors)
    private static void Subtract<T>(ReadOnlySpan<T> from, T value, Span<T> to) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T f = ref MemoryMarshal.GetReference(from);
        ref T t = ref MemoryMarshal.GetReference(to.Slice(0, from.Length));
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = new Vector<T>(value);
            for (; j + Vector<T>.Count <= from.Length; j += Vector<T>.Count)
                Vector.StoreUnsafe(Vector.LoadUnsafe(ref f, (nuint)j) - v, ref t, (nuint)j);
        }
        for (; j < from.Length; j++) Unsafe.Add(ref t, j) = Unsafe.Add(ref f, j) - value;
    }

    /// <summary><c>row[j] /= divisor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] // not always inlined (128-bit vectors)
    private static void Divide<T>(Span<T> row, T divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T r = ref MemoryMarshal.GetReference(row);
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = new Vector<T>(divisor);
            for (; j + Vector<T>.Count <= row.Length; j += Vector<T>.Count)
                Vector.StoreUnsafe(Vector.LoadUnsafe(ref r, (nuint)j) / v, ref r, (nuint)j);
        }
        for (; j < row.Length; j++) Unsafe.Add(ref r, j) /= divisor;
    }

    /// <summary>
    /// Cross entropy through softmax, per row: <c>δ_j = a_j Σ_k y_k − y_j</c>. The targets may be any values in [0, 1],
    /// so their sum is kept: exactly <c>a − y</c> for one-hot or probability targets, the true gradient otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxCrossEntropyDelta<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> delta, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0; start + columns <= a.Length; start += columns)
        {
            var ar = a.Slice(start, columns);
            var yr = y.Slice(start, columns);
            var dr = delta.Slice(start, columns);
            T targetSum = T.Zero;
            for (int j = 0; j < yr.Length; j++) targetSum += yr[j];
            for (int j = 0; j < ar.Length; j++) dr[j] = ar[j] * targetSum - yr[j];
        }
    }

    /// <summary>The softmax Jacobian applied to ∂C/∂a, per row: <c>δ_j = a_j (∂C/∂a_j − Σ_k a_k ∂C/∂a_k)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxJacobian<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> da, Span<T> delta, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0; start + columns <= a.Length; start += columns)
        {
            var ar = a.Slice(start, columns);
            var gr = da.Slice(start, columns);
            var dr = delta.Slice(start, columns);
            T weighted = T.Zero;
            for (int j = 0; j < ar.Length; j++) weighted += ar[j] * gr[j];
            for (int j = 0; j < ar.Length; j++) dr[j] = ar[j] * (gr[j] - weighted);
        }
    }

    /// <summary>
    /// <c>∂x = W δ</c> for one row of a layer (W input-major, <c>fanIn × columns</c>): each element is a chain of fused
    /// multiply-adds over j in increasing order from +0, the order of <see cref="MatrixKernels.MultiplyTransposed{T}(ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, int, Span{T}, Span{T})"/>
    /// with scratch, so the single-sample and batched input gradients are the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InputGradient<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> delta, Span<T> dx, int fanIn, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Four rows at a time: four independent chains keep the multiply-adders busy (each chain alone waits on the
        // latency of the one before); every element is still its own chain in increasing j.
        ref T d = ref MemoryMarshal.GetReference(delta.Slice(0, columns));
        ref T w = ref MemoryMarshal.GetReference(weights.Slice(0, fanIn * columns));
        ref T o = ref MemoryMarshal.GetReference(dx.Slice(0, fanIn));
        int i = 0;
        for (; i + 4 <= fanIn; i += 4)
        {
            ref T w0 = ref Unsafe.Add(ref w, i * columns);
            ref T w1 = ref Unsafe.Add(ref w0, columns);
            ref T w2 = ref Unsafe.Add(ref w1, columns);
            ref T w3 = ref Unsafe.Add(ref w2, columns);
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            for (int j = 0; j < columns; j++)
            {
                T dj = Unsafe.Add(ref d, j);
                s0 = T.FusedMultiplyAdd(dj, Unsafe.Add(ref w0, j), s0);
                s1 = T.FusedMultiplyAdd(dj, Unsafe.Add(ref w1, j), s1);
                s2 = T.FusedMultiplyAdd(dj, Unsafe.Add(ref w2, j), s2);
                s3 = T.FusedMultiplyAdd(dj, Unsafe.Add(ref w3, j), s3);
            }
            Unsafe.Add(ref o, i) = s0;
            Unsafe.Add(ref o, i + 1) = s1;
            Unsafe.Add(ref o, i + 2) = s2;
            Unsafe.Add(ref o, i + 3) = s3;
        }
        for (; i < fanIn; i++)
        {
            ref T row = ref Unsafe.Add(ref w, i * columns);
            T s = T.Zero;
            for (int j = 0; j < columns; j++) s = T.FusedMultiplyAdd(Unsafe.Add(ref d, j), Unsafe.Add(ref row, j), s);
            Unsafe.Add(ref o, i) = s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Exp<T>(Span<T> values) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var f = MemoryMarshal.Cast<T, float>(values);
            FastMath.Exp(f, f);
        }
        else
        {
            var d = MemoryMarshal.Cast<T, double>(values);
            FastMath.Exp(d, d);
        }
    }
}
