using System.Runtime.InteropServices;

namespace NetGen.Kernels;

/// <summary>
/// One dense layer's weights as 8-bit integers with one float scale per output neuron, packed for
/// <see cref="Int8Kernels.Multiply"/>, with its biases in float. Immutable after construction.
/// <para>
/// <b>Weights.</b> Output <c>j</c>'s scale is <c>s_w[j] = max_i |w[i, j]| / 127</c> and its weights are
/// <c>round(w / s_w[j])</c> (to nearest, ties to even, in double), so every weight is in [−127, 127]; a column of zeros
/// has scale 0 and weights 0.
/// </para>
/// <para>
/// <b>Inputs.</b> Each sample's input row is quantized on the fly (<see cref="Int8Kernels.Quantize"/>) to int16 values
/// of at most <see cref="InputBound"/> in magnitude, chosen from the fan-in so that the exact int32 sum
/// <c>Σ q_w·q_x</c> can never overflow: <c>|Σ| ≤ fanIn · 127 · InputBound ≤ 2³¹ − 1</c>. Integer sums are exact, so
/// every vector width and the scalar path give the same bits, whatever order they add in.
/// </para>
/// <para>
/// <b>Layout.</b> Outputs come in blocks of <see cref="Lanes"/> (one int32 lane per output); inputs in pairs (an odd
/// fan-in gets a zero input). For one pair and one block, <c>2·Lanes</c> bytes hold, output after output, the weights
/// of the pair's two inputs: widened to int16 they line up with the broadcast input pair so that one multiply-add of
/// adjacent pairs (<c>vpmaddwd</c>) gives each output its two products' sum. Blocks are grouped into tiles of
/// <see cref="TileBlocks"/> (the outputs one pass keeps in registers); a tile stores, pair after pair, its blocks'
/// bytes, so a pass streams its weights front to back. Outputs past <see cref="Size"/> have zero weights.
/// </para>
/// </summary>
internal readonly struct Int8Layer : IPackedLayer<Int8Layer>
{
    /// <summary>Blocks per tile (the last tile may have fewer).</summary>
    internal const int TileBlocks = 8;

    /// <summary>The largest |weight| after quantization.</summary>
    internal const int WeightBound = 127;

    /// <summary>
    /// The fewest levels an input may keep (7 bits and a sign): a fan-in so wide that the overflow bound leaves fewer
    /// (over 133,144 inputs) is refused rather than silently coarse.
    /// </summary>
    internal const int SmallestInputBound = 127;

    public Int8Layer(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int fanIn, int size, int lanes)
    {
        FanIn = fanIn;
        Size = size;
        Lanes = lanes;
        InputBound = InputBoundFor(fanIn);
        Blocks = (size + lanes - 1) / lanes;
        Pairs = (fanIn + 1) / 2;
        Biases = new float[PaddedSize];
        biases.CopyTo(Biases);
        Scales = new float[PaddedSize];
        Bytes = new sbyte[checked(PaddedSize * 2 * Pairs)];
        for (int j = 0; j < size; j++)
        {
            float largest = 0;
            for (int i = 0; i < fanIn; i++) largest = Math.Max(largest, Math.Abs(weights[i * size + j]));
            if (!float.IsFinite(largest))
                throw new ArgumentException($"A weight into neuron {j} is not finite; 8-bit weights need finite ones.", nameof(weights));
            float scale = Scales[j] = largest / WeightBound;
            for (int i = 0; i < fanIn; i++) Bytes[ByteIndex(i, j)] = QuantizeWeight(weights[i * size + j], scale);
        }
    }

    public static Int8Layer Pack(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int fanIn, int size, int lanes) =>
        new(weights, biases, fanIn, size, lanes);

    /// <summary>
    /// The largest |q| an input of a layer with <paramref name="fanIn"/> inputs is quantized to: int16's 32,767, or less
    /// where the int32 sum of <paramref name="fanIn"/> products of it and 127 could overflow (over 516 inputs; 21,568 at 784).
    /// </summary>
    /// <exception cref="NotSupportedException">The fan-in leaves fewer than <see cref="SmallestInputBound"/> levels.</exception>
    public static int InputBoundFor(int fanIn)
    {
        long bound = Math.Min(short.MaxValue, int.MaxValue / ((long)WeightBound * Math.Max(fanIn, 1)));
        if (bound < SmallestInputBound)
            throw new NotSupportedException($"A layer with {fanIn} inputs is too wide for 8-bit inference: its int32 sums would leave the inputs fewer than 8 bits.");
        return (int)bound;
    }

    /// <summary>The 8-bit weight for <paramref name="weight"/> at <paramref name="scale"/>: nearest, ties to even, within ±127.</summary>
    public static sbyte QuantizeWeight(float weight, float scale) =>
        scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(Math.Round(weight / (double)scale, MidpointRounding.ToEven), -WeightBound, WeightBound);

    /// <summary>Number of inputs.</summary>
    public int FanIn { get; }

    /// <summary>Number of outputs.</summary>
    public int Size { get; }

    /// <summary>Int32 lanes per vector the layout was packed for (outputs per block).</summary>
    public int Lanes { get; }

    /// <summary>The largest |q| of a quantized input (<see cref="InputBoundFor"/>).</summary>
    public int InputBound { get; }

    /// <summary>Number of blocks of <see cref="Lanes"/> outputs.</summary>
    public int Blocks { get; }

    /// <summary>Number of input pairs (the fan-in rounded up to even, halved).</summary>
    public int Pairs { get; }

    /// <summary>Outputs including the zero-weight padding: the length of z the kernel writes.</summary>
    public int PaddedSize => Blocks * Lanes;

    /// <summary>The quantized input row, as floats of scratch: <c>2·Pairs</c> int16 values.</summary>
    public int WorkSize => Pairs;

    /// <summary>The packed weights (layout above).</summary>
    public sbyte[] Bytes { get; }

    /// <summary>Each output's weight scale <c>s_w</c>, zero past <see cref="Size"/>.</summary>
    public float[] Scales { get; }

    /// <summary>The biases, zero past <see cref="Size"/> and for a layer without biases.</summary>
    public float[] Biases { get; }

    /// <summary>Blocks in the tile that starts at block <paramref name="first"/>.</summary>
    public int TileWidth(int first) => Math.Min(TileBlocks, Blocks - first);

    /// <summary>Where the weight from <paramref name="input"/> to <paramref name="output"/> (padding included) sits.</summary>
    public int ByteIndex(int input, int output)
    {
        int block = output / Lanes, first = block - block % TileBlocks;
        return ((first * Pairs + input / 2 * TileWidth(first) + block - first) * Lanes + output % Lanes) * 2 + input % 2;
    }

    public void Multiply(ReadOnlySpan<float> x, Span<float> z, Span<float> work, bool scalar)
    {
        var inputs = MemoryMarshal.Cast<float, short>(work).Slice(0, 2 * Pairs);
        float scale = Int8Kernels.Quantize(x.Slice(0, FanIn), inputs, InputBound, scalar);
        Int8Kernels.Multiply(this, inputs, scale, z, scalar);
    }
}
