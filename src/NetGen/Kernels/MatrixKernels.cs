using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// Register-blocked dense matrix kernels for batched training (all matrices row-major, <see cref="float"/> or
/// <see cref="double"/>). Generated networks call them with literal sizes for each layer of a mini-batch:
/// <list type="bullet">
/// <item>forward <c>Z[B×m] = X[B×n]·W[n×m] + b</c>: <c>BroadcastRows</c> then <c>MultiplyAdd</c>;</item>
/// <item>weight gradient <c>∂W[n×m] += Xᵀ·Δ</c>: <c>MultiplyAdd</c> with A = Xᵀ given by strides (no copy);</item>
/// <item>bias gradient <c>∂b += Σ_r Δ[r,:]</c>: <c>AddRowSums</c>;</item>
/// <item>input gradient <c>∂X[B×n] = Δ[B×m]·Wᵀ</c>: <c>MultiplyTransposed</c> (W transposed once into scratch, then the same blocked kernel; dot products without scratch).</item>
/// </list>
/// The widest hardware-accelerated vector (512, 256 or 128 bits) that fits the column count is chosen once per call;
/// every product is a fused multiply-add, accumulated over the inner index in increasing order, so results do not
/// depend on the blocking (only on the vector width for <c>MultiplyTransposed</c>'s dot products).
/// Sizes are not validated beyond what <see cref="Span{T}"/> slicing checks at entry. Every kernel with a loop is
/// compiled fully optimized at its first call (<see cref="MethodImplOptions.AggressiveOptimization"/>): tier-0 code
/// runs it several times slower, and on a busy machine tiering can take seconds to replace it.
/// </summary>
public static partial class MatrixKernels
{
    /// <summary>Writes <paramref name="row"/> into each of the <paramref name="rows"/> rows of <paramref name="c"/> (or clears them when the row is empty).</summary>
    public static void BroadcastRows<T>(ReadOnlySpan<T> row, int rows, int columns, Span<T> c) => BroadcastRows(row, rows, columns, c, columns);

    /// <summary>
    /// <see cref="BroadcastRows{T}(ReadOnlySpan{T}, int, int, Span{T})"/> into the first <paramref name="columns"/>
    /// elements of rows <paramref name="cRowStride"/> apart (a block of columns of a wider matrix).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BroadcastRows<T>(ReadOnlySpan<T> row, int rows, int columns, Span<T> c, int cRowStride)
    {
        if (rows <= 0 || columns <= 0) return;
        _ = c.Slice(0, (rows - 1) * cRowStride + columns);
        if (!row.IsEmpty) row = row.Slice(0, columns);
        for (int r = 0; r < rows; r++)
        {
            var target = c.Slice(r * cRowStride, columns);
            if (row.IsEmpty) target.Clear();
            else row.CopyTo(target);
        }
    }

    /// <summary>
    /// <c>C[rows×columns] += A[rows×inner] · B[inner×columns]</c> where A's element (r, k) is
    /// <c>a[r*aRowStride + k*aInnerStride]</c> (so A may be a transposed view), B and C are dense row-major.
    /// </summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, int aRowStride, int aInnerStride, int rows, int inner,
        ReadOnlySpan<T> b, int columns, Span<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        MultiplyAdd(a, aRowStride, aInnerStride, rows, inner, b, columns, c, accumulate: true);

    /// <summary>
    /// <see cref="MultiplyAdd{T}(ReadOnlySpan{T}, int, int, int, int, ReadOnlySpan{T}, int, Span{T})"/>, or with
    /// <paramref name="accumulate"/> false <c>C = A·B</c> (C is neither read nor needs clearing; an empty product
    /// writes zeros).
    /// </summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, int aRowStride, int aInnerStride, int rows, int inner,
        ReadOnlySpan<T> b, int columns, Span<T> c, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T> =>
        MultiplyAdd(a, aRowStride, aInnerStride, rows, inner, b, columns, columns, c, columns, accumulate);

    /// <summary>
    /// <see cref="MultiplyAdd{T}(ReadOnlySpan{T}, int, int, int, int, ReadOnlySpan{T}, int, Span{T}, bool)"/> where
    /// B's rows are <paramref name="bRowStride"/> and C's rows <paramref name="cRowStride"/> elements apart, so B and
    /// C may be blocks of columns of wider matrices (one thread's neurons of a layer). Each element of C gets the
    /// same operations in the same order whatever block it is computed in: the same bits as the whole product.
    /// </summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> a, int aRowStride, int aInnerStride, int rows, int inner,
        ReadOnlySpan<T> b, int bRowStride, int columns, Span<T> c, int cRowStride, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows <= 0 || columns <= 0) return;
        if (inner <= 0)
        {
            if (!accumulate) BroadcastRows(ReadOnlySpan<T>.Empty, rows, columns, c, cRowStride);
            return;
        }
        // Bounds: the last element of A, B and C must exist (spans check the slice).
        _ = a[(rows - 1) * aRowStride + (inner - 1) * aInnerStride];
        _ = b.Slice(0, (inner - 1) * bRowStride + columns);
        _ = c.Slice(0, (rows - 1) * cRowStride + columns);
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        if (TryMultiplyAddPadded(ref ra, aRowStride, aInnerStride, rows, inner, b, bRowStride, columns, c, cRowStride, accumulate)) return;
        if (Vector512.IsHardwareAccelerated && columns >= Vector512<T>.Count)
            MultiplyAddCore<T, Vector512<T>, Simd512<T>>(ref ra, aRowStride, aInnerStride, rows, inner, ref rb, bRowStride, columns, ref rc, cRowStride, accumulate);
        else if (Vector256.IsHardwareAccelerated && columns >= Vector256<T>.Count)
            MultiplyAddCore<T, Vector256<T>, Simd256<T>>(ref ra, aRowStride, aInnerStride, rows, inner, ref rb, bRowStride, columns, ref rc, cRowStride, accumulate);
        else if (Vector128.IsHardwareAccelerated && columns >= Vector128<T>.Count)
            MultiplyAddCore<T, Vector128<T>, Simd128<T>>(ref ra, aRowStride, aInnerStride, rows, inner, ref rb, bRowStride, columns, ref rc, cRowStride, accumulate);
        else
            ScalarColumns(ref ra, aRowStride, aInnerStride, 0, rows, inner, ref rb, bRowStride, columns, 0, ref rc, cRowStride, accumulate);
    }

    // The slice of B that one pass over the inner index streams, in bytes: small enough that it and the matching
    // columns of A stay in a 512 KB L2 (a whole 784×128 float W and 64 rows of X together do not).
    private const int InnerBlockBytes = 128 * 1024;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAddCore<T, TV, TS>(ref T a, int ars, int aks, int rows, int inner, ref T b, int ldb, int columns, ref T c, int ldc, bool acc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : ISimd<T, TV>
    {
        // Split the inner index into blocks; C carries the partial sums from one block to the next (stored and
        // reloaded exactly), so every element still gets its products in increasing k: the same bits.
        // A single row reads B once anyway: one block.
        int innerBlock = rows > 1 ? Math.Max(16, InnerBlockBytes / (columns * Unsafe.SizeOf<T>())) : inner;
        for (int k0 = 0; k0 < inner; k0 += innerBlock)
            MultiplyAddBlock<T, TV, TS>(ref Unsafe.Add(ref a, k0 * aks), ars, aks, rows, Math.Min(innerBlock, inner - k0),
                ref Unsafe.Add(ref b, k0 * ldb), ldb, columns, ref c, ldc, acc || k0 > 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAddBlock<T, TV, TS>(ref T a, int ars, int aks, int rows, int inner, ref T b, int ldb, int columns, ref T c, int ldc, bool acc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : ISimd<T, TV>
    {
        int w = TS.Count;
        // Micro-kernel shape: rows × 2 vectors of columns, all accumulators in registers. AVX-512 has 32 vector
        // registers (8 rows: 16 accumulators); AVX2 and SSE have 16, where 8 rows would spill, so 4 rows (8).
        bool wide = TS.Count * Unsafe.SizeOf<T>() >= 64;
        int rowBlock = wide ? 8 : 4;
        int r = 0;
        for (; r + rowBlock <= rows; r += rowBlock)
        {
            int j = 0;
            if (wide)
            {
                for (; j + 2 * w <= columns; j += 2 * w) Block8x2<T, TV, TS>(ref a, ars, aks, r, inner, ref b, ldb, ldc, j, ref c, acc);
                for (; j + w <= columns; j += w) Block8x1<T, TV, TS>(ref a, ars, aks, r, inner, ref b, ldb, ldc, j, ref c, acc);
            }
            else
            {
                for (; j + 2 * w <= columns; j += 2 * w) Block4x2<T, TV, TS>(ref a, ars, aks, r, inner, ref b, ldb, ldc, j, ref c, acc);
                for (; j + w <= columns; j += w) Block4x1<T, TV, TS>(ref a, ars, aks, r, inner, ref b, ldb, ldc, j, ref c, acc);
            }
            if (j < columns) ScalarColumns(ref a, ars, aks, r, r + rowBlock, inner, ref b, ldb, columns, j, ref c, ldc, acc);
        }
        for (; r < rows; r++)
        {
            int j = 0;
            for (; j + 2 * w <= columns; j += 2 * w) Block1x2<T, TV, TS>(ref a, ars, aks, r, inner, ref b, ldb, ldc, j, ref c, acc);
            for (; j + w <= columns; j += w) Block1x1<T, TV, TS>(ref a, ars, aks, r, inner, ref b, ldb, ldc, j, ref c, acc);
            if (j < columns) ScalarColumns(ref a, ars, aks, r, r + 1, inner, ref b, ldb, columns, j, ref c, ldc, acc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LoadC<T, TV, TS>(bool accumulate, ref T source) where T : unmanaged where TS : ISimd<T, TV> =>
        accumulate ? TS.Load(ref source) : TS.Zero;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x2<T, TV, TS>(ref T a, int ars, int aks, int r, int inner, ref T b, int ldb, int ldc, int j, ref T c, bool acc)
        where T : unmanaged
        where TS : ISimd<T, TV>
    {
        int w = TS.Count;
        ref T c0 = ref Unsafe.Add(ref c, r * ldc + j);
        TV s00 = LoadC<T, TV, TS>(acc, ref c0), s01 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, w));
        ref T c1 = ref Unsafe.Add(ref c0, ldc);
        TV s10 = LoadC<T, TV, TS>(acc, ref c1), s11 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c1, w));
        ref T c2 = ref Unsafe.Add(ref c1, ldc);
        TV s20 = LoadC<T, TV, TS>(acc, ref c2), s21 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c2, w));
        ref T c3 = ref Unsafe.Add(ref c2, ldc);
        TV s30 = LoadC<T, TV, TS>(acc, ref c3), s31 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c3, w));
        ref T c4 = ref Unsafe.Add(ref c3, ldc);
        TV s40 = LoadC<T, TV, TS>(acc, ref c4), s41 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c4, w));
        ref T c5 = ref Unsafe.Add(ref c4, ldc);
        TV s50 = LoadC<T, TV, TS>(acc, ref c5), s51 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c5, w));
        ref T c6 = ref Unsafe.Add(ref c5, ldc);
        TV s60 = LoadC<T, TV, TS>(acc, ref c6), s61 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c6, w));
        ref T c7 = ref Unsafe.Add(ref c6, ldc);
        TV s70 = LoadC<T, TV, TS>(acc, ref c7), s71 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c7, w));

        ref T ak = ref Unsafe.Add(ref a, r * ars);
        ref T bk = ref Unsafe.Add(ref b, j);
        for (int k = 0; k < inner; k++)
        {
            TV b0 = TS.Load(ref bk), b1 = TS.Load(ref Unsafe.Add(ref bk, w));
            TV x = TS.Broadcast(ak);
            s00 = TS.Fma(x, b0, s00); s01 = TS.Fma(x, b1, s01);
            x = TS.Broadcast(Unsafe.Add(ref ak, ars));
            s10 = TS.Fma(x, b0, s10); s11 = TS.Fma(x, b1, s11);
            x = TS.Broadcast(Unsafe.Add(ref ak, 2 * ars));
            s20 = TS.Fma(x, b0, s20); s21 = TS.Fma(x, b1, s21);
            x = TS.Broadcast(Unsafe.Add(ref ak, 3 * ars));
            s30 = TS.Fma(x, b0, s30); s31 = TS.Fma(x, b1, s31);
            x = TS.Broadcast(Unsafe.Add(ref ak, 4 * ars));
            s40 = TS.Fma(x, b0, s40); s41 = TS.Fma(x, b1, s41);
            x = TS.Broadcast(Unsafe.Add(ref ak, 5 * ars));
            s50 = TS.Fma(x, b0, s50); s51 = TS.Fma(x, b1, s51);
            x = TS.Broadcast(Unsafe.Add(ref ak, 6 * ars));
            s60 = TS.Fma(x, b0, s60); s61 = TS.Fma(x, b1, s61);
            x = TS.Broadcast(Unsafe.Add(ref ak, 7 * ars));
            s70 = TS.Fma(x, b0, s70); s71 = TS.Fma(x, b1, s71);
            ak = ref Unsafe.Add(ref ak, aks);
            bk = ref Unsafe.Add(ref bk, ldb);
        }

        TS.Store(s00, ref c0); TS.Store(s01, ref Unsafe.Add(ref c0, w));
        TS.Store(s10, ref c1); TS.Store(s11, ref Unsafe.Add(ref c1, w));
        TS.Store(s20, ref c2); TS.Store(s21, ref Unsafe.Add(ref c2, w));
        TS.Store(s30, ref c3); TS.Store(s31, ref Unsafe.Add(ref c3, w));
        TS.Store(s40, ref c4); TS.Store(s41, ref Unsafe.Add(ref c4, w));
        TS.Store(s50, ref c5); TS.Store(s51, ref Unsafe.Add(ref c5, w));
        TS.Store(s60, ref c6); TS.Store(s61, ref Unsafe.Add(ref c6, w));
        TS.Store(s70, ref c7); TS.Store(s71, ref Unsafe.Add(ref c7, w));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x1<T, TV, TS>(ref T a, int ars, int aks, int r, int inner, ref T b, int ldb, int ldc, int j, ref T c, bool acc)
        where T : unmanaged
        where TS : ISimd<T, TV>
    {
        ref T c0 = ref Unsafe.Add(ref c, r * ldc + j);
        TV s0 = LoadC<T, TV, TS>(acc, ref c0), s1 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, ldc)), s2 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, 2 * ldc)), s3 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, 3 * ldc));
        TV s4 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, 4 * ldc)), s5 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, 5 * ldc)), s6 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, 6 * ldc)), s7 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, 7 * ldc));
        ref T ak = ref Unsafe.Add(ref a, r * ars);
        ref T bk = ref Unsafe.Add(ref b, j);
        for (int k = 0; k < inner; k++)
        {
            TV b0 = TS.Load(ref bk);
            s0 = TS.Fma(TS.Broadcast(ak), b0, s0);
            s1 = TS.Fma(TS.Broadcast(Unsafe.Add(ref ak, ars)), b0, s1);
            s2 = TS.Fma(TS.Broadcast(Unsafe.Add(ref ak, 2 * ars)), b0, s2);
            s3 = TS.Fma(TS.Broadcast(Unsafe.Add(ref ak, 3 * ars)), b0, s3);
            s4 = TS.Fma(TS.Broadcast(Unsafe.Add(ref ak, 4 * ars)), b0, s4);
            s5 = TS.Fma(TS.Broadcast(Unsafe.Add(ref ak, 5 * ars)), b0, s5);
            s6 = TS.Fma(TS.Broadcast(Unsafe.Add(ref ak, 6 * ars)), b0, s6);
            s7 = TS.Fma(TS.Broadcast(Unsafe.Add(ref ak, 7 * ars)), b0, s7);
            ak = ref Unsafe.Add(ref ak, aks);
            bk = ref Unsafe.Add(ref bk, ldb);
        }
        TS.Store(s0, ref c0); TS.Store(s1, ref Unsafe.Add(ref c0, ldc)); TS.Store(s2, ref Unsafe.Add(ref c0, 2 * ldc)); TS.Store(s3, ref Unsafe.Add(ref c0, 3 * ldc));
        TS.Store(s4, ref Unsafe.Add(ref c0, 4 * ldc)); TS.Store(s5, ref Unsafe.Add(ref c0, 5 * ldc)); TS.Store(s6, ref Unsafe.Add(ref c0, 6 * ldc)); TS.Store(s7, ref Unsafe.Add(ref c0, 7 * ldc));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x2<T, TV, TS>(ref T a, int ars, int aks, int r, int inner, ref T b, int ldb, int ldc, int j, ref T c, bool acc)
        where T : unmanaged
        where TS : ISimd<T, TV>
    {
        int w = TS.Count;
        ref T c0 = ref Unsafe.Add(ref c, r * ldc + j);
        TV s0 = LoadC<T, TV, TS>(acc, ref c0), s1 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, w));
        ref T ak = ref Unsafe.Add(ref a, r * ars);
        ref T bk = ref Unsafe.Add(ref b, j);
        for (int k = 0; k < inner; k++)
        {
            TV x = TS.Broadcast(ak);
            s0 = TS.Fma(x, TS.Load(ref bk), s0);
            s1 = TS.Fma(x, TS.Load(ref Unsafe.Add(ref bk, w)), s1);
            ak = ref Unsafe.Add(ref ak, aks);
            bk = ref Unsafe.Add(ref bk, ldb);
        }
        TS.Store(s0, ref c0);
        TS.Store(s1, ref Unsafe.Add(ref c0, w));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x1<T, TV, TS>(ref T a, int ars, int aks, int r, int inner, ref T b, int ldb, int ldc, int j, ref T c, bool acc)
        where T : unmanaged
        where TS : ISimd<T, TV>
    {
        ref T c0 = ref Unsafe.Add(ref c, r * ldc + j);
        TV s0 = LoadC<T, TV, TS>(acc, ref c0);
        ref T ak = ref Unsafe.Add(ref a, r * ars);
        ref T bk = ref Unsafe.Add(ref b, j);
        for (int k = 0; k < inner; k++)
        {
            s0 = TS.Fma(TS.Broadcast(ak), TS.Load(ref bk), s0);
            ak = ref Unsafe.Add(ref ak, aks);
            bk = ref Unsafe.Add(ref bk, ldb);
        }
        TS.Store(s0, ref c0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarColumns<T>(ref T a, int ars, int aks, int rowStart, int rowEnd, int inner, ref T b, int ldb, int columns, int columnStart, ref T c, int ldc, bool acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int r = rowStart;
        // Four rows at a time: four independent FMA chains instead of one latency-bound chain.
        for (; r + 4 <= rowEnd; r += 4)
        {
            ref T a0 = ref Unsafe.Add(ref a, r * ars);
            for (int j = columnStart; j < columns; j++)
            {
                ref T c0 = ref Unsafe.Add(ref c, r * ldc + j);
                T s0 = acc ? c0 : T.Zero, s1 = acc ? Unsafe.Add(ref c0, ldc) : T.Zero, s2 = acc ? Unsafe.Add(ref c0, 2 * ldc) : T.Zero, s3 = acc ? Unsafe.Add(ref c0, 3 * ldc) : T.Zero;
                for (int k = 0; k < inner; k++)
                {
                    T bk = Unsafe.Add(ref b, k * ldb + j);
                    ref T ak = ref Unsafe.Add(ref a0, k * aks);
                    s0 = T.FusedMultiplyAdd(ak, bk, s0);
                    s1 = T.FusedMultiplyAdd(Unsafe.Add(ref ak, ars), bk, s1);
                    s2 = T.FusedMultiplyAdd(Unsafe.Add(ref ak, 2 * ars), bk, s2);
                    s3 = T.FusedMultiplyAdd(Unsafe.Add(ref ak, 3 * ars), bk, s3);
                }
                c0 = s0;
                Unsafe.Add(ref c0, ldc) = s1;
                Unsafe.Add(ref c0, 2 * ldc) = s2;
                Unsafe.Add(ref c0, 3 * ldc) = s3;
            }
        }
        for (; r < rowEnd; r++)
        {
            ref T ar = ref Unsafe.Add(ref a, r * ars);
            for (int j = columnStart; j < columns; j++)
            {
                ref T cj = ref Unsafe.Add(ref c, r * ldc + j);
                T s = acc ? cj : T.Zero;
                for (int k = 0; k < inner; k++)
                    s = T.FusedMultiplyAdd(Unsafe.Add(ref ar, k * aks), Unsafe.Add(ref b, k * ldb + j), s);
                cj = s;
            }
        }
    }

    /// <summary>
    /// <c>C[rows×columns] = A[rows×inner] · Bᵀ</c> with B dense row-major <c>[columns×inner]</c>: each element is the
    /// dot product of a row of A and a row of B (used for ∂X = Δ·Wᵀ with W input-major). Overwrites C.
    /// </summary>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> a, int rows, int inner, ReadOnlySpan<T> b, int columns, Span<T> c)
        where T : unmanaged, IFloatingPointIeee754<T> => MultiplyTransposed(a, rows, inner, b, columns, c, default);

    /// <summary>
    /// <see cref="MultiplyTransposed{T}(ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, int, Span{T})"/> using
    /// <paramref name="scratch"/> (at least <c>inner × columns</c> elements) to transpose B once, then the
    /// register-blocked <c>MultiplyAdd</c>: no horizontal sums, so much faster when
    /// <paramref name="inner"/> is small (∂X of a narrow layer), and every element is a chain of fused multiply-adds
    /// over the inner index in increasing order from +0 whatever the row count, the order of
    /// <see cref="LayerKernels.InputGradient{T}"/> (a single sample's ∂x), so one batched row gives the per-sample bits.
    /// Without enough scratch it falls back to dot products (vector partial sums: a different rounding).
    /// </summary>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> a, int rows, int inner, ReadOnlySpan<T> b, int columns, Span<T> c, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T> => MultiplyTransposed(a, rows, inner, b, columns, c, columns, scratch);

    /// <summary>
    /// <see cref="MultiplyTransposed{T}(ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, int, Span{T}, Span{T})"/> into
    /// rows of C <paramref name="cRowStride"/> elements apart: B may be a block of rows of W (some of the previous
    /// layer's neurons) and C the matching block of columns of ∂X, with the whole product's bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> a, int rows, int inner, ReadOnlySpan<T> b, int columns, Span<T> c, int cRowStride, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rows <= 0 || columns <= 0) return;
        if (scratch.Length >= inner * columns)
        {
            // scratch[k, i] = b[i, k]
            var bt = scratch.Slice(0, inner * columns);
            b = b.Slice(0, columns * inner);
            for (int i = 0; i < columns; i++)
            {
                var row = b.Slice(i * inner, inner);
                for (int k = 0; k < row.Length; k++) bt[k * columns + i] = row[k];
            }
            // From +0 (not accumulating): the chain of LayerKernels.InputGradient.
            MultiplyAdd<T>(a, inner, 1, rows, inner, bt, columns, columns, c, cRowStride, accumulate: false);
            return;
        }
        _ = a.Slice(0, rows * inner);
        _ = b.Slice(0, columns * inner);
        _ = c.Slice(0, (rows - 1) * cRowStride + columns);
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        if (Vector512.IsHardwareAccelerated && inner >= Vector512<T>.Count)
            MultiplyTransposedCore<T, Vector512<T>, Simd512<T>>(ref ra, rows, inner, ref rb, columns, ref rc, cRowStride);
        else if (Vector256.IsHardwareAccelerated && inner >= Vector256<T>.Count)
            MultiplyTransposedCore<T, Vector256<T>, Simd256<T>>(ref ra, rows, inner, ref rb, columns, ref rc, cRowStride);
        else if (Vector128.IsHardwareAccelerated && inner >= Vector128<T>.Count)
            MultiplyTransposedCore<T, Vector128<T>, Simd128<T>>(ref ra, rows, inner, ref rb, columns, ref rc, cRowStride);
        else
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < columns; i++)
                    Unsafe.Add(ref rc, r * cRowStride + i) = DotTail(ref Unsafe.Add(ref ra, r * inner), ref Unsafe.Add(ref rb, i * inner), 0, inner, T.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyTransposedCore<T, TV, TS>(ref T a, int rows, int inner, ref T b, int columns, ref T c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : ISimd<T, TV>
    {
        int w = TS.Count;
        int vectorEnd = inner - inner % w;
        for (int r = 0; r < rows; r++)
        {
            ref T ar = ref Unsafe.Add(ref a, r * inner);
            ref T cr = ref Unsafe.Add(ref c, r * ldc);
            int i = 0;
            for (; i + 4 <= columns; i += 4)
            {
                ref T b0 = ref Unsafe.Add(ref b, i * inner);
                ref T b1 = ref Unsafe.Add(ref b0, inner);
                ref T b2 = ref Unsafe.Add(ref b1, inner);
                ref T b3 = ref Unsafe.Add(ref b2, inner);
                TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero;
                for (int k = 0; k < vectorEnd; k += w)
                {
                    TV x = TS.Load(ref Unsafe.Add(ref ar, k));
                    s0 = TS.Fma(x, TS.Load(ref Unsafe.Add(ref b0, k)), s0);
                    s1 = TS.Fma(x, TS.Load(ref Unsafe.Add(ref b1, k)), s1);
                    s2 = TS.Fma(x, TS.Load(ref Unsafe.Add(ref b2, k)), s2);
                    s3 = TS.Fma(x, TS.Load(ref Unsafe.Add(ref b3, k)), s3);
                }
                Unsafe.Add(ref cr, i) = DotTail(ref ar, ref b0, vectorEnd, inner, TS.Sum(s0));
                Unsafe.Add(ref cr, i + 1) = DotTail(ref ar, ref b1, vectorEnd, inner, TS.Sum(s1));
                Unsafe.Add(ref cr, i + 2) = DotTail(ref ar, ref b2, vectorEnd, inner, TS.Sum(s2));
                Unsafe.Add(ref cr, i + 3) = DotTail(ref ar, ref b3, vectorEnd, inner, TS.Sum(s3));
            }
            for (; i < columns; i++)
            {
                ref T bi = ref Unsafe.Add(ref b, i * inner);
                TV s = TS.Zero;
                for (int k = 0; k < vectorEnd; k += w)
                    s = TS.Fma(TS.Load(ref Unsafe.Add(ref ar, k)), TS.Load(ref Unsafe.Add(ref bi, k)), s);
                Unsafe.Add(ref cr, i) = DotTail(ref ar, ref bi, vectorEnd, inner, TS.Sum(s));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T DotTail<T>(ref T a, ref T b, int start, int end, T sum) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = start; k < end; k++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref a, k), Unsafe.Add(ref b, k), sum);
        return sum;
    }

    /// <summary><c>sum[j] += Σ_r a[r*columns + j]</c> over <paramref name="rows"/> rows, in row order (bias gradients).</summary>
    public static void AddRowSums<T>(ReadOnlySpan<T> a, int rows, int columns, Span<T> sum) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddRowSums(a, rows, columns, sum, accumulate: true);

    /// <summary><see cref="AddRowSums{T}(ReadOnlySpan{T}, int, int, Span{T})"/>, or with <paramref name="accumulate"/> false <c>sum[j] = Σ_r a[r, j]</c>.</summary>
    public static void AddRowSums<T>(ReadOnlySpan<T> a, int rows, int columns, Span<T> sum, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddRowSums(a, rows, columns, columns, sum, accumulate);

    /// <summary>
    /// <see cref="AddRowSums{T}(ReadOnlySpan{T}, int, int, Span{T}, bool)"/> over rows of A <paramref name="aRowStride"/>
    /// elements apart (a block of columns of a wider matrix); each sum is in row order, so any block gives the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRowSums<T>(ReadOnlySpan<T> a, int rows, int columns, int aRowStride, Span<T> sum, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        sum = sum.Slice(0, columns);
        if (!accumulate) sum.Clear();
        // Element-wise adds, as TensorPrimitives.Add would make them; written here so that the loop is compiled with
        // this method (a generic BCL instantiation starts unoptimized, for the whole first epoch on a busy machine).
        int whole = columns - columns % Vector<T>.Count;
        for (int r = 0; r < rows; r++)
        {
            var row = a.Slice(r * aRowStride, columns);
            for (int j = 0; j < whole; j += Vector<T>.Count)
                (new Vector<T>(sum.Slice(j)) + new Vector<T>(row.Slice(j))).CopyTo(sum.Slice(j));
            for (int j = whole; j < columns; j++) sum[j] += row[j];
        }
    }
}
