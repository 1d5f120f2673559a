using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

// The 4-row micro-kernels of MultiplyAdd for 16-register targets (AVX2, SSE): 4 × 2 accumulators, two B vectors
// and one broadcast stay in registers. Each element still gets its products in increasing k, so the results are
// the same bits as the 8-row kernels'.
public static partial class MatrixKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x2<T, TV, TS>(ref T a, int ars, int aks, int r, int inner, ref T b, int ldb, int ldc, int j, ref T c, bool acc)
        where T : unmanaged
        where TS : ISimd<T, TV>
    {
        int w = TS.Count;
        ref T c0 = ref Unsafe.Add(ref c, r * ldc + j);
        ref T c1 = ref Unsafe.Add(ref c0, ldc);
        ref T c2 = ref Unsafe.Add(ref c1, ldc);
        ref T c3 = ref Unsafe.Add(ref c2, ldc);
        TV s00 = LoadC<T, TV, TS>(acc, ref c0), s01 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c0, w));
        TV s10 = LoadC<T, TV, TS>(acc, ref c1), s11 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c1, w));
        TV s20 = LoadC<T, TV, TS>(acc, ref c2), s21 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c2, w));
        TV s30 = LoadC<T, TV, TS>(acc, ref c3), s31 = LoadC<T, TV, TS>(acc, ref Unsafe.Add(ref c3, w));

        ref T a0 = ref Unsafe.Add(ref a, r * ars);
        ref T a1 = ref Unsafe.Add(ref a0, ars);
        ref T a2 = ref Unsafe.Add(ref a1, ars);
        ref T a3 = ref Unsafe.Add(ref a2, ars);
        ref T bk = ref Unsafe.Add(ref b, j);
        for (int k = 0; k < inner; k++)
        {
            TV b0 = TS.Load(ref bk), b1 = TS.Load(ref Unsafe.Add(ref bk, w));
            TV x = TS.Broadcast(a0);
            s00 = TS.Fma(x, b0, s00); s01 = TS.Fma(x, b1, s01);
            x = TS.Broadcast(a1);
            s10 = TS.Fma(x, b0, s10); s11 = TS.Fma(x, b1, s11);
            x = TS.Broadcast(a2);
            s20 = TS.Fma(x, b0, s20); s21 = TS.Fma(x, b1, s21);
            x = TS.Broadcast(a3);
            s30 = TS.Fma(x, b0, s30); s31 = TS.Fma(x, b1, s31);
            a0 = ref Unsafe.Add(ref a0, aks);
            a1 = ref Unsafe.Add(ref a1, aks);
            a2 = ref Unsafe.Add(ref a2, aks);
            a3 = ref Unsafe.Add(ref a3, aks);
            bk = ref Unsafe.Add(ref bk, ldb);
        }

        TS.Store(s00, ref c0); TS.Store(s01, ref Unsafe.Add(ref c0, w));
        TS.Store(s10, ref c1); TS.Store(s11, ref Unsafe.Add(ref c1, w));
        TS.Store(s20, ref c2); TS.Store(s21, ref Unsafe.Add(ref c2, w));
        TS.Store(s30, ref c3); TS.Store(s31, ref Unsafe.Add(ref c3, w));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1<T, TV, TS>(ref T a, int ars, int aks, int r, int inner, ref T b, int ldb, int ldc, int j, ref T c, bool acc)
        where T : unmanaged
        where TS : ISimd<T, TV>
    {
        ref T c0 = ref Unsafe.Add(ref c, r * ldc + j);
        ref T c1 = ref Unsafe.Add(ref c0, ldc);
        ref T c2 = ref Unsafe.Add(ref c1, ldc);
        ref T c3 = ref Unsafe.Add(ref c2, ldc);
        TV s0 = LoadC<T, TV, TS>(acc, ref c0), s1 = LoadC<T, TV, TS>(acc, ref c1);
        TV s2 = LoadC<T, TV, TS>(acc, ref c2), s3 = LoadC<T, TV, TS>(acc, ref c3);
        ref T a0 = ref Unsafe.Add(ref a, r * ars);
        ref T a1 = ref Unsafe.Add(ref a0, ars);
        ref T a2 = ref Unsafe.Add(ref a1, ars);
        ref T a3 = ref Unsafe.Add(ref a2, ars);
        ref T bk = ref Unsafe.Add(ref b, j);
        for (int k = 0; k < inner; k++)
        {
            TV b0 = TS.Load(ref bk);
            s0 = TS.Fma(TS.Broadcast(a0), b0, s0);
            s1 = TS.Fma(TS.Broadcast(a1), b0, s1);
            s2 = TS.Fma(TS.Broadcast(a2), b0, s2);
            s3 = TS.Fma(TS.Broadcast(a3), b0, s3);
            a0 = ref Unsafe.Add(ref a0, aks);
            a1 = ref Unsafe.Add(ref a1, aks);
            a2 = ref Unsafe.Add(ref a2, aks);
            a3 = ref Unsafe.Add(ref a3, aks);
            bk = ref Unsafe.Add(ref bk, ldb);
        }
        TS.Store(s0, ref c0); TS.Store(s1, ref c1); TS.Store(s2, ref c2); TS.Store(s3, ref c3);
    }
}
