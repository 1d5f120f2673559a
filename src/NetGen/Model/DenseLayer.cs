using System.Numerics;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>The order of a flat buffer holding one layer's weight matrix.</summary>
public enum WeightOrder
{
    /// <summary>
    /// <c>[outputs, inputs]</c>, row-major: the weight from input i to neuron j at <c>j·Inputs + i</c>. PyTorch's
    /// <c>nn.Linear.weight</c> (<c>weight.detach().numpy().ravel()</c>), and ONNX <c>Gemm</c>'s B with <c>transB = 1</c>.
    /// </summary>
    OutputMajor = 0,

    /// <summary>
    /// <c>[inputs, outputs]</c>, row-major: the weight from input i to neuron j at <c>i·Outputs + j</c>. NetGen's own
    /// storage (see <see cref="NetworkArchitecture"/>), Keras' <c>Dense</c> kernel and ONNX <c>MatMul</c>'s B.
    /// </summary>
    InputMajor = 1,
}

/// <summary>
/// One dense layer's parameters, read and written in place without knowing their offsets: a view into the
/// network's parameter buffer (<c>net.Layers[0]</c> is the first dense layer, the one fed by the input; the
/// generated code and files number layers from 1, so <c>Layers[0]</c> is their "layer 1", <c>W1</c>).
/// <para>
/// <b>Orientation.</b> Every two-index member takes the neuron first, then the input, as PyTorch's
/// <c>weight[out, in]</c> and the math <c>z_j = b_j + Σ_i W_ji x_i</c>: <see cref="GetWeight"/>,
/// <see cref="SetWeight"/> and <see cref="Weights"/> (<c>Weights[j, i]</c>). The buffer itself is input-major
/// (<see cref="WeightOrder.InputMajor"/>), so <see cref="Weights"/> is a strided view; copy whole matrices with
/// <see cref="CopyWeightsFrom"/> and <see cref="CopyWeightsTo"/>, naming the order of your buffer.
/// </para>
/// <para>
/// <b>Checks.</b> <see cref="SetWeight"/> and the <c>Copy…From</c> methods reject NaN and infinity and wrong
/// lengths, and write nothing when they throw. <see cref="Weights"/>, <see cref="Biases"/> and <see cref="Slopes"/>
/// write straight into the parameters, unchecked, like <c>Parameters</c>.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public readonly struct DenseLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AlignedBuffer<T> _parameters;
    private readonly ParameterLayout _layout;
    private readonly LayerDescription _description;

    internal DenseLayer(AlignedBuffer<T> parameters, NetworkArchitecture architecture, int index)
    {
        _parameters = parameters;
        _layout = architecture.Layout(index);
        _description = architecture.Layers[index];
        Index = index;
    }

    /// <summary>0-based position among the dense layers (<c>Layers[Index]</c>); the generated code calls it layer <c>Index + 1</c>.</summary>
    public int Index { get; }

    /// <summary>Number of inputs feeding the layer (the network's input size for layer 0).</summary>
    public int Inputs => _layout.FanIn;

    /// <summary>Number of neurons (outputs) of the layer.</summary>
    public int Outputs => _layout.Size;

    /// <summary>The layer's activation.</summary>
    public Activation Activation => _description.Activation;

    /// <summary>Whether the layer has biases (declared <c>Bias = true</c>, the default).</summary>
    public bool HasBias => _layout.Biases >= 0;

    /// <summary>Whether the layer has learned PReLU slopes (<see cref="Activation.PReLU"/> only).</summary>
    public bool HasSlopes => _layout.Slopes >= 0;

    /// <summary>The weight from <paramref name="input"/> to neuron <paramref name="output"/> (PyTorch's <c>weight[output, input]</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the layer.</exception>
    public T GetWeight(int output, int input) => _parameters.Span[WeightIndex(output, input)];

    /// <summary>Sets the weight from <paramref name="input"/> to neuron <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the layer.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite.</exception>
    public void SetWeight(int output, int input, T value)
    {
        int index = WeightIndex(output, input);
        if (!T.IsFinite(value))
            throw new ArgumentException(
                Invariant($"The weight [{output}, {input}] of layer {Index} would be {NumberFormat.Of(value)}; parameters must be finite numbers."), nameof(value));
        _parameters.Span[index] = value;
    }

    /// <summary>
    /// The weights as an <c>[Outputs, Inputs]</c> view (<c>Weights[j, i]</c> is the weight from input i to neuron j,
    /// PyTorch's orientation) over the input-major buffer: strides <c>[1, Outputs]</c>. Writes go straight into the
    /// parameters, unchecked.
    /// </summary>
    public TensorSpan<T> Weights =>
        new(_parameters.Array, _parameters.Offset + _layout.Weights, [(nint)Outputs, Inputs], [1, Outputs]);

    /// <summary>The biases <c>b[Outputs]</c> in place; empty when <see cref="HasBias"/> is false. Writes are unchecked.</summary>
    public Span<T> Biases => HasBias ? _parameters.Span.Slice(_layout.Biases, Outputs) : Span<T>.Empty;

    /// <summary>The PReLU slopes <c>[Outputs]</c> in place; empty when <see cref="HasSlopes"/> is false. Writes are unchecked.</summary>
    public Span<T> Slopes => HasSlopes ? _parameters.Span.Slice(_layout.Slopes, Outputs) : Span<T>.Empty;

    /// <summary>Copies the weights into <paramref name="destination"/> (<c>Inputs × Outputs</c> values) in <paramref name="order"/>.</summary>
    /// <exception cref="ArgumentException">The destination's length is not <c>Inputs × Outputs</c>.</exception>
    public void CopyWeightsTo(Span<T> destination, WeightOrder order)
    {
        CheckWeightBuffer(destination.Length, order, nameof(destination));
        if (order == WeightOrder.InputMajor)
        {
            // The buffer's own order (ParameterLayout): one block.
            _parameters.Span.Slice(_layout.Weights, Inputs * Outputs).CopyTo(destination);
            return;
        }
        for (int j = 0; j < Outputs; j++)
            for (int i = 0; i < Inputs; i++)
                destination[j * Inputs + i] = _parameters.Span[_layout.WeightIndex(i, j)];
    }

    /// <summary>
    /// Replaces the weights with <paramref name="source"/> (<c>Inputs × Outputs</c> values in <paramref name="order"/>):
    /// <c>layer.CopyWeightsFrom(torchWeight, WeightOrder.OutputMajor)</c> imports a PyTorch <c>nn.Linear</c> weight.
    /// </summary>
    /// <exception cref="ArgumentException">The length is not <c>Inputs × Outputs</c>, or a value is NaN or infinite
    /// (the message names its position and which weight it is); nothing is written.</exception>
    public void CopyWeightsFrom(ReadOnlySpan<T> source, WeightOrder order)
    {
        CheckWeightBuffer(source.Length, order, nameof(source));
        for (int k = 0; k < source.Length; k++)
        {
            if (T.IsFinite(source[k])) continue;
            var (output, input) = order == WeightOrder.OutputMajor ? (k / Inputs, k % Inputs) : (k % Outputs, k / Outputs);
            throw new ArgumentException(
                Invariant($"source[{k}] ({order}: the weight [{output}, {input}] from input {input} to neuron {output}) is {NumberFormat.Of(source[k])}; parameters must be finite numbers. Layer {Index} was not changed."),
                nameof(source));
        }
        if (order == WeightOrder.InputMajor)
        {
            source.CopyTo(_parameters.Span.Slice(_layout.Weights, Inputs * Outputs));
            return;
        }
        for (int j = 0; j < Outputs; j++)
            for (int i = 0; i < Inputs; i++)
                _parameters.Span[_layout.WeightIndex(i, j)] = source[j * Inputs + i];
    }

    /// <summary>Replaces the biases with <paramref name="source"/> (<see cref="Outputs"/> values; PyTorch's <c>bias</c>).</summary>
    /// <exception cref="InvalidOperationException">The layer has no biases.</exception>
    /// <exception cref="ArgumentException">Wrong length, or a value is NaN or infinite; nothing is written.</exception>
    public void CopyBiasesFrom(ReadOnlySpan<T> source)
    {
        if (!HasBias)
            throw new InvalidOperationException(Invariant($"Layer {Index} has no biases (declared with Bias = false)."));
        CopyVector(source, Biases, "biases", nameof(source));
    }

    /// <summary>Replaces the PReLU slopes with <paramref name="source"/> (<see cref="Outputs"/> values; PyTorch's <c>nn.PReLU(num_parameters=Outputs).weight</c>).</summary>
    /// <exception cref="InvalidOperationException">The layer is not a PReLU layer.</exception>
    /// <exception cref="ArgumentException">Wrong length, or a value is NaN or infinite; nothing is written.</exception>
    public void CopySlopesFrom(ReadOnlySpan<T> source)
    {
        if (!HasSlopes)
            throw new InvalidOperationException(Invariant($"Layer {Index} has no learned slopes (its activation is {Activation}, not PReLU)."));
        CopyVector(source, Slopes, "PReLU slopes", nameof(source));
    }

    /// <summary>For example <c>layer 0: dense 4 -> 8, Tanh, bias</c>.</summary>
    public override string ToString() =>
        Invariant($"layer {Index}: dense {Inputs} -> {Outputs}, {Activation}, {(HasBias ? "bias" : "no bias")}");

    private int WeightIndex(int output, int input)
    {
        if ((uint)output >= (uint)Outputs)
            throw NumberFormat.OutOfRange(nameof(output), output, Invariant($"Layer {Index} has {Outputs} neurons: output must be in [0, {Outputs})."));
        if ((uint)input >= (uint)Inputs)
            throw NumberFormat.OutOfRange(nameof(input), input, Invariant($"Layer {Index} has {Inputs} inputs: input must be in [0, {Inputs})."));
        return _layout.WeightIndex(input, output);
    }

    private void CheckWeightBuffer(int length, WeightOrder order, string parameterName)
    {
        if (!Enum.IsDefined(order))
            throw NumberFormat.OutOfRange(nameof(order), order, "The order must be WeightOrder.OutputMajor or WeightOrder.InputMajor.");
        if (length != Inputs * Outputs)
            throw new ArgumentException(
                Invariant($"Layer {Index} has {Outputs} x {Inputs} = {Inputs * Outputs} weights ({Outputs} neurons, {Inputs} inputs), but {parameterName} holds {length} values."),
                parameterName);
    }

    private void CopyVector(ReadOnlySpan<T> source, Span<T> destination, string what, string parameterName)
    {
        if (source.Length != destination.Length)
            throw new ArgumentException(
                Invariant($"Layer {Index} has {destination.Length} {what} (one per neuron), but {parameterName} holds {source.Length} values."), parameterName);
        for (int k = 0; k < source.Length; k++)
            if (!T.IsFinite(source[k]))
                throw new ArgumentException(
                    Invariant($"{parameterName}[{k}] is {NumberFormat.Of(source[k])}; {what} must be finite numbers. Layer {Index} was not changed."), parameterName);
        source.CopyTo(destination);
    }
}
