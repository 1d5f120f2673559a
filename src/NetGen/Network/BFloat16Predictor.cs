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
    private readonly BFloat16Layer[] _layers;
    private readonly float[] _parameters;
    private readonly int _scratchSize;
    private readonly bool _scalar;

    /// <summary>Packs <paramref name="parameters"/> for vectors of <paramref name="lanes"/> floats; <paramref name="scalar"/> forces the scalar path (tests).</summary>
    internal BFloat16Predictor(ReadOnlySpan<float> parameters, int lanes, bool scalar = false)
    {
        var architecture = default(TKernels).Architecture;
        Guard.Length(parameters.Length, architecture.ParameterCount, nameof(parameters), "the network's parameter count");
        _scalar = scalar;
        _layers = new BFloat16Layer[architecture.Layers.Count];
        // The activations read PReLU slopes at their offsets in the parameter layout: a buffer of that layout holding
        // the biases and slopes (the weights are the packed copies; their part stays zero and is never read).
        _parameters = new float[architecture.ParameterCount];
        for (int l = 0; l < _layers.Length; l++)
        {
            var layout = architecture.Layout(l);
            var biases = layout.Biases >= 0 ? parameters.Slice(layout.Biases, layout.Size) : default;
            _layers[l] = new BFloat16Layer(parameters.Slice(layout.Weights, layout.FanIn * layout.Size), biases, layout.FanIn, layout.Size, lanes);
            biases.CopyTo(_parameters.AsSpan(Math.Max(layout.Biases, 0)));
            if (layout.Slopes >= 0) parameters.Slice(layout.Slopes, layout.Size).CopyTo(_parameters.AsSpan(layout.Slopes));
            _scratchSize += _layers[l].PaddedSize + (l < _layers.Length - 1 ? layout.Size : 0);
        }
    }

    /// <summary>Number of input features.</summary>
    public int InputSize => default(TKernels).InputSize;

    /// <summary>Number of outputs.</summary>
    public int OutputSize => default(TKernels).OutputSize;

    /// <summary>Runs the network on one sample with the bfloat16 weights. Thread-safe and allocation-free.</summary>
    /// <exception cref="ArgumentException">A length is wrong or an input is not finite.</exception>
    /// <exception cref="ArithmeticException">An output overflowed (inputs far outside the trained range).</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        var kernels = default(TKernels);
        Guard.Length(input.Length, kernels.InputSize, nameof(input), "the network's input size");
        Guard.Length(output.Length, kernels.OutputSize, nameof(output), "the network's output size");
        Guard.Finite(input, nameof(input));
        Forward(input, output, ScratchBuffer.For(_scratchSize, stackalloc float[Math.Min(_scratchSize, ScratchBuffer.StackLimit)]));
        Guard.FiniteOutput(output);
    }

    /// <summary>Runs the network on many samples laid out row after row; writes one output row per input row. Thread-safe.</summary>
    /// <exception cref="ArgumentException">A length is wrong or an input is not finite.</exception>
    /// <exception cref="ArithmeticException">An output overflowed (inputs far outside the trained range).</exception>
    public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        var kernels = default(TKernels);
        int rows = Guard.Rows(inputs.Length, kernels.InputSize, nameof(inputs), "the network's input size");
        Guard.Length(outputs.Length, rows * kernels.OutputSize, nameof(outputs), "one row of OutputSize per input row");
        Guard.Finite(inputs, nameof(inputs));
        var scratch = ScratchBuffer.For(_scratchSize, stackalloc float[Math.Min(_scratchSize, ScratchBuffer.StackLimit)]);
        for (int row = 0; row < rows; row++)
            Forward(inputs.Slice(row * kernels.InputSize, kernels.InputSize), outputs.Slice(row * kernels.OutputSize, kernels.OutputSize), scratch);
        Guard.FiniteOutput(outputs);
    }

    /// <summary>Per layer: z (padded) = b + x·W in bfloat16, then the generated activation into the next layer's input.</summary>
    private void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> scratch)
    {
        var kernels = default(TKernels);
        ReadOnlySpan<float> x = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var z = scratch.Slice(0, layer.PaddedSize);
            BFloat16Kernels.Multiply(layer, x, z, _scalar);
            var a = l == _layers.Length - 1 ? output : scratch.Slice(layer.PaddedSize, layer.Size);
            kernels.ActivateRows(l, _parameters, z.Slice(0, layer.Size), a, 1);
            x = a;
            scratch = scratch.Slice(layer.PaddedSize + (l == _layers.Length - 1 ? 0 : layer.Size));
        }
    }
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
