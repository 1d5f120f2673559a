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
    /// <summary><c>a = softmax(z)</c> per row: shifted by the row's largest z so the exponential cannot overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax<T>(ReadOnlySpan<T> z, Span<T> a, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0; start + columns <= z.Length; start += columns)
        {
            var zr = z.Slice(start, columns);
            var ar = a.Slice(start, columns);
            T max = zr[0];
            for (int j = 1; j < zr.Length; j++) if (zr[j] > max) max = zr[j];
            for (int j = 0; j < zr.Length; j++) ar[j] = zr[j] - max;
            Exp(ar);
            T sum = T.Zero;
            for (int j = 0; j < ar.Length; j++) sum += ar[j];
            for (int j = 0; j < ar.Length; j++) ar[j] /= sum;
        }
    }

    /// <summary>
    /// Cross entropy through softmax, per row: <c>δ_j = a_j Σ_k y_k − y_j</c>. The targets may be any values in [0, 1],
    /// so their sum is kept: exactly <c>a − y</c> for one-hot or probability targets, the true gradient otherwise.
    /// </summary>
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
    public static void InputGradient<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> delta, Span<T> dx, int fanIn, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        delta = delta.Slice(0, columns);
        weights = weights.Slice(0, fanIn * columns);
        for (int i = 0; i < fanIn; i++)
        {
            var row = weights.Slice(i * columns, columns);
            T s = T.Zero;
            for (int j = 0; j < row.Length; j++) s = T.FusedMultiplyAdd(delta[j], row[j], s);
            dx[i] = s;
        }
    }

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
