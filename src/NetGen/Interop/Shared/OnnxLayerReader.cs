// Recognizes dense layers in a chain of ONNX nodes: an affine map (Gemm, or MatMul then an optional bias Add) and at
// most one activation, including the compositions PyTorch exports for the course's activations that ONNX lacks:
// step = (Sign(z) + 1) * 0.5, piecewise-linear = Clip(z + 0.5, 0, 1). Shared source (see OnnxDescription.cs).
using System.Collections.Generic;
using NetGen.Interop.Onnx;
#if NETGEN_GENERATOR
using NetGen.Generator.Model;
#endif

namespace NetGen.Interop.Shared;

internal sealed class OnnxLayerReader
{
    private readonly List<NodeProto> _chain;
    private readonly string _input;
    private readonly Dictionary<string, OnnxConstant> _constants;
    private readonly OnnxElementType _elementType;
    private readonly long _opset;
    private readonly List<OnnxProblem> _problems;
    private readonly List<OnnxDenseLayer> _layers = new();
    private Layer? _layer;

    private OnnxLayerReader(string input, List<NodeProto> chain, Dictionary<string, OnnxConstant> constants, OnnxElementType elementType, long opset, List<OnnxProblem> problems)
    {
        _input = input;
        _chain = chain;
        _constants = constants;
        _elementType = elementType;
        _opset = opset;
        _problems = problems;
    }

    /// <summary>The layers of <paramref name="chain"/>, which starts from the graph input <paramref name="input"/>; adds to <paramref name="problems"/> what it cannot read.</summary>
    public static List<OnnxDenseLayer> Read(string input, List<NodeProto> chain, Dictionary<string, OnnxConstant> constants, OnnxElementType elementType, long opset, List<OnnxProblem> problems)
    {
        var reader = new OnnxLayerReader(input, chain, constants, elementType, opset, problems);
        reader.ReadAll();
        return reader._layers;
    }

    /// <summary>The layer being read: its affine map is known, its activation not yet.</summary>
    private sealed class Layer
    {
        public int Number;
        public int Inputs;
        public int Outputs;
        public double[] Weights = System.Array.Empty<double>();
        public double[]? Biases;
        public bool BiasAllowed;
        public Activation? Activation;
        public double[]? Slopes;
        public double LeakySlope;
    }

    private int LayerNumber => _layer?.Number ?? 1;

    private void ReadAll()
    {
        for (int i = 0; i < _chain.Count; i++)
        {
            var node = _chain[i];
            switch (node.OpType)
            {
                case "Gemm": StartGemm(node); break;
                case "MatMul": StartMatMul(node); break;
                case "Identity":
                case "Dropout": break; // identities at inference
                case "Relu": SetActivation(node, Activation.ReLU); break;
                case "Tanh": SetActivation(node, Activation.Tanh); break;
                case "Sigmoid": SetActivation(node, Activation.Sigmoid); break;
                case "Softmax": ReadSoftmax(node); break;
                case "LeakyRelu": ReadLeakyRelu(node); break;
                case "PRelu": ReadPRelu(node); break;
                case "Sign": i += ReadSignOrStep(i); break;
                case "Add": i += ReadAdd(i); break;
                default: Unsupported(node, ""); break;
            }
        }
        Finish();
    }

    private void Finish()
    {
        if (_layer is null) return;
        var l = _layer;
        CheckFinite(l.Weights, "weights");
        CheckFinite(l.Biases, "biases");
        CheckFinite(l.Slopes, "PReLU slopes");
        if (l.Activation == Activation.LeakyReLU) CheckFinite(new[] { l.LeakySlope }, "leaky slope");
        _layers.Add(new OnnxDenseLayer(l.Inputs, l.Outputs, l.Activation ?? Activation.Linear, l.Weights, l.Biases, l.Slopes, l.LeakySlope));
        _layer = null;
    }

    private void CheckFinite(double[]? values, string role)
    {
        if (values is null) return;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]) || double.IsInfinity(values[i]))
            {
                Problem(OnnxProblemKind.NotFinite, "the " + role + " hold " + OnnxText.Number(values[i]) + " at index " + OnnxText.Int(i) + "; parameters must be finite");
                return;
            }
        }
    }

    private void Problem(OnnxProblemKind kind, string detail) => _problems.Add(new OnnxProblem(kind, LayerNumber, detail));

    private void Unsupported(NodeProto node, string why) =>
        Problem(OnnxProblemKind.UnsupportedOperator, "unsupported operator " + OnnxText.Node(node) + (why.Length > 0 ? ": " + why : ""));

    // ---- the affine map -------------------------------------------------------------------------------------------

    private void StartGemm(NodeProto node)
    {
        NewLayer();
        double alpha = FloatAttribute(node, "alpha", 1), beta = FloatAttribute(node, "beta", 1);
        long transA = IntAttribute(node, "transA", 0), transB = IntAttribute(node, "transB", 0);
        bool hasC = node.Input.Count > 2 && node.Input[2].Length > 0;
        if (alpha != 1 || (hasC && beta != 1) || transA != 0)
        {
            Unsupported(node, "NetGen reads Gemm with alpha = 1, beta = 1 and transA = 0 (this one has alpha " + OnnxText.Number(alpha) +
                ", beta " + OnnxText.Number(beta) + ", transA " + OnnxText.Int(transA) + ")");
            return;
        }
        if (node.Input.Count < 2 || node.Input[0] != DataInput(node))
        {
            Unsupported(node, "the data must be Gemm's first input");
            return;
        }
        if (!TryWeights(node, node.Input[1], transB != 0)) return;
        if (hasC) _layer!.Biases = Vector(node, node.Input[2], "bias");
        else _layer!.BiasAllowed = true; // a Gemm without C may be followed by its bias Add
    }

    private void StartMatMul(NodeProto node)
    {
        NewLayer();
        if (node.Input.Count != 2 || node.Input[0] != DataInput(node))
        {
            Unsupported(node, "the data must be MatMul's first input (x @ W)");
            return;
        }
        if (TryWeights(node, node.Input[1], transposed: false)) _layer!.BiasAllowed = true;
    }

    private void NewLayer()
    {
        int previousOutputs = _layer?.Outputs ?? 0;
        int number = _layer is null ? _layers.Count + 1 : _layer.Number + 1;
        Finish();
        _layer = new Layer { Number = number, Inputs = previousOutputs };
    }

    /// <summary>Reads the weight matrix: <c>[out, in]</c> when <paramref name="transposed"/> (Gemm transB = 1), else <c>[in, out]</c>.</summary>
    private bool TryWeights(NodeProto node, string name, bool transposed)
    {
        var layer = _layer!;
        if (!TryConstant(node, name, "weights", out var w)) return false;
        if (w.Dims.Length != 2 || w.Values.Length == 0)
        {
            Problem(OnnxProblemKind.Malformed, "the weights '" + name + "' of " + OnnxText.Node(node) + " have the shape " + OnnxText.Shape(w.Dims) + "; a dense layer's weights are a matrix");
            return false;
        }
        int rows = (int)w.Dims[0], columns = (int)w.Dims[1];
        int inputs = transposed ? columns : rows, outputs = transposed ? rows : columns;
        if (layer.Number > 1 && layer.Inputs > 0 && layer.Inputs != inputs)
        {
            Problem(OnnxProblemKind.Malformed, "the weights '" + name + "' take " + OnnxText.Int(inputs) + " inputs but layer " +
                OnnxText.Int(layer.Number - 1) + " has " + OnnxText.Int(layer.Inputs) + " neurons");
            return false;
        }
        layer.Inputs = inputs;
        layer.Outputs = outputs;
        if (transposed)
        {
            layer.Weights = w.Values;
        }
        else
        {
            // [in, out] -> [out, in].
            layer.Weights = new double[w.Values.Length];
            for (int i = 0; i < inputs; i++)
            {
                for (int j = 0; j < outputs; j++) layer.Weights[j * inputs + i] = w.Values[i * outputs + j];
            }
        }
        return true;
    }

    /// <summary>Reads a per-neuron vector (bias or slopes): <c>[out]</c>, <c>[1, out]</c> or one value for all.</summary>
    private double[]? Vector(NodeProto node, string name, string role)
    {
        var layer = _layer!;
        if (layer.Outputs == 0) return null; // the weights could not be read: that problem is reported already
        if (!TryConstant(node, name, role, out var v)) return null;
        if (v.Values.Length == layer.Outputs) return v.Values;
        if (v.Values.Length == 1)
        {
            var repeated = new double[layer.Outputs];
            for (int j = 0; j < repeated.Length; j++) repeated[j] = v.Values[0];
            return repeated;
        }
        Problem(OnnxProblemKind.Malformed, "the " + role + " '" + name + "' of " + OnnxText.Node(node) + " has the shape " + OnnxText.Shape(v.Dims) +
            " for " + OnnxText.Int(layer.Outputs) + " neurons");
        return null;
    }

    private bool TryConstant(NodeProto node, string name, string role, out OnnxConstant constant)
    {
        if (!_constants.TryGetValue(name, out constant!))
        {
            Problem(OnnxProblemKind.MissingInitializer, "the " + role + " '" + name + "' of " + OnnxText.Node(node) + " is not stored in the model (NetGen reads parameters from initializers or Constant nodes)");
            return false;
        }
        if (constant.Error is not null)
        {
            Problem(constant.Problem ?? OnnxProblemKind.Malformed, constant.Error);
            return false;
        }
        if (constant.ElementType != _elementType)
        {
            Problem(OnnxProblemKind.ElementType, "the " + role + " '" + name + "' is " + OnnxText.ElementType(constant.ElementType ?? _elementType) +
                " in a " + OnnxText.ElementType(_elementType) + " model");
            return false;
        }
        return true;
    }

    // ---- activations ----------------------------------------------------------------------------------------------

    private void SetActivation(NodeProto node, Activation activation)
    {
        if (_layer is null)
        {
            Unsupported(node, "it comes before the first Gemm or MatMul (a NetGen layer starts with its weights)");
            return;
        }
        if (_layer.Activation is Activation previous)
        {
            Unsupported(node, "a second activation on the layer, after " + previous + " (NetGen applies one activation per layer)");
            return;
        }
        _layer.Activation = activation;
        _layer.BiasAllowed = false;
    }

    private void ReadSoftmax(NodeProto node)
    {
        // Opset 13 made -1 the default axis; before, 1 (the same axis of a [batch, n] tensor).
        long axis = IntAttribute(node, "axis", _opset >= 13 ? -1 : 1);
        if (axis != 1 && axis != -1)
        {
            Unsupported(node, "softmax over axis " + OnnxText.Int(axis) + "; NetGen's softmax runs over each row's features (axis 1 or -1)");
            return;
        }
        SetActivation(node, Activation.Softmax);
    }

    private void ReadLeakyRelu(NodeProto node)
    {
        SetActivation(node, Activation.LeakyReLU);
        if (_layer?.Activation == Activation.LeakyReLU) _layer.LeakySlope = FloatAttribute(node, "alpha", 0.01f);
    }

    /// <summary>PRelu(z, slopes): PReLU; with a scalar (rank-0) slope it is LeakyReLU with that exact slope.</summary>
    private void ReadPRelu(NodeProto node)
    {
        if (_layer is null || node.Input.Count != 2 || node.Input[0] != DataInput(node))
        {
            Unsupported(node, "NetGen reads PRelu(z, slopes) after a Gemm or MatMul, with the slopes stored in the model");
            return;
        }
        if (_constants.TryGetValue(node.Input[1], out var slope) && slope.Error is null && slope.Dims.Length == 0)
        {
            SetActivation(node, Activation.LeakyReLU);
            if (_layer.Activation == Activation.LeakyReLU) _layer.LeakySlope = slope.Values[0];
            return;
        }
        SetActivation(node, Activation.PReLU);
        if (_layer.Activation == Activation.PReLU) _layer.Slopes = Vector(node, node.Input[1], "slopes");
    }

    /// <summary>Sign, or (Sign(z) + 1) * 0.5 (also / 2): the step with 1/2 at 0. Returns how many more nodes it used.</summary>
    private int ReadSignOrStep(int index)
    {
        var sign = _chain[index];
        if (index + 2 < _chain.Count && _chain[index + 1].OpType == "Add" && ConstantOperand(_chain[index + 1])?.IsAll(1) == true &&
            ((_chain[index + 2].OpType == "Mul" && ConstantOperand(_chain[index + 2])?.IsAll(0.5) == true) ||
             (_chain[index + 2].OpType == "Div" && _chain[index + 2].Input.Count == 2 && _chain[index + 2].Input[0] == DataInput(_chain[index + 2]) &&
              ConstantOperand(_chain[index + 2])?.IsAll(2) == true)))
        {
            SetActivation(sign, Activation.Step);
            return 2;
        }
        SetActivation(sign, Activation.Sign);
        return 0;
    }

    /// <summary>
    /// An Add is either the bias of a MatMul or the first half of Clip(z + 0.5, 0, 1), the piecewise-linear unit.
    /// Returns how many more nodes it used.
    /// </summary>
    private int ReadAdd(int index)
    {
        var add = _chain[index];
        var operand = ConstantOperand(add);
        if (index + 1 < _chain.Count && _chain[index + 1].OpType == "Clip")
        {
            var clip = _chain[index + 1];
            if (operand?.IsAll(0.5) == true && ClipBound(clip, 1, "min") == 0 && ClipBound(clip, 2, "max") == 1)
            {
                SetActivation(clip, Activation.PiecewiseLinear);
                return 1;
            }
            Unsupported(clip, "NetGen reads Clip only as its piecewise-linear unit Clip(z + 0.5, 0, 1)");
            return 1;
        }
        if (_layer is { Outputs: 0 }) return 0; // the weights could not be read: that problem is reported already
        if (_layer is null || !_layer.BiasAllowed || _layer.Biases is not null)
        {
            Unsupported(add, "NetGen reads Add as a MatMul's bias or in Clip(z + 0.5, 0, 1)");
            return 0;
        }
        _layer.Biases = Vector(add, NonDataInput(add), "bias");
        _layer.BiasAllowed = false;
        return 0;
    }

    /// <summary>Clip's bound: an input from opset 11, an attribute before; NaN when absent or not a constant scalar.</summary>
    private double ClipBound(NodeProto clip, int input, string attribute)
    {
        if (clip.Input.Count > input && clip.Input[input].Length > 0)
            return _constants.TryGetValue(clip.Input[input], out var c) && c.Error is null && c.Values.Length == 1 ? c.Values[0] : double.NaN;
        foreach (var a in clip.Attribute)
        {
            if (a.Name == attribute) return a.F;
        }
        return double.NaN;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /// <summary>The value the node reads from the chain: the graph input for the first node, else the previous output.</summary>
    private string DataInput(NodeProto node)
    {
        for (int k = 0; k < _chain.Count; k++)
        {
            if (ReferenceEquals(_chain[k], node)) return k == 0 ? _input : _chain[k - 1].Output[0];
        }
        return "";
    }

    /// <summary>The node's first input other than the chain's value (a constant operand, or a missing one).</summary>
    private string NonDataInput(NodeProto node)
    {
        string data = DataInput(node);
        foreach (string name in node.Input)
        {
            if (name.Length > 0 && name != data) return name;
        }
        return "";
    }

    /// <summary>The constant operand of a binary node, or null.</summary>
    private OnnxConstant? ConstantOperand(NodeProto node)
    {
        if (node.Input.Count != 2) return null;
        return _constants.TryGetValue(NonDataInput(node), out var c) && c.Error is null ? c : null;
    }

    private static double FloatAttribute(NodeProto node, string name, float fallback)
    {
        foreach (var a in node.Attribute)
        {
            if (a.Name == name) return a.F;
        }
        return fallback;
    }

    private static long IntAttribute(NodeProto node, string name, long fallback)
    {
        foreach (var a in node.Attribute)
        {
            if (a.Name == name) return a.I;
        }
        return fallback;
    }
}
