using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// The bfloat16 matrix-vector product of <see cref="BFloat16Predictor{TKernels}"/>: <c>z = b + x·W</c> with W packed
/// by <see cref="BFloat16Layer"/> (half the bytes of float weights), products and sums in float. One kernel written
/// over <see cref="ISimd{T, TV}"/> and <see cref="IBFloat16Widen{TV}"/> for 512-, 256- and 128-bit vectors, and a scalar path; all four follow the
/// layer's order of operations, so they give the same bits.
/// </summary>
internal static class BFloat16Kernels
{
    /// <summary>
    /// The bfloat16 nearest to <paramref name="value"/> (ties to even), as its 16 bits. NaN stays a (quiet) NaN; a finite
    /// value too large for bfloat16 saturates to the largest finite one instead of rounding to infinity.
    /// </summary>
    public static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x0040u);
        uint rounded = (bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16;
        bool overflowed = (rounded & 0x7FFFu) == 0x7F80u && float.IsFinite(value);
        return (ushort)(overflowed ? rounded - 1u : rounded);
    }

    /// <summary>The float a bfloat16 stands for (exact).</summary>
    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>
    /// <c>z[0..PaddedSize) = b + x·W</c> for one input row. <paramref name="scalar"/> forces the scalar path (tests);
    /// otherwise the vectors the layer was packed for, when the machine has them.
    /// </summary>
    public static void Multiply(in BFloat16Layer layer, ReadOnlySpan<float> x, Span<float> z, bool scalar = false)
    {
        if (x.Length < layer.FanIn || z.Length < layer.PaddedSize) throw new ArgumentException("The spans are shorter than the layer.");
        ref float input = ref MemoryMarshal.GetReference(x);
        ref float output = ref MemoryMarshal.GetReference(z);
        if (!scalar && layer.Lanes == Vector512<float>.Count && Vector512.IsHardwareAccelerated)
            Multiply<Vector512<float>, Simd512<float>, BFloat16Widen512>(layer, ref input, ref output);
        else if (!scalar && layer.Lanes == Vector256<float>.Count && Vector256.IsHardwareAccelerated)
            Multiply<Vector256<float>, Simd256<float>, BFloat16Widen256>(layer, ref input, ref output);
        else if (!scalar && layer.Lanes == Vector128<float>.Count && Vector128.IsHardwareAccelerated)
            Multiply<Vector128<float>, Simd128<float>, BFloat16Widen128>(layer, ref input, ref output);
        else
            MultiplyScalar(layer, x, z);
    }

    /// <summary>The widest vector the machine runs fast, in floats: the lanes to pack a layer for.</summary>
    public static int PreferredLanes =>
        Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256.IsHardwareAccelerated ? Vector256<float>.Count : Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply<TV, TS, TW>(in BFloat16Layer layer, ref float x, ref float z) where TS : ISimd<float, TV> where TW : IBFloat16Widen<TV>
    {
        int lanes = layer.Lanes, n = layer.FanIn;
        ref uint words = ref MemoryMarshal.GetArrayDataReference(layer.Words);
        ref float bias = ref MemoryMarshal.GetArrayDataReference(layer.Biases);
        for (int first = 0; first < layer.Blocks; first += layer.TileBlocks)
        {
            int width = layer.TileWidth(first);
            ref uint tile = ref Unsafe.Add(ref words, first * n * lanes);
            int at = first * 2 * lanes;
            if (layer.Chains == 4)
                BlockFourChains<TV, TS, TW>(ref tile, ref x, n, ref Unsafe.Add(ref bias, at), ref Unsafe.Add(ref z, at));
            else if (width == 4)
                FourBlocks<TV, TS, TW>(ref tile, ref x, n, ref Unsafe.Add(ref bias, at), ref Unsafe.Add(ref z, at));
            else
                for (int block = 0; block < width; block++)
                    OneBlock<TV, TS, TW>(ref Unsafe.Add(ref tile, block * lanes), width * lanes, ref x, n,
                        ref Unsafe.Add(ref bias, at + block * 2 * lanes), ref Unsafe.Add(ref z, at + block * 2 * lanes));
        }
    }

    /// <summary>A tile of 4 blocks, one chain: 8 accumulators, rows of 4 blocks' words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourBlocks<TV, TS, TW>(ref uint w, ref float x, int n, ref float bias, ref float z) where TS : ISimd<float, TV> where TW : IBFloat16Widen<TV>
    {
        int l = TS.Count;
        TV s0 = TS.Load(ref bias), s1 = TS.Load(ref Unsafe.Add(ref bias, l));
        TV s2 = TS.Load(ref Unsafe.Add(ref bias, 2 * l)), s3 = TS.Load(ref Unsafe.Add(ref bias, 3 * l));
        TV s4 = TS.Load(ref Unsafe.Add(ref bias, 4 * l)), s5 = TS.Load(ref Unsafe.Add(ref bias, 5 * l));
        TV s6 = TS.Load(ref Unsafe.Add(ref bias, 6 * l)), s7 = TS.Load(ref Unsafe.Add(ref bias, 7 * l));
        for (int i = 0; i < n; i++)
        {
            TV xi = TS.Broadcast(Unsafe.Add(ref x, i));
            TW.Widen(ref w, out TV low, out TV high);
            s0 = TS.Fma(xi, low, s0); s1 = TS.Fma(xi, high, s1);
            TW.Widen(ref Unsafe.Add(ref w, l), out low, out high);
            s2 = TS.Fma(xi, low, s2); s3 = TS.Fma(xi, high, s3);
            TW.Widen(ref Unsafe.Add(ref w, 2 * l), out low, out high);
            s4 = TS.Fma(xi, low, s4); s5 = TS.Fma(xi, high, s5);
            TW.Widen(ref Unsafe.Add(ref w, 3 * l), out low, out high);
            s6 = TS.Fma(xi, low, s6); s7 = TS.Fma(xi, high, s7);
            w = ref Unsafe.Add(ref w, 4 * l);
        }
        TS.Store(s0, ref z); TS.Store(s1, ref Unsafe.Add(ref z, l));
        TS.Store(s2, ref Unsafe.Add(ref z, 2 * l)); TS.Store(s3, ref Unsafe.Add(ref z, 3 * l));
        TS.Store(s4, ref Unsafe.Add(ref z, 4 * l)); TS.Store(s5, ref Unsafe.Add(ref z, 5 * l));
        TS.Store(s6, ref Unsafe.Add(ref z, 6 * l)); TS.Store(s7, ref Unsafe.Add(ref z, 7 * l));
    }

    /// <summary>One block of a tile whose rows are <paramref name="stride"/> words apart, one chain (the last tile of a wide layer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneBlock<TV, TS, TW>(ref uint w, int stride, ref float x, int n, ref float bias, ref float z) where TS : ISimd<float, TV> where TW : IBFloat16Widen<TV>
    {
        int l = TS.Count;
        TV s0 = TS.Load(ref bias), s1 = TS.Load(ref Unsafe.Add(ref bias, l));
        for (int i = 0; i < n; i++)
        {
            TV xi = TS.Broadcast(Unsafe.Add(ref x, i));
            TW.Widen(ref w, out TV low, out TV high);
            s0 = TS.Fma(xi, low, s0); s1 = TS.Fma(xi, high, s1);
            w = ref Unsafe.Add(ref w, stride);
        }
        TS.Store(s0, ref z); TS.Store(s1, ref Unsafe.Add(ref z, l));
    }

    /// <summary>The one block of a narrow layer's tile, inputs dealt to 4 chains: 8 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockFourChains<TV, TS, TW>(ref uint w, ref float x, int n, ref float bias, ref float z) where TS : ISimd<float, TV> where TW : IBFloat16Widen<TV>
    {
        int l = TS.Count;
        TV a0 = TS.Load(ref bias), b0 = TS.Load(ref Unsafe.Add(ref bias, l));
        TV a1 = TS.Zero, b1 = TS.Zero, a2 = TS.Zero, b2 = TS.Zero, a3 = TS.Zero, b3 = TS.Zero;
        int i = 0;
        for (; i + 4 <= n; i += 4)
        {
            TW.Widen(ref w, out TV low, out TV high);
            TV xi = TS.Broadcast(Unsafe.Add(ref x, i));
            a0 = TS.Fma(xi, low, a0); b0 = TS.Fma(xi, high, b0);
            TW.Widen(ref Unsafe.Add(ref w, l), out low, out high);
            xi = TS.Broadcast(Unsafe.Add(ref x, i + 1));
            a1 = TS.Fma(xi, low, a1); b1 = TS.Fma(xi, high, b1);
            TW.Widen(ref Unsafe.Add(ref w, 2 * l), out low, out high);
            xi = TS.Broadcast(Unsafe.Add(ref x, i + 2));
            a2 = TS.Fma(xi, low, a2); b2 = TS.Fma(xi, high, b2);
            TW.Widen(ref Unsafe.Add(ref w, 3 * l), out low, out high);
            xi = TS.Broadcast(Unsafe.Add(ref x, i + 3));
            a3 = TS.Fma(xi, low, a3); b3 = TS.Fma(xi, high, b3);
            w = ref Unsafe.Add(ref w, 4 * l);
        }
        // The last n mod 4 inputs go to chains 0, 1, 2 in turn.
        if (i < n)
        {
            TW.Widen(ref w, out TV low, out TV high);
            TV xi = TS.Broadcast(Unsafe.Add(ref x, i));
            a0 = TS.Fma(xi, low, a0); b0 = TS.Fma(xi, high, b0);
        }
        if (i + 1 < n)
        {
            TW.Widen(ref Unsafe.Add(ref w, l), out TV low, out TV high);
            TV xi = TS.Broadcast(Unsafe.Add(ref x, i + 1));
            a1 = TS.Fma(xi, low, a1); b1 = TS.Fma(xi, high, b1);
        }
        if (i + 2 < n)
        {
            TW.Widen(ref Unsafe.Add(ref w, 2 * l), out TV low, out TV high);
            TV xi = TS.Broadcast(Unsafe.Add(ref x, i + 2));
            a2 = TS.Fma(xi, low, a2); b2 = TS.Fma(xi, high, b2);
        }
        TS.Store(TS.Add(TS.Add(a0, a1), TS.Add(a2, a3)), ref z);
        TS.Store(TS.Add(TS.Add(b0, b1), TS.Add(b2, b3)), ref Unsafe.Add(ref z, l));
    }

    /// <summary>The reference: every output on its own, in the layer's order of operations, scalar fused multiply-adds.</summary>
    private static void MultiplyScalar(in BFloat16Layer layer, ReadOnlySpan<float> x, Span<float> z)
    {
        Span<float> sums = stackalloc float[4];
        for (int j = 0; j < layer.PaddedSize; j++)
        {
            sums.Clear();
            sums[0] = layer.Biases[j];
            for (int i = 0; i < layer.FanIn; i++)
            {
                int chain = i % layer.Chains;
                sums[chain] = MathF.FusedMultiplyAdd(x[i], layer.Weight(i, j), sums[chain]);
            }
            z[j] = layer.Chains == 1 ? sums[0] : (sums[0] + sums[1]) + (sums[2] + sums[3]);
        }
    }
}
