using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace NetGen.Numerics;

// Width-specific primitives used by the kernels in FastMath.Vector{128,256,512}.cs.
// Min/Max only ever see non-NaN lanes that matter (NaN lanes are replaced by the input at the end), so the
// cheap platform min/max is used where available.
public static partial class FastMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector512.FusedMultiplyAdd(a, b, c);
#else
        return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c)
    {
#if NET9_0_OR_GREATER
        return Vector512.FusedMultiplyAdd(a, b, c);
#else
        return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector256.FusedMultiplyAdd(a, b, c);
#else
        return System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, c) : a * b + c;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c)
    {
#if NET9_0_OR_GREATER
        return Vector256.FusedMultiplyAdd(a, b, c);
#else
        return System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, c) : a * b + c;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector128.FusedMultiplyAdd(a, b, c);
#else
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported) return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, c);
        if (AdvSimd.IsSupported) return AdvSimd.FusedMultiplyAdd(c, a, b);
        return a * b + c;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c)
    {
#if NET9_0_OR_GREATER
        return Vector128.FusedMultiplyAdd(a, b, c);
#else
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported) return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, c);
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.FusedMultiplyAdd(c, a, b);
        return a * b + c;
#endif
    }

#if NET9_0_OR_GREATER
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Max<T>(Vector512<T> a, Vector512<T> b) => Vector512.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Max<T>(Vector256<T> a, Vector256<T> b) => Vector256.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Max<T>(Vector128<T> a, Vector128<T> b) => Vector128.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Clamp<T>(Vector512<T> x, Vector512<T> lo, Vector512<T> hi) => Vector512.MinNative(Vector512.MaxNative(x, lo), hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Clamp<T>(Vector256<T> x, Vector256<T> lo, Vector256<T> hi) => Vector256.MinNative(Vector256.MaxNative(x, lo), hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Clamp<T>(Vector128<T> x, Vector128<T> lo, Vector128<T> hi) => Vector128.MinNative(Vector128.MaxNative(x, lo), hi);
#else
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Max<T>(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Max<T>(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Max<T>(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Clamp<T>(Vector512<T> x, Vector512<T> lo, Vector512<T> hi) => Vector512.Min(Vector512.Max(x, lo), hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Clamp<T>(Vector256<T> x, Vector256<T> lo, Vector256<T> hi) => Vector256.Min(Vector256.Max(x, lo), hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Clamp<T>(Vector128<T> x, Vector128<T> lo, Vector128<T> hi) => Vector128.Min(Vector128.Max(x, lo), hi);
#endif
}
