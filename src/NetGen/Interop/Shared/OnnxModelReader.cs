// Reads an ONNX model (the bytes of a .onnx file) into an OnnxNetwork: a chain of dense layers, each an affine map
// (Gemm, or MatMul with an optional Add) and an optional activation, as PyTorch exports nn.Sequential of nn.Linear and
// activations. Shared source (see OnnxDescription.cs): compiled into the runtime and linked into the generator, so it
// never throws on bad input (every problem is an OnnxProblem) and never touches files.
using System.Collections.Generic;
using Google.Protobuf;
using NetGen.Interop.Onnx;

namespace NetGen.Interop.Shared;

/// <summary>The network read from a model, or the problems that prevent reading it.</summary>
internal sealed class OnnxReadResult
{
    public OnnxReadResult(OnnxNetwork? network, IReadOnlyList<OnnxProblem> problems)
    {
        Network = network;
        Problems = problems;
    }

    /// <summary>The network; null when <see cref="Problems"/> is not empty.</summary>
    public OnnxNetwork? Network { get; }

    public IReadOnlyList<OnnxProblem> Problems { get; }
}

/// <summary>Parses ONNX bytes and walks the graph as a chain from its one input to its one output.</summary>
internal static class OnnxModelReader
{
    /// <summary>The ONNX operator set domain (empty or "ai.onnx").</summary>
    internal static bool IsDefaultDomain(string domain) => domain.Length == 0 || domain == "ai.onnx";

    /// <summary>Reads <paramref name="bytes"/>; never throws.</summary>
    public static OnnxReadResult Read(byte[]? bytes)
    {
        if (bytes is null || bytes.Length == 0) return Fail(OnnxProblemKind.Malformed, "the model is empty (0 bytes)");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            return Fail(OnnxProblemKind.Malformed, "not an ONNX model: the protobuf does not parse (" + e.Message + ")");
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            return Fail(OnnxProblemKind.Malformed, "not an ONNX model: it has no graph (truncated or another kind of file?)");

        long opset = -1;
        foreach (var import in model.OpsetImport)
        {
            if (IsDefaultDomain(import.Domain)) opset = import.Version;
        }
        if (opset < 1) return Fail(OnnxProblemKind.Malformed, "the model imports no version of the standard ONNX operator set");

        var problems = new List<OnnxProblem>();
        var graph = model.Graph;
        var constants = new Dictionary<string, OnnxConstant>();
        foreach (var tensor in graph.Initializer)
        {
            if (constants.ContainsKey(tensor.Name))
                problems.Add(new OnnxProblem(OnnxProblemKind.Malformed, 0, "two initializers are named '" + tensor.Name + "'"));
            else
                constants[tensor.Name] = OnnxConstant.FromTensor(tensor.Name, tensor);
        }
        if (problems.Count > 0) return new OnnxReadResult(null, problems);

        // The data input is the graph input that is not an initializer (old exporters list initializers as inputs too).
        var dataInputs = new List<ValueInfoProto>();
        foreach (var input in graph.Input)
        {
            if (!constants.ContainsKey(input.Name)) dataInputs.Add(input);
        }
        if (dataInputs.Count != 1 || graph.Output.Count != 1)
        {
            return Fail(OnnxProblemKind.NotAChain,
                "the graph has " + OnnxText.Int(dataInputs.Count) + " input(s) and " + OnnxText.Int(graph.Output.Count) +
                " output(s); NetGen reads one input [batch, n] and one output");
        }
        var input0 = dataInputs[0];
        if (!TryElementType(input0, "input", out var elementType, out var typeProblem)) return Fail(typeProblem!);
        if (!TryElementType(graph.Output[0], "output", out var outputType, out typeProblem)) return Fail(typeProblem!);
        if (outputType != elementType)
        {
            return Fail(OnnxProblemKind.ElementType,
                "the input is " + OnnxText.ElementType(elementType) + " but the output is " + OnnxText.ElementType(outputType));
        }
        int declaredInputs = InputWidth(input0, out string? shapeProblem);
        if (shapeProblem is not null) return Fail(OnnxProblemKind.NotAChain, shapeProblem);

        // Constant nodes and Identity of a constant become constants; every other node must continue the chain.
        var nodes = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (!IsDefaultDomain(node.Domain))
            {
                problems.Add(new OnnxProblem(OnnxProblemKind.UnsupportedOperator, 0,
                    "unsupported operator " + OnnxText.Node(node) + " from the operator set '" + node.Domain + "'"));
                continue;
            }
            if (node.OpType == "Constant" && node.Output.Count == 1)
                constants[node.Output[0]] = ConstantOf(node);
            else if (node.OpType == "Identity" && node.Input.Count == 1 && node.Output.Count == 1 && constants.TryGetValue(node.Input[0], out var aliased))
                constants[node.Output[0]] = aliased;
            else
                nodes.Add(node);
        }
        if (problems.Count > 0) return new OnnxReadResult(null, problems);
        FuseSelectLeaky(nodes, constants);

        // A name nothing defines (no node, input or initializer) is a missing parameter, reported with its layer by
        // the layer reader rather than as a branch of the graph.
        var defined = new HashSet<string>();
        foreach (var input in graph.Input) defined.Add(input.Name);
        foreach (var node in nodes)
        {
            foreach (string output in node.Output) defined.Add(output);
        }

        var chain = new List<NodeProto>();
        string current = input0.Name;
        foreach (var node in nodes)
        {
            var data = new List<string>();
            foreach (string name in node.Input)
            {
                if (name.Length > 0 && !constants.ContainsKey(name) && defined.Contains(name)) data.Add(name);
            }
            if (data.Count != 1 || data[0] != current || node.Output.Count != 1)
            {
                problems.Add(new OnnxProblem(OnnxProblemKind.NotAChain, 0,
                    "the graph is not a chain: " + OnnxText.Node(node) + " reads (" + string.Join(", ", node.Input) + ") and writes (" +
                    string.Join(", ", node.Output) + "), where NetGen expects one node after another, each reading '" + current +
                    "' (the previous value) and constant tensors"));
                return new OnnxReadResult(null, problems);
            }
            chain.Add(node);
            current = node.Output[0];
        }
        if (problems.Count > 0) return new OnnxReadResult(null, problems);
        if (current != graph.Output[0].Name)
        {
            return Fail(OnnxProblemKind.NotAChain,
                "the graph is not a chain: its output '" + graph.Output[0].Name + "' is not the last value computed from the input ('" + current + "')");
        }

        var layers = OnnxLayerReader.Read(input0.Name, chain, constants, elementType, opset, problems);
        if (problems.Count == 0 && layers.Count == 0)
            problems.Add(new OnnxProblem(OnnxProblemKind.NotAChain, 0, "the graph has no Gemm or MatMul: there is no dense layer to read"));
        if (problems.Count == 0 && declaredInputs > 0 && layers[0].Inputs != declaredInputs)
        {
            problems.Add(new OnnxProblem(OnnxProblemKind.Malformed, 1,
                "the input '" + input0.Name + "' has " + OnnxText.Int(declaredInputs) + " features but the weights take " + OnnxText.Int(layers[0].Inputs)));
        }
        if (problems.Count > 0) return new OnnxReadResult(null, problems);

        string producer = (model.ProducerName + " " + model.ProducerVersion).Trim();
        return new OnnxReadResult(new OnnxNetwork(elementType, layers[0].Inputs, layers, opset, producer), problems);
    }

    private static OnnxReadResult Fail(OnnxProblemKind kind, string detail) => Fail(new OnnxProblem(kind, 0, detail));

    private static OnnxReadResult Fail(OnnxProblem problem) => new(null, new[] { problem });

    private static bool TryElementType(ValueInfoProto value, string role, out OnnxElementType type, out OnnxProblem? problem)
    {
        type = OnnxElementType.Float;
        problem = null;
        var tensor = value.Type?.TensorType;
        if (tensor is null)
        {
            problem = new OnnxProblem(OnnxProblemKind.NotAChain, 0, "the graph " + role + " '" + value.Name + "' is not a tensor");
            return false;
        }
        if (tensor.ElemType == (int)TensorProto.Types.DataType.Float) return true;
        if (tensor.ElemType == (int)TensorProto.Types.DataType.Double)
        {
            type = OnnxElementType.Double;
            return true;
        }
        problem = new OnnxProblem(OnnxProblemKind.ElementType, 0,
            "the graph " + role + " '" + value.Name + "' is " + OnnxText.DataType(tensor.ElemType) + "; NetGen reads float32 or float64 models");
        return false;
    }

    /// <summary>The input's feature count when its shape gives one (0 when unknown); a problem when it is not [batch, n].</summary>
    private static int InputWidth(ValueInfoProto input, out string? problem)
    {
        problem = null;
        var shape = input.Type.TensorType.Shape;
        if (shape is null) return 0;
        if (shape.Dim.Count != 2)
        {
            problem = "the input '" + input.Name + "' has " + OnnxText.Int(shape.Dim.Count) + " axes; NetGen reads [batch, n]";
            return 0;
        }
        var features = shape.Dim[1];
        if (features.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue) return 0;
        if (features.DimValue < 1 || features.DimValue > int.MaxValue)
        {
            problem = "the input '" + input.Name + "' has " + OnnxText.Int(features.DimValue) + " features";
            return 0;
        }
        return (int)features.DimValue;
    }

    /// <summary>
    /// Rewrites <c>Where(Greater(z, 0), z, Mul(z, s))</c> into <c>PRelu(z, s)</c>: NetGen's own export of LeakyReLU and
    /// PReLU in float64 models, because ONNX Runtime has no float64 LeakyRelu or PRelu kernel. It is the one place the
    /// graph may branch; any other branch stays and is reported as not a chain.
    /// </summary>
    private static void FuseSelectLeaky(List<NodeProto> nodes, Dictionary<string, OnnxConstant> constants)
    {
        for (int w = 0; w < nodes.Count; w++)
        {
            var where = nodes[w];
            if (where.OpType != "Where" || where.Input.Count != 3 || where.Output.Count != 1) continue;
            string condition = where.Input[0], z = where.Input[1], scaled = where.Input[2];
            int greater = Producer(nodes, condition), multiply = Producer(nodes, scaled);
            if (greater < 0 || multiply < 0 || Uses(nodes, condition) != 1 || Uses(nodes, scaled) != 1) continue;
            var gt = nodes[greater];
            var mul = nodes[multiply];
            if (gt.OpType != "Greater" || gt.Input.Count != 2 || gt.Input[0] != z ||
                !constants.TryGetValue(gt.Input[1], out var zero) || !zero.IsAll(0)) continue;
            if (mul.OpType != "Mul" || mul.Input.Count != 2) continue;
            string slope = mul.Input[0] == z ? mul.Input[1] : mul.Input[1] == z ? mul.Input[0] : "";
            if (!constants.ContainsKey(slope)) continue;

            var prelu = new NodeProto { OpType = "PRelu", Name = where.Name };
            prelu.Input.Add(z);
            prelu.Input.Add(slope);
            prelu.Output.Add(where.Output[0]);
            nodes[w] = prelu;
            nodes.Remove(gt);
            nodes.Remove(mul);
            w = -1; // indices moved: rescan (models are small)
        }
    }

    private static int Producer(List<NodeProto> nodes, string value)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].Output.Contains(value)) return i;
        }
        return -1;
    }

    private static int Uses(List<NodeProto> nodes, string value)
    {
        int uses = 0;
        foreach (var node in nodes)
        {
            foreach (string input in node.Input)
            {
                if (input == value) uses++;
            }
        }
        return uses;
    }

    private static OnnxConstant ConstantOf(NodeProto node)
    {
        string name = node.Output[0];
        foreach (var attribute in node.Attribute)
        {
            if (attribute.Name == "value" && attribute.T is not null) return OnnxConstant.FromTensor(name, attribute.T);
            if (attribute.Name == "value_float") return OnnxConstant.Scalar(name, attribute.F);
            if (attribute.Name == "value_floats") return OnnxConstant.Floats(name, attribute.Floats);
        }
        return OnnxConstant.Unreadable(name, OnnxProblemKind.UnsupportedOperator,
            "the Constant node writing '" + name + "' holds no float tensor (sparse, integer or string constants are not supported)");
    }
}
