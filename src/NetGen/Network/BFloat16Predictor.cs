using NetGen.Kernels;

namespace NetGen;

/// <summary>
/// Inference with the weights rounded to bfloat16: half the bytes of float weights, so about twice the speed of
/// <see cref="Network{TKernels, T}.Predict"/> where a sample's weights stream from cache or memory (784-128-10 at batch 1),
/// at a small cost in accuracy (see the README: on Fashion-MNIST, argmax agreement with float above 99%). Made by
/// <see cref="BFloat16Predictors.ToBFloat16Predictor{TKernels}(Network{TKernels, float})"/>.
/// <para>
/// A <b>snapshot</b>: it holds its own copy of the weights (bfloat16, rounded to nearest even) and of the biases and
/// PReLU slopes (float), taken when it was made; training or editing the network afterwards does not change it, so make
/// a new one after training. Products and sums are in float; activations are the network's own (the generated code).
/// </para>
/// <para>
/// <b>Thread-safe</b>: it never changes after construction and its scratch comes from the stack (or a per-thread buffer
/// for very wide layers), so any number of threads may call <see cref="Predict"/> and <see cref="PredictBatch"/> at once.
/// Allocation-free after a thread's first call.
/// </para>
/// </summary>
/// <typeparam name="TKernels">The network's generated kernels.</typeparam>
public sealed class BFloat16Predictor<TKernels> where TKernels : struct, INetworkKernels<float>
{
    private readonly PackedPredictor<TKernels, BFloat16Layer> _predictor;

    /// <summary>Packs <paramref name="parameters"/> for vectors of <paramref name="lanes"/> floats; <paramref name="scalar"/> forces the scalar path (tests).</summary>
    internal BFloat16Predictor(ReadOnlySpan<float> parameters, int lanes, bool scalar = false) =>
        _predictor = new PackedPredictor<TKernels, BFloat16Layer>(parameters, lanes, scalar);

    /// <summary>Number of input features.</summary>
    public int InputSize => default(TKernels).InputSize;

    /// <summary>Number of outputs.</summary>
    public int OutputSize => default(TKernels).OutputSize;

    /// <summary>Runs the network on one sample with the bfloat16 weights. Thread-safe and allocation-free.</summary>
    /// <exception cref="ArgumentException">A length is wrong or an input is not finite.</exception>
    /// <exception cref="ArithmeticException">An output overflowed (inputs far outside the trained range).</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output) => _predictor.Predict(input, output);

    /// <summary>Runs the network on many samples laid out row after row; writes one output row per input row. Thread-safe.</summary>
    /// <exception cref="ArgumentException">A length is wrong or an input is not finite.</exception>
    /// <exception cref="ArithmeticException">An output overflowed (inputs far outside the trained range).</exception>
    public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => _predictor.PredictBatch(inputs, outputs);
}

/// <summary>Makes <see cref="BFloat16Predictor{TKernels}"/>s.</summary>
public static class BFloat16Predictors
{
    /// <summary>
    /// A snapshot of <paramref name="network"/>'s current parameters as a <see cref="BFloat16Predictor{TKernels}"/>:
    /// faster batch-1 inference with the weights rounded to bfloat16. Later training does not change it. Float
    /// networks only (a double network's weights are not worth halving twice).
    /// </summary>
    public static BFloat16Predictor<TKernels> ToBFloat16Predictor<TKernels>(this Network<TKernels, float> network)
        where TKernels : struct, INetworkKernels<float>
    {
        ArgumentNullException.ThrowIfNull(network);
        return new BFloat16Predictor<TKernels>(network.Parameters, BFloat16Kernels.PreferredLanes);
    }
}
