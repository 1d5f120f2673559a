using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

// Narrow products: a 10-class output layer has fewer columns than two AVX-512 vectors, and its columns past the last
// whole vector would run as scalar fused multiply-add chains, bound by their latency (about 10% of a 784-128-10
// batched forward pass). Padding B and C to whole vectors with zero columns lets the vector kernels do all of them:
// every real element still gets its products in increasing k from the same start, so the results are the same bits.
public static partial class MatrixKernels
{
    /// <summary>Padded copies of B and C, in elements, on the stack (16 KB of floats).</summary>
    private const int PaddedScratchLimit = 4096;

    /// <summary>Elements per vector of the widest accelerated width (1 when none is).</summary>
    private static int WidestVector<T>() where T : unmanaged =>
        Vector512.IsHardwareAccelerated ? Vector512<T>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<T>.Count
        : Vector128.IsHardwareAccelerated ? Vector128<T>.Count : 1;

    /// <summary>
    /// <c>C (+)= A·B</c> through zero-padded copies of B and C when the columns end in a partial vector and are few
    /// enough for the padding to pay; false (nothing done) otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryMultiplyAddPadded<T>(ref T a, int ars, int aks, int rows, int inner, ReadOnlySpan<T> b, int ldb, int columns, Span<T> c, int ldc, bool acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = WidestVector<T>();
        if (w == 1 || columns % w == 0 || columns > 4 * w || rows < 4) return false;
        int padded = columns + w - columns % w;
        if ((inner + rows) * padded > PaddedScratchLimit) return false;
        Span<T> scratch = stackalloc T[(inner + rows) * padded];
        scratch.Clear();
        Span<T> bp = scratch.Slice(0, inner * padded), cp = scratch.Slice(inner * padded, rows * padded);
        for (int k = 0; k < inner; k++) b.Slice(k * ldb, columns).CopyTo(bp.Slice(k * padded));
        if (acc)
            for (int r = 0; r < rows; r++) c.Slice(r * ldc, columns).CopyTo(cp.Slice(r * padded));
        ref T rb = ref MemoryMarshal.GetReference(bp);
        ref T rc = ref MemoryMarshal.GetReference(cp);
        if (Vector512.IsHardwareAccelerated)
            MultiplyAddCore<T, Vector512<T>, Simd512<T>>(ref a, ars, aks, rows, inner, ref rb, padded, padded, ref rc, padded, acc);
        else if (Vector256.IsHardwareAccelerated)
            MultiplyAddCore<T, Vector256<T>, Simd256<T>>(ref a, ars, aks, rows, inner, ref rb, padded, padded, ref rc, padded, acc);
        else
            MultiplyAddCore<T, Vector128<T>, Simd128<T>>(ref a, ars, aks, rows, inner, ref rb, padded, padded, ref rc, padded, acc);
        for (int r = 0; r < rows; r++) cp.Slice(r * padded, columns).CopyTo(c.Slice(r * ldc));
        return true;
    }
}
