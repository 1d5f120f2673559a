namespace NetGen.Kernels;

/// <summary>
/// One dense layer's weights in a compact format, for <see cref="PackedPredictor{TKernels, TLayer}"/>: the format is the
/// struct that implements this, so the predictor's loop is compiled once per format with direct calls (no interface
/// dispatch). Immutable after <see cref="Pack"/>.
/// </summary>
internal interface IPackedLayer<TSelf> where TSelf : struct, IPackedLayer<TSelf>
{
    /// <summary>Packs <paramref name="weights"/> (input-major <c>[fanIn × size]</c>, NetGen's order) for vectors of <paramref name="lanes"/> 32-bit values.</summary>
    static abstract TSelf Pack(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int fanIn, int size, int lanes);

    /// <summary>Number of outputs.</summary>
    int Size { get; }

    /// <summary>Outputs including the padding the kernel writes: the length of z.</summary>
    int PaddedSize { get; }

    /// <summary>Floats of scratch <see cref="Multiply"/> needs besides z (0 when none).</summary>
    int WorkSize { get; }

    /// <summary>
    /// <c>z[0..PaddedSize) = b + x·W</c> for one input row. <paramref name="scalar"/> forces the scalar path (tests);
    /// otherwise the vectors the layer was packed for, when the machine has them.
    /// </summary>
    void Multiply(ReadOnlySpan<float> x, Span<float> z, Span<float> work, bool scalar);
}
