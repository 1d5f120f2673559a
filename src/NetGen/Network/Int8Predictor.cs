using NetGen.Kernels;

namespace NetGen;

/// <summary>
/// Inference with 8-bit weights: a quarter of the bytes of float weights, so faster than
/// <see cref="BFloat16Predictor{TKernels}"/> where a sample's weights stream from cache or memory (784-128-10 at batch 1),
/// at a larger cost in accuracy than bfloat16 (see the README). Made by
/// <see cref="Int8Predictors.ToInt8Predictor{TKernels}(Network{TKernels, float})"/>.
/// <para>
/// <b>Quantization.</b> Each output neuron's weights share one scale (<c>max |w| / 127</c>, round to nearest); each
/// layer's input row is quantized per sample to int16 with the largest |x| mapped to a bound chosen from the fan-in so
/// that the int32 sum of products can never overflow (32,767 up to 516 inputs, 21,568 at 784). The sums are exact
/// integers, then <c>z = b + s_x·s_w·Σ</c> in float; biases, PReLU slopes and the activations (the network's own
/// generated code) stay float. The same bits on every vector width.
/// </para>
/// <para>
/// A <b>snapshot</b>: it holds its own quantized copy of the weights and a copy of the biases and slopes, taken when it
/// was made; training or editing the network afterwards does not change it, so make a new one after training.
/// <b>Thread-safe</b> and allocation-free after a thread's first call, as <see cref="BFloat16Predictor{TKernels}"/>.
/// </para>
/// </summary>
/// <typeparam name="TKernels">The network's generated kernels.</typeparam>
public sealed class Int8Predictor<TKernels> where TKernels : struct, INetworkKernels<float>
{
    private readonly PackedPredictor<TKernels, Int8Layer> _predictor;

    /// <summary>Packs <paramref name="parameters"/> for vectors of <paramref name="lanes"/> int32 values; <paramref name="scalar"/> forces the scalar path (tests).</summary>
    internal Int8Predictor(ReadOnlySpan<float> parameters, int lanes, bool scalar = false) =>
        _predictor = new PackedPredictor<TKernels, Int8Layer>(parameters, lanes, scalar);

    /// <summary>Number of input features.</summary>
    public int InputSize => default(TKernels).InputSize;

    /// <summary>Number of outputs.</summary>
    public int OutputSize => default(TKernels).OutputSize;

    /// <summary>Runs the network on one sample with the 8-bit weights. Thread-safe and allocation-free.</summary>
    /// <exception cref="ArgumentException">A length is wrong or an input is not finite.</exception>
    /// <exception cref="ArithmeticException">An output or a hidden layer overflowed (inputs far outside the trained range).</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output) => _predictor.Predict(input, output);

    /// <summary>Runs the network on many samples laid out row after row; writes one output row per input row. Thread-safe.</summary>
    /// <exception cref="ArgumentException">A length is wrong or an input is not finite.</exception>
    /// <exception cref="ArithmeticException">An output or a hidden layer overflowed (inputs far outside the trained range).</exception>
    public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => _predictor.PredictBatch(inputs, outputs);
}

/// <summary>Makes <see cref="Int8Predictor{TKernels}"/>s.</summary>
public static class Int8Predictors
{
    /// <summary>
    /// A snapshot of <paramref name="network"/>'s current parameters as an <see cref="Int8Predictor{TKernels}"/>: the
    /// fastest batch-1 inference, with 8-bit weights and int16 inputs. Later training does not change it. Float networks only.
    /// </summary>
    /// <exception cref="ArgumentException">A weight is not finite.</exception>
    /// <exception cref="NotSupportedException">A layer has more than 133,144 inputs (too wide for exact int32 sums at 8 bits of input).</exception>
    public static Int8Predictor<TKernels> ToInt8Predictor<TKernels>(this Network<TKernels, float> network)
        where TKernels : struct, INetworkKernels<float>
    {
        ArgumentNullException.ThrowIfNull(network);
        return new Int8Predictor<TKernels>(network.Parameters, Int8Kernels.PreferredLanes);
    }
}
