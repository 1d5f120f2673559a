// What can be wrong with an ONNX model, as data rather than exceptions: the runtime turns a list of these into one
// exception, the generator into one diagnostic each. Shared source (see OnnxDescription.cs).
using System.Globalization;

namespace NetGen.Interop.Shared;

/// <summary>What kind of problem a model has (the generator maps each kind to a diagnostic id).</summary>
internal enum OnnxProblemKind
{
    /// <summary>Not a readable ONNX model: empty, truncated, garbage, no graph, inconsistent tensors or shapes.</summary>
    Malformed,

    /// <summary>A tensor or the model is not float or double, or not the declared precision.</summary>
    ElementType,

    /// <summary>An operator (or an operator's attribute) NetGen cannot express as a dense layer.</summary>
    UnsupportedOperator,

    /// <summary>The graph is not one chain from one input to one output.</summary>
    NotAChain,

    /// <summary>A weight, bias or slope is not a constant stored in the model (an initializer or Constant node).</summary>
    MissingInitializer,

    /// <summary>The model's input size differs from the declared one.</summary>
    InputSize,

    /// <summary>The model has another number of dense layers than declared.</summary>
    LayerCount,

    /// <summary>A layer has another number of neurons than declared.</summary>
    LayerSize,

    /// <summary>A layer applies another activation than declared.</summary>
    Activation,

    /// <summary>A layer has a bias where the declaration has none, or the reverse.</summary>
    Bias,

    /// <summary>A LeakyReLU layer's slope differs from the declared one.</summary>
    LeakySlope,

    /// <summary>A weight, bias or slope is NaN or infinite.</summary>
    NotFinite,
}

/// <summary>One problem with a model, located on a layer when it has one.</summary>
internal sealed class OnnxProblem
{
    public OnnxProblem(OnnxProblemKind kind, int layer, string detail)
    {
        Kind = kind;
        Layer = layer;
        Detail = detail;
    }

    public OnnxProblemKind Kind { get; }

    /// <summary>The 1-based layer (as in the declaration's order of <c>[Dense]</c>), or 0 for the model as a whole.</summary>
    public int Layer { get; }

    /// <summary>What differs, without the layer.</summary>
    public string Detail { get; }

    /// <summary>"layer 2: ..." or just the detail.</summary>
    public string Message => Layer > 0 ? "layer " + Layer.ToString(CultureInfo.InvariantCulture) + ": " + Detail : Detail;

    public override string ToString() => Message;
}
