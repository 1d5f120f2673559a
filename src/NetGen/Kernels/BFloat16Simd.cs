using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// One vector width's unpacking for <see cref="BFloat16Kernels"/> (the float arithmetic is <see cref="ISimd{T, TV}"/>'s):
/// <see cref="Widen"/> turns a vector of packed words into the two float vectors of a block (low halves shifted up,
/// high halves masked), with no shuffle.
/// </summary>
internal interface IBFloat16Widen<TV>
{
    static abstract void Widen(ref uint words, out TV low, out TV high);
}

internal readonly struct BFloat16Widen512 : IBFloat16Widen<Vector512<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(ref uint words, out Vector512<float> low, out Vector512<float> high)
    {
        var w = Vector512.LoadUnsafe(ref words);
        low = (w << 16).AsSingle();
        high = (w & Vector512.Create(0xFFFF0000u)).AsSingle();
    }
}

internal readonly struct BFloat16Widen256 : IBFloat16Widen<Vector256<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(ref uint words, out Vector256<float> low, out Vector256<float> high)
    {
        var w = Vector256.LoadUnsafe(ref words);
        low = (w << 16).AsSingle();
        high = (w & Vector256.Create(0xFFFF0000u)).AsSingle();
    }
}

internal readonly struct BFloat16Widen128 : IBFloat16Widen<Vector128<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(ref uint words, out Vector128<float> low, out Vector128<float> high)
    {
        var w = Vector128.LoadUnsafe(ref words);
        low = (w << 16).AsSingle();
        high = (w & Vector128.Create(0xFFFF0000u)).AsSingle();
    }
}
