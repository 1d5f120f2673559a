namespace NetGen.Kernels;

/// <summary>
/// One dense layer's weights as bfloat16 (the upper 16 bits of a float, rounded to nearest even), packed for
/// <see cref="BFloat16Kernels.Multiply"/>, with its biases in float. Immutable after construction.
/// <para>
/// <b>Layout.</b> Outputs come in blocks of <c>2·Lanes</c>: one 32-bit word holds output <c>k</c> of a block in its
/// low half and output <c>Lanes + k</c> in its high half, so a vector of <c>Lanes</c> words becomes two float vectors
/// with one shift (<c>w &lt;&lt; 16</c>) and one mask (<c>w &amp; 0xFFFF0000</c>), no shuffle. Blocks are grouped into
/// tiles of <see cref="TileBlocks"/> (the outputs one pass keeps in registers); a tile stores, input after input, its
/// blocks' words, so a pass streams its weights front to back. Outputs past <see cref="Size"/> have zero weights.
/// </para>
/// <para>
/// <b>Order of operations</b> (the same on every vector width and the scalar path, so all give the same bits): the
/// inputs are dealt to <see cref="Chains"/> partial sums (input i to sum <c>i mod Chains</c>), the first starting at
/// the bias and the others at zero; each sum takes its products by fused multiply-add in increasing i; then
/// <c>z = (s0 + s1) + (s2 + s3)</c> (or <c>z = s0</c> with one chain). Narrow layers use 4 chains so that 2 output
/// vectors still have 8 independent additions in flight.
/// </para>
/// </summary>
internal readonly struct BFloat16Layer : IPackedLayer<BFloat16Layer>
{
    /// <summary>Layers at most this wide use 4 chains (one block per tile), wider ones 1 chain and 4 blocks per tile.</summary>
    internal const int NarrowSize = 32;

    /// <summary>Packs <paramref name="weights"/> (input-major <c>[fanIn × size]</c>, NetGen's order) for <paramref name="lanes"/> floats per vector.</summary>
    public BFloat16Layer(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int fanIn, int size, int lanes)
    {
        FanIn = fanIn;
        Size = size;
        Lanes = lanes;
        Blocks = (size + 2 * lanes - 1) / (2 * lanes);
        Chains = size <= NarrowSize ? 4 : 1;
        TileBlocks = Chains == 1 ? 4 : 1;
        Biases = new float[PaddedSize];
        biases.CopyTo(Biases);
        Words = new uint[checked(Blocks * lanes * fanIn)];
        for (int block = 0; block < Blocks; block++)
            for (int i = 0; i < fanIn; i++)
                for (int k = 0; k < lanes; k++)
                {
                    int low = block * 2 * lanes + k, high = low + lanes;
                    uint lowBits = low < size ? BFloat16Kernels.ToBFloat16(weights[i * size + low]) : 0u;
                    uint highBits = high < size ? BFloat16Kernels.ToBFloat16(weights[i * size + high]) : 0u;
                    Words[WordIndex(block, i, k)] = lowBits | highBits << 16;
                }
    }

    public static BFloat16Layer Pack(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int fanIn, int size, int lanes) =>
        new(weights, biases, fanIn, size, lanes);

    public int WorkSize => 0;

    public void Multiply(ReadOnlySpan<float> x, Span<float> z, Span<float> work, bool scalar) => BFloat16Kernels.Multiply(this, x, z, scalar);

    /// <summary>Number of inputs.</summary>
    public int FanIn { get; }

    /// <summary>Number of outputs.</summary>
    public int Size { get; }

    /// <summary>Floats per vector the layout was packed for (words per block).</summary>
    public int Lanes { get; }

    /// <summary>Number of blocks of <c>2·Lanes</c> outputs.</summary>
    public int Blocks { get; }

    /// <summary>Number of partial sums per output (1 or 4).</summary>
    public int Chains { get; }

    /// <summary>Blocks per tile (the last tile may have fewer).</summary>
    public int TileBlocks { get; }

    /// <summary>Outputs including the zero-weight padding: the length of z the kernel writes.</summary>
    public int PaddedSize => Blocks * 2 * Lanes;

    /// <summary>The packed weights (layout above).</summary>
    public uint[] Words { get; }

    /// <summary>The biases, zero past <see cref="Size"/> and for a layer without biases.</summary>
    public float[] Biases { get; }

    /// <summary>Blocks in the tile that starts at block <paramref name="first"/>.</summary>
    public int TileWidth(int first) => Math.Min(TileBlocks, Blocks - first);

    /// <summary>Where word <paramref name="k"/> of <paramref name="block"/> for <paramref name="input"/> sits.</summary>
    public int WordIndex(int block, int input, int k)
    {
        int first = block - block % TileBlocks;
        return (first * FanIn + input * TileWidth(first) + block - first) * Lanes + k;
    }

    /// <summary>The bfloat16 weight from <paramref name="input"/> to <paramref name="output"/> (padding included), as a float.</summary>
    public float Weight(int input, int output)
    {
        int block = output / (2 * Lanes), k = output % (2 * Lanes);
        uint word = Words[WordIndex(block, input, k % Lanes)];
        return BitConverter.UInt32BitsToSingle(k < Lanes ? word << 16 : word & 0xFFFF0000u);
    }
}
