using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86 = System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// One vector width for <see cref="BFloat16Kernels"/>: float vectors, and <see cref="Widen"/>, which turns a vector of
/// packed words into the two float vectors of a block (low halves shifted up, high halves masked), with no shuffle.
/// </summary>
internal interface IBFloat16Simd<TV>
{
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV Load(ref float source);
    static abstract void Store(TV value, ref float destination);
    static abstract TV Broadcast(float value);
    /// <summary><c>a * b + c</c>, fused (one rounding), as <see cref="MathF.FusedMultiplyAdd"/> per lane.</summary>
    static abstract TV Fma(TV a, TV b, TV c);
    static abstract TV Add(TV a, TV b);
    static abstract void Widen(ref uint words, out TV low, out TV high);
}

internal readonly struct BFloat16Simd512 : IBFloat16Simd<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
#if NET9_0_OR_GREATER
        Vector512.FusedMultiplyAdd(a, b, c);
#else
        X86.Avx512F.IsSupported ? X86.Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c; // .NET 8 has no portable fused form
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(ref uint words, out Vector512<float> low, out Vector512<float> high)
    {
        var w = Vector512.LoadUnsafe(ref words);
        low = (w << 16).AsSingle();
        high = (w & Vector512.Create(0xFFFF0000u)).AsSingle();
    }
}

internal readonly struct BFloat16Simd256 : IBFloat16Simd<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
#if NET9_0_OR_GREATER
        Vector256.FusedMultiplyAdd(a, b, c);
#else
        X86.Fma.IsSupported ? X86.Fma.MultiplyAdd(a, b, c) : a * b + c; // .NET 8 has no portable fused form
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(ref uint words, out Vector256<float> low, out Vector256<float> high)
    {
        var w = Vector256.LoadUnsafe(ref words);
        low = (w << 16).AsSingle();
        high = (w & Vector256.Create(0xFFFF0000u)).AsSingle();
    }
}

internal readonly struct BFloat16Simd128 : IBFloat16Simd<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
#if NET9_0_OR_GREATER
        Vector128.FusedMultiplyAdd(a, b, c);
#else
        X86.Fma.IsSupported ? X86.Fma.MultiplyAdd(a, b, c) : a * b + c; // .NET 8 has no portable fused form
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(ref uint words, out Vector128<float> low, out Vector128<float> high)
    {
        var w = Vector128.LoadUnsafe(ref words);
        low = (w << 16).AsSingle();
        high = (w & Vector128.Create(0xFFFF0000u)).AsSingle();
    }
}
