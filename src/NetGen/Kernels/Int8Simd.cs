using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// One x86 vector width for <see cref="Int8Kernels"/>: <typeparamref name="TV"/> holds <see cref="Lanes"/> int32 sums
/// (one per output). The products widen 8-bit weights to int16 (<c>vpmovsxbw</c>) and multiply them with a broadcast
/// pair of int16 inputs, adding adjacent products into int32 (<c>vpmaddwd</c>); the quantization of a row runs here too.
/// </summary>
internal interface IInt8Simd<TV>
{
    static abstract int Lanes { get; }
    static abstract TV Zero { get; }

    /// <summary>The int16 input pair at <paramref name="pair"/> (read as one int32) in every lane.</summary>
    static abstract TV BroadcastPair(ref short pair);

    static abstract TV Add(TV a, TV b);

    /// <summary><c>sum + Σ over each lane's pair</c> of the <c>2·Lanes</c> weights at <paramref name="weights"/> times <paramref name="inputs"/>.</summary>
    static abstract TV MultiplyAddPairs(TV sum, ref sbyte weights, TV inputs);

    /// <summary><c>z = fma((float)sum, scale · weightScales, biases)</c> lane by lane.</summary>
    static abstract void Dequantize(TV sum, float scale, ref float weightScales, ref float biases, ref float z);

    /// <summary>Over the whole vectors of the first <paramref name="n"/> values: the largest |x|, and whether all are finite. Returns how many it read.</summary>
    static abstract int LargestMagnitude(ref float x, int n, out float largest, out bool finite);

    /// <summary><c>q = round(x · inverse)</c> (to nearest, ties to even) over whole groups of the first <paramref name="n"/> values. Returns how many it wrote.</summary>
    static abstract int Round(ref float x, int n, float inverse, ref short q);
}

internal readonly struct Int8Simd512 : IInt8Simd<Vector512<int>>
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512BW.IsSupported;

    public static int Lanes => Vector512<int>.Count;
    public static Vector512<int> Zero => Vector512<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Add(Vector512<int> a, Vector512<int> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> BroadcastPair(ref short pair) => Vector512.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.As<short, byte>(ref pair)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAddPairs(Vector512<int> sum, ref sbyte weights, Vector512<int> inputs) =>
        sum + Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref weights)), inputs.AsInt16());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dequantize(Vector512<int> sum, float scale, ref float weightScales, ref float biases, ref float z) =>
        Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(sum), Vector512.LoadUnsafe(ref weightScales) * Vector512.Create(scale),
            Vector512.LoadUnsafe(ref biases)).StoreUnsafe(ref z);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int LargestMagnitude(ref float x, int n, out float largest, out bool finite)
    {
        Vector512<float> most = Vector512<float>.Zero, bad = Vector512<float>.Zero;
        int i = 0;
        for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
        {
            var v = Vector512.LoadUnsafe(ref x, (nuint)i);
            most = Avx512F.Max(most, Vector512.Abs(v));
            bad |= v - v; // +0 for a finite value, NaN otherwise (as Guard.AllFinite)
        }
        largest = Int8Simd256.Largest(Avx.Max(most.GetLower(), most.GetUpper()));
        finite = Vector512.EqualsAll(bad, Vector512<float>.Zero);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Round(ref float x, int n, float inverse, ref short q)
    {
        var factor = Vector512.Create(inverse);
        int i = 0;
        for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
        {
            // vcvtps2dq rounds to nearest even (the default rounding mode), as MathF.Round on the scalar path.
            var rounded = Avx512F.ConvertToVector512Int32(Vector512.LoadUnsafe(ref x, (nuint)i) * factor);
            Avx512F.ConvertToVector256Int16(rounded).StoreUnsafe(ref q, (nuint)i);
        }
        return i;
    }
}

internal readonly struct Int8Simd256 : IInt8Simd<Vector256<int>>
{
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    public static int Lanes => Vector256<int>.Count;
    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> BroadcastPair(ref short pair) => Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.As<short, byte>(ref pair)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAddPairs(Vector256<int> sum, ref sbyte weights, Vector256<int> inputs) =>
        sum + Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref weights)), inputs.AsInt16());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dequantize(Vector256<int> sum, float scale, ref float weightScales, ref float biases, ref float z) =>
        Fma.MultiplyAdd(Avx.ConvertToVector256Single(sum), Vector256.LoadUnsafe(ref weightScales) * Vector256.Create(scale),
            Vector256.LoadUnsafe(ref biases)).StoreUnsafe(ref z);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int LargestMagnitude(ref float x, int n, out float largest, out bool finite)
    {
        Vector256<float> most = Vector256<float>.Zero, bad = Vector256<float>.Zero;
        int i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref x, (nuint)i);
            most = Avx.Max(most, Vector256.Abs(v));
            bad |= v - v;
        }
        largest = Largest(most);
        finite = Vector256.EqualsAll(bad, Vector256<float>.Zero);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Round(ref float x, int n, float inverse, ref short q)
    {
        var factor = Vector256.Create(inverse);
        int i = 0;
        for (; i + 2 * Vector256<float>.Count <= n; i += 2 * Vector256<float>.Count)
        {
            var low = Avx.ConvertToVector256Int32(Vector256.LoadUnsafe(ref x, (nuint)i) * factor);
            var high = Avx.ConvertToVector256Int32(Vector256.LoadUnsafe(ref x, (nuint)(i + Vector256<float>.Count)) * factor);
            // vpackssdw packs within 128-bit halves (low0-3 high0-3 low4-7 high4-7): the permute puts them in order.
            var packed = Avx2.PackSignedSaturate(low, high);
            Avx2.Permute4x64(packed.AsInt64(), 0b11_01_10_00).AsInt16().StoreUnsafe(ref q, (nuint)i);
        }
        return i;
    }

    /// <summary>The largest of 8 non-negative, non-NaN lanes.</summary>
    internal static float Largest(Vector256<float> values)
    {
        var four = Sse.Max(values.GetLower(), values.GetUpper());
        return Math.Max(Math.Max(four.GetElement(0), four.GetElement(1)), Math.Max(four.GetElement(2), four.GetElement(3)));
    }
}
