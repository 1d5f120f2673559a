using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// The 8-bit matrix-vector product of <see cref="Int8Predictor{TKernels}"/>: quantize the input row to int16
/// (<see cref="Quantize"/>), sum <c>q_w·q_x</c> exactly in int32 over W packed by <see cref="Int8Layer"/> (a quarter of
/// the bytes of float weights), then <c>z = b + s_x·s_w·Σ</c> in float. One kernel written over
/// <see cref="IInt8Simd{TV}"/> for 512- and 256-bit x86 vectors, and a scalar path (any other machine); integer sums
/// are exact and the float steps are the same operations on every path, so all give the same bits.
/// </summary>
internal static class Int8Kernels
{
    /// <summary>
    /// The largest factor an input row is scaled by: a row whose largest |x| is below <c>bound · 2⁻⁶⁴</c> (about 1e-15)
    /// keeps fewer levels rather than overflow float (an all-zero row quantizes to zeros and gives the biases).
    /// </summary>
    private static readonly float MaxInverse = MathF.ScaleB(1f, 64), MinScale = MathF.ScaleB(1f, -64);

    /// <summary>The int32 lanes to pack a layer for: the widest vector path the machine runs.</summary>
    public static int PreferredLanes => Int8Simd512.IsSupported ? Int8Simd512.Lanes : Int8Simd256.Lanes;

    /// <summary>
    /// Per-sample symmetric quantization: <c>q = round(x · bound / max|x|)</c> (to nearest, ties to even) into the first
    /// <c>x.Length</c> values of <paramref name="q"/> (and 0 in the one after, if there is one: an odd fan-in's padding);
    /// returns the scale <c>s_x = max|x| / bound</c>, so <c>x ≈ s_x·q</c> and <c>|q| ≤ bound</c>. A non-finite x (a
    /// hidden layer that overflowed) throws as an output would.
    /// </summary>
    /// <exception cref="ArithmeticException">An x is not finite.</exception>
    public static float Quantize(ReadOnlySpan<float> x, Span<short> q, int bound, bool scalar = false)
    {
        if (q.Length < x.Length || q.Length > x.Length + 1) throw new ArgumentException("The quantized row must be the input's length, or one more.", nameof(q));
        ref float input = ref MemoryMarshal.GetReference(x);
        int n = x.Length, done = 0;
        float largest = 0;
        bool finite = true;
        if (!scalar && Int8Simd512.IsSupported) done = Int8Simd512.LargestMagnitude(ref input, n, out largest, out finite);
        else if (!scalar && Int8Simd256.IsSupported) done = Int8Simd256.LargestMagnitude(ref input, n, out largest, out finite);
        for (int i = done; i < n; i++)
        {
            largest = Math.Max(largest, Math.Abs(x[i]));
            finite &= float.IsFinite(x[i]);
        }
        if (!finite) Guard.FiniteOutput(x);

        // |x · inverse| ≤ max|x| · (bound / max|x|) · (1 + 2⁻²⁴)², less than bound + 0.01, so rounding gives at most bound.
        float inverse = bound / largest, scale = largest / bound;
        if (!(inverse <= MaxInverse)) (inverse, scale) = (MaxInverse, MinScale);
        ref short quantized = ref MemoryMarshal.GetReference(q);
        done = 0;
        if (!scalar && Int8Simd512.IsSupported) done = Int8Simd512.Round(ref input, n, inverse, ref quantized);
        else if (!scalar && Int8Simd256.IsSupported) done = Int8Simd256.Round(ref input, n, inverse, ref quantized);
        for (int i = done; i < n; i++) q[i] = (short)MathF.Round(x[i] * inverse, MidpointRounding.ToEven);
        if (q.Length > n) q[n] = 0; // the padding input of an odd fan-in
        return scale;
    }

    /// <summary>
    /// <c>z[0..PaddedSize) = b + scale·s_w·Σ q_w·inputs</c> for one quantized row (<see cref="Quantize"/>, <c>2·Pairs</c>
    /// values). <paramref name="scalar"/> forces the scalar path (tests); otherwise the vectors the layer was packed
    /// for, when the machine has them.
    /// </summary>
    public static void Multiply(in Int8Layer layer, ReadOnlySpan<short> inputs, float scale, Span<float> z, bool scalar = false)
    {
        if (inputs.Length < 2 * layer.Pairs || z.Length < layer.PaddedSize) throw new ArgumentException("The spans are shorter than the layer.");
        ref short x = ref MemoryMarshal.GetReference(inputs);
        ref float output = ref MemoryMarshal.GetReference(z);
        if (!scalar && layer.Lanes == Int8Simd512.Lanes && Int8Simd512.IsSupported)
            Multiply<Vector512<int>, Int8Simd512>(layer, ref x, scale, ref output);
        else if (!scalar && layer.Lanes == Int8Simd256.Lanes && Int8Simd256.IsSupported)
            Multiply<Vector256<int>, Int8Simd256>(layer, ref x, scale, ref output);
        else
            MultiplyScalar(layer, inputs, scale, z);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply<TV, TS>(in Int8Layer layer, ref short x, float scale, ref float z) where TS : IInt8Simd<TV>
    {
        int lanes = layer.Lanes, pairs = layer.Pairs;
        ref sbyte bytes = ref MemoryMarshal.GetArrayDataReference(layer.Bytes);
        ref float weightScales = ref MemoryMarshal.GetArrayDataReference(layer.Scales);
        ref float biases = ref MemoryMarshal.GetArrayDataReference(layer.Biases);
        for (int first = 0; first < layer.Blocks; first += Int8Layer.TileBlocks)
        {
            int width = layer.TileWidth(first), at = first * lanes;
            ref sbyte tile = ref Unsafe.Add(ref bytes, first * pairs * 2 * lanes);
            if (width == Int8Layer.TileBlocks)
                EightBlocks<TV, TS>(ref tile, ref x, pairs, scale, ref Unsafe.Add(ref weightScales, at), ref Unsafe.Add(ref biases, at), ref Unsafe.Add(ref z, at));
            else
                for (int block = 0; block < width; block++)
                    OneBlock<TV, TS>(ref Unsafe.Add(ref tile, block * 2 * lanes), width * 2 * lanes, ref x, pairs, scale,
                        ref Unsafe.Add(ref weightScales, at + block * lanes), ref Unsafe.Add(ref biases, at + block * lanes), ref Unsafe.Add(ref z, at + block * lanes));
        }
    }

    /// <summary>A tile of 8 blocks: 8 accumulators, rows of 8 blocks' bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EightBlocks<TV, TS>(ref sbyte w, ref short x, int pairs, float scale, ref float weightScales, ref float biases, ref float z)
        where TS : IInt8Simd<TV>
    {
        int l = TS.Lanes;
        TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero, s4 = TS.Zero, s5 = TS.Zero, s6 = TS.Zero, s7 = TS.Zero;
        for (int p = 0; p < pairs; p++)
        {
            TV xp = TS.BroadcastPair(ref Unsafe.Add(ref x, 2 * p));
            s0 = TS.MultiplyAddPairs(s0, ref w, xp);
            s1 = TS.MultiplyAddPairs(s1, ref Unsafe.Add(ref w, 2 * l), xp);
            s2 = TS.MultiplyAddPairs(s2, ref Unsafe.Add(ref w, 4 * l), xp);
            s3 = TS.MultiplyAddPairs(s3, ref Unsafe.Add(ref w, 6 * l), xp);
            s4 = TS.MultiplyAddPairs(s4, ref Unsafe.Add(ref w, 8 * l), xp);
            s5 = TS.MultiplyAddPairs(s5, ref Unsafe.Add(ref w, 10 * l), xp);
            s6 = TS.MultiplyAddPairs(s6, ref Unsafe.Add(ref w, 12 * l), xp);
            s7 = TS.MultiplyAddPairs(s7, ref Unsafe.Add(ref w, 14 * l), xp);
            w = ref Unsafe.Add(ref w, 16 * l);
        }
        TS.Dequantize(s0, scale, ref weightScales, ref biases, ref z);
        TS.Dequantize(s1, scale, ref Unsafe.Add(ref weightScales, l), ref Unsafe.Add(ref biases, l), ref Unsafe.Add(ref z, l));
        TS.Dequantize(s2, scale, ref Unsafe.Add(ref weightScales, 2 * l), ref Unsafe.Add(ref biases, 2 * l), ref Unsafe.Add(ref z, 2 * l));
        TS.Dequantize(s3, scale, ref Unsafe.Add(ref weightScales, 3 * l), ref Unsafe.Add(ref biases, 3 * l), ref Unsafe.Add(ref z, 3 * l));
        TS.Dequantize(s4, scale, ref Unsafe.Add(ref weightScales, 4 * l), ref Unsafe.Add(ref biases, 4 * l), ref Unsafe.Add(ref z, 4 * l));
        TS.Dequantize(s5, scale, ref Unsafe.Add(ref weightScales, 5 * l), ref Unsafe.Add(ref biases, 5 * l), ref Unsafe.Add(ref z, 5 * l));
        TS.Dequantize(s6, scale, ref Unsafe.Add(ref weightScales, 6 * l), ref Unsafe.Add(ref biases, 6 * l), ref Unsafe.Add(ref z, 6 * l));
        TS.Dequantize(s7, scale, ref Unsafe.Add(ref weightScales, 7 * l), ref Unsafe.Add(ref biases, 7 * l), ref Unsafe.Add(ref z, 7 * l));
    }

    /// <summary>One block of a tile whose rows are <paramref name="stride"/> bytes apart (the last tile, or a narrow layer), two accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneBlock<TV, TS>(ref sbyte w, int stride, ref short x, int pairs, float scale, ref float weightScales, ref float biases, ref float z)
        where TS : IInt8Simd<TV>
    {
        TV s0 = TS.Zero, s1 = TS.Zero;
        int p = 0;
        for (; p + 2 <= pairs; p += 2)
        {
            s0 = TS.MultiplyAddPairs(s0, ref w, TS.BroadcastPair(ref Unsafe.Add(ref x, 2 * p)));
            s1 = TS.MultiplyAddPairs(s1, ref Unsafe.Add(ref w, stride), TS.BroadcastPair(ref Unsafe.Add(ref x, 2 * p + 2)));
            w = ref Unsafe.Add(ref w, 2 * stride);
        }
        if (p < pairs) s0 = TS.MultiplyAddPairs(s0, ref w, TS.BroadcastPair(ref Unsafe.Add(ref x, 2 * p)));
        TS.Dequantize(TS.Add(s0, s1), scale, ref weightScales, ref biases, ref z);
    }

    /// <summary>The reference: every output on its own, its exact int32 sum, then the same float steps as the vectors.</summary>
    private static void MultiplyScalar(in Int8Layer layer, ReadOnlySpan<short> inputs, float scale, Span<float> z)
    {
        sbyte[] bytes = layer.Bytes;
        for (int j = 0; j < layer.PaddedSize; j++)
        {
            // An output's weights for one input pair are two adjacent bytes; the next pair's are one tile row further.
            int at = layer.ByteIndex(0, j), stride = layer.ByteIndex(2, j) - at, sum = 0;
            for (int p = 0; p < layer.Pairs; p++, at += stride)
                sum += bytes[at] * inputs[2 * p] + bytes[at + 1] * inputs[2 * p + 1];
            z[j] = MathF.FusedMultiplyAdd(sum, scale * layer.Scales[j], layer.Biases[j]);
        }
    }
}
