using NetGen.Kernels;

namespace NetGen;

/// <summary>
/// What every compact-weight predictor shares (<see cref="BFloat16Predictor{TKernels}"/>, <see cref="Int8Predictor{TKernels}"/>):
/// a snapshot of the parameters with the weights packed as <typeparamref name="TLayer"/> and the biases and PReLU slopes
/// in float, the checks of <see cref="Network{TKernels, T}.Predict"/>, and per layer the packed product followed by the
/// network's own generated activation. Never changes after construction; scratch comes from the stack (or a per-thread
/// buffer for very wide layers), so it is thread-safe and allocation-free after a thread's first call.
/// </summary>
internal sealed class PackedPredictor<TKernels, TLayer>
    where TKernels : struct, INetworkKernels<float>
    where TLayer : struct, IPackedLayer<TLayer>
{
    private readonly TLayer[] _layers;
    private readonly float[] _parameters;
    private readonly int _scratchSize, _workSize;
    private readonly bool _scalar;

    /// <summary>Packs <paramref name="parameters"/> for vectors of <paramref name="lanes"/> 32-bit values; <paramref name="scalar"/> forces the scalar path (tests).</summary>
    public PackedPredictor(ReadOnlySpan<float> parameters, int lanes, bool scalar)
    {
        var architecture = default(TKernels).Architecture;
        Guard.Length(parameters.Length, architecture.ParameterCount, nameof(parameters), "the network's parameter count");
        _scalar = scalar;
        _layers = new TLayer[architecture.Layers.Count];
        // The activations read PReLU slopes at their offsets in the parameter layout: a buffer of that layout holding
        // the biases and slopes (the weights are the packed copies; their part stays zero and is never read).
        _parameters = new float[architecture.ParameterCount];
        for (int l = 0; l < _layers.Length; l++)
        {
            var layout = architecture.Layout(l);
            var biases = layout.Biases >= 0 ? parameters.Slice(layout.Biases, layout.Size) : default;
            _layers[l] = TLayer.Pack(parameters.Slice(layout.Weights, layout.FanIn * layout.Size), biases, layout.FanIn, layout.Size, lanes);
            biases.CopyTo(_parameters.AsSpan(Math.Max(layout.Biases, 0)));
            if (layout.Slopes >= 0) parameters.Slice(layout.Slopes, layout.Size).CopyTo(_parameters.AsSpan(layout.Slopes));
            _scratchSize += _layers[l].PaddedSize + (l < _layers.Length - 1 ? layout.Size : 0);
            _workSize = Math.Max(_workSize, _layers[l].WorkSize);
        }
        _scratchSize += _workSize;
    }

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        var kernels = default(TKernels);
        Guard.Length(input.Length, kernels.InputSize, nameof(input), "the network's input size");
        Guard.Length(output.Length, kernels.OutputSize, nameof(output), "the network's output size");
        Guard.Finite(input, nameof(input));
        Forward(input, output, ScratchBuffer.For(_scratchSize, stackalloc float[Math.Min(_scratchSize, ScratchBuffer.StackLimit)]));
        Guard.FiniteOutput(output);
    }

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

    /// <summary>Per layer: z (padded) = b + x·W in the packed format, then the generated activation into the next layer's input.</summary>
    private void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> scratch)
    {
        var kernels = default(TKernels);
        var work = scratch.Slice(0, _workSize);
        scratch = scratch.Slice(_workSize);
        ReadOnlySpan<float> x = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            ref readonly var layer = ref _layers[l];
            var z = scratch.Slice(0, layer.PaddedSize);
            layer.Multiply(x, z, work, _scalar);
            var a = l == _layers.Length - 1 ? output : scratch.Slice(layer.PaddedSize, layer.Size);
            kernels.ActivateRows(l, _parameters, z.Slice(0, layer.Size), a, 1);
            x = a;
            scratch = scratch.Slice(layer.PaddedSize + (l == _layers.Length - 1 ? 0 : layer.Size));
        }
    }
}
