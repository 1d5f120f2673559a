using System.Globalization;
using System.Text;

namespace NetGen;

/// <summary>One dense layer as declared: size, activation, bias, activation slope.</summary>
public sealed record LayerDescription(int Size, Activation Activation, bool HasBias, double Slope)
{
    private bool PrintMembers(StringBuilder builder) =>
        RecordText.Print(builder, (nameof(Size), Size), (nameof(Activation), Activation), (nameof(HasBias), HasBias), (nameof(Slope), Slope));
}

/// <summary>
/// The shape of a generated network, available at run time as <c>MyNet.Architecture</c>.
/// <para>
/// Parameter layout (one contiguous buffer, layer after layer). For layer l with n inputs and m neurons:
/// the weights W[n x m] input-major (the weight from input i to neuron j is at <c>WeightOffset + i*m + j</c>),
/// then the biases b[m] (when the layer has them), then the PReLU slopes[m] (PReLU layers only).
/// Gradients use the same layout. Files store parameters in this order.
/// </para>
/// </summary>
public sealed class NetworkArchitecture
{
    private readonly LayerDescription[] _layers;
    private readonly int[] _offsets;

    /// <summary>Describes a network; generated code calls this once per network type.</summary>
    public NetworkArchitecture(int inputSize, Loss loss, Precision precision, params LayerDescription[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputSize <= 0) throw NumberFormat.OutOfRange(nameof(inputSize), inputSize, "The input size must be positive.");
        if (layers.Length == 0) throw new ArgumentException("A network needs at least one dense layer.", nameof(layers));
        InputSize = inputSize;
        Loss = loss;
        Precision = precision;
        _layers = (LayerDescription[])layers.Clone();
        _offsets = new int[layers.Length + 1];
        int fanIn = inputSize;
        for (int l = 0; l < layers.Length; l++)
        {
            _offsets[l + 1] = LayoutOf(_offsets[l], fanIn, layers[l]).End;
            fanIn = layers[l].Size;
        }
    }

    /// <summary>Number of input features.</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs (the last layer's size).</summary>
    public int OutputSize => _layers[^1].Size;

    /// <summary>The loss the network is trained with.</summary>
    public Loss Loss { get; }

    /// <summary>Element type of parameters and data.</summary>
    public Precision Precision { get; }

    /// <summary>The dense layers, input side first.</summary>
    public IReadOnlyList<LayerDescription> Layers => _layers;

    /// <summary>Total number of trainable parameters.</summary>
    public int ParameterCount => _offsets[^1];

    /// <summary>Number of inputs feeding layer <paramref name="layer"/> (0-based).</summary>
    public int FanIn(int layer) => layer == 0 ? InputSize : _layers[layer - 1].Size;

    /// <summary>Offset of layer <paramref name="layer"/>'s weights in the parameter buffer.</summary>
    public int WeightOffset(int layer) => _offsets[layer];

    /// <summary>Number of weights of layer <paramref name="layer"/>.</summary>
    public int WeightCount(int layer) => FanIn(layer) * _layers[layer].Size;

    /// <summary>Offset of the biases of <paramref name="layer"/>, or -1 when it has none.</summary>
    public int BiasOffset(int layer) => Layout(layer).Biases;

    /// <summary>Offset of the PReLU slopes of <paramref name="layer"/>, or -1 when it is not PReLU.</summary>
    public int SlopeOffset(int layer) => Layout(layer).Slopes;

    /// <summary>Where layer <paramref name="layer"/>'s weights, biases and slopes sit (the one layout rule).</summary>
    internal ParameterLayout Layout(int layer) => LayoutOf(_offsets[layer], FanIn(layer), _layers[layer]);

    /// <summary>
    /// A stable text that identifies everything that makes two networks' parameters interchangeable, e.g.
    /// <c>in 4; dense 8 Tanh bias; dense 3 Softmax bias; loss CrossEntropy; Single</c>.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var text = new StringBuilder();
            text.Append("in ").Append(InputSize.ToString(CultureInfo.InvariantCulture));
            foreach (var layer in _layers)
            {
                text.Append("; dense ").Append(layer.Size.ToString(CultureInfo.InvariantCulture))
                    .Append(' ').Append(layer.Activation)
                    .Append(layer.HasBias ? " bias" : " nobias");
                if (layer.Activation == Activation.LeakyReLU)
                    text.Append(" slope ").Append(layer.Slope.ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append("; loss ").Append(Loss).Append("; ").Append(Precision);
            return text.ToString();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Fingerprint;

    private static ParameterLayout LayoutOf(int start, int fanIn, LayerDescription layer) =>
        ParameterLayout.Of(start, fanIn, layer.Size, layer.HasBias, layer.Activation == Activation.PReLU);
}
