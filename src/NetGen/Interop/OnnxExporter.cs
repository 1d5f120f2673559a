using System.Numerics;
using System.Runtime.InteropServices;
using Google.Protobuf;
using NetGen.Interop.Onnx;

namespace NetGen.Interop;

/// <summary>
/// Writes a network as a standard ONNX model (opset 13): input <c>x</c> <c>[batch, n_in]</c> with a symbolic batch axis,
/// output <c>y</c> <c>[batch, n_out]</c>, per layer a <c>Gemm</c> (transB = 1, weights <c>[out, in]</c> like PyTorch's
/// <c>nn.Linear</c>) and the activation, each computing exactly NetGen's function:
/// <list type="bullet">
/// <item>Sigmoid, Tanh, ReLU, Softmax (axis 1): the ONNX operator of that name; Linear: no node;</item>
/// <item>LeakyReLU: <c>LeakyRelu</c> with the declared slope (float32 models). Its <c>alpha</c> is a float32 attribute
/// and ONNX Runtime has no float64 LeakyRelu or PRelu, so float64 models use <c>Where(Greater(z, 0), z, Mul(z, s))</c>
/// with a float64 scalar slope, NetGen's own formula;</item>
/// <item>PReLU: <c>PRelu</c> with the per-neuron slopes (float32), the same <c>Where</c> with a slope vector (float64);</item>
/// <item>Step (0 below, 1/2 at 0, 1 above): <c>Mul(Add(Sign(z), 1), 0.5)</c>; Sign: <c>Sign</c>;</item>
/// <item>PiecewiseLinear: <c>Clip(Add(z, 0.5), 0, 1)</c>.</item>
/// </list>
/// </summary>
internal static class OnnxExporter
{
    /// <summary>The operator set written; ONNX Runtime 1.x and PyTorch's exporter both use it.</summary>
    public const int Opset = 13;

    /// <summary>IR version 7 is the one opset 13 was released with (the schema in Schema/onnx.proto is IR 8, which reads it).</summary>
    private const long IrVersion = 7;

    public static byte[] Encode<T>(NetworkArchitecture architecture, ReadOnlySpan<T> parameters, string graphName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NetworkFileSupport.CheckSave(architecture, parameters, null);
        var type = typeof(T) == typeof(float) ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.Double;
        var graph = new GraphProto { Name = graphName };
        graph.Input.Add(Value("x", type, architecture.InputSize));
        graph.Output.Add(Value("y", type, architecture.OutputSize));
        var writer = new GraphWriter<T>(graph, type);

        string current = "x";
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            var layer = architecture.Layers[l];
            string prefix = "layer" + (l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            bool last = l == architecture.Layers.Count - 1;
            int fanIn = architecture.FanIn(l), size = layer.Size;

            // NetGen stores W input-major [in, out]; write [out, in] (PyTorch's order) for Gemm with transB = 1.
            var weights = new double[size * fanIn];
            var w = parameters.Slice(architecture.WeightOffset(l), fanIn * size);
            for (int i = 0; i < fanIn; i++)
            {
                for (int j = 0; j < size; j++) weights[j * fanIn + i] = double.CreateTruncating(w[i * size + j]);
            }
            var gemm = new NodeProto { OpType = "Gemm", Name = prefix + "/Gemm" };
            gemm.Input.Add(current);
            gemm.Input.Add(writer.Initializer(prefix + ".weight", weights, size, fanIn));
            if (layer.HasBias) gemm.Input.Add(writer.Initializer(prefix + ".bias", Widen(parameters.Slice(architecture.BiasOffset(l), size)), size));
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            current = writer.Add(gemm, layer.Activation == NetGen.Activation.Linear && last ? "y" : prefix + "/z");

            double[]? slopes = layer.Activation == NetGen.Activation.PReLU ? Widen(parameters.Slice(architecture.SlopeOffset(l), size)) : null;
            current = AppendActivation(writer, prefix, layer, slopes, current, last ? "y" : prefix + "/a");
        }
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "NetGen",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString(3) ?? "",
            Graph = graph,
            DocString = architecture.Fingerprint,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    /// <summary>Appends the nodes of <paramref name="layer"/>'s activation after <paramref name="z"/>; returns the value that holds <c>a</c>.</summary>
    private static string AppendActivation<T>(GraphWriter<T> writer, string prefix, LayerDescription layer, double[]? slopes, string z, string output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool isFloat = typeof(T) == typeof(float);
        switch (layer.Activation)
        {
            case NetGen.Activation.Linear:
                return z;
            case NetGen.Activation.Sigmoid:
                return writer.Unary("Sigmoid", prefix, z, output);
            case NetGen.Activation.Tanh:
                return writer.Unary("Tanh", prefix, z, output);
            case NetGen.Activation.ReLU:
                return writer.Unary("Relu", prefix, z, output);
            case NetGen.Activation.Softmax:
                var softmax = writer.Node("Softmax", prefix, z);
                softmax.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                return writer.Add(softmax, output);
            case NetGen.Activation.Sign:
                return writer.Unary("Sign", prefix, z, output);
            case NetGen.Activation.Step:
                string sign = writer.Unary("Sign", prefix, z, prefix + "/sign");
                string shifted = writer.Binary("Add", prefix, sign, writer.Scalar("one", 1), prefix + "/sign_plus_1");
                return writer.Binary("Mul", prefix, shifted, writer.Scalar("half", 0.5), output);
            case NetGen.Activation.PiecewiseLinear:
                string plus = writer.Binary("Add", prefix, z, writer.Scalar("half", 0.5), prefix + "/z_plus_half");
                var clip = writer.Node("Clip", prefix, plus);
                clip.Input.Add(writer.Scalar("zero", 0));
                clip.Input.Add(writer.Scalar("one", 1));
                return writer.Add(clip, output);
            case NetGen.Activation.LeakyReLU when isFloat:
                var leaky = writer.Node("LeakyRelu", prefix, z);
                leaky.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = (float)layer.Slope });
                return writer.Add(leaky, output);
            case NetGen.Activation.PReLU when isFloat:
                return writer.Binary("PRelu", prefix, z, writer.Initializer(prefix + ".slopes", slopes!, slopes!.Length), output);
            case NetGen.Activation.LeakyReLU:
                return writer.Select(prefix, z, writer.Initializer(prefix + ".slope", new[] { layer.Slope }), output);
            case NetGen.Activation.PReLU:
                return writer.Select(prefix, z, writer.Initializer(prefix + ".slopes", slopes!, slopes!.Length), output);
            default:
                throw new NotSupportedException("ONNX export does not know the activation " + layer.Activation + ".");
        }
    }

    private static double[] Widen<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = double.CreateTruncating(values[i]);
        return result;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    /// <summary>Adds nodes and constant tensors to a graph, naming values after their layer.</summary>
    private sealed class GraphWriter<T>(GraphProto graph, TensorProto.Types.DataType type) where T : unmanaged, IFloatingPointIeee754<T>
    {
        public NodeProto Node(string op, string prefix, string input)
        {
            var node = new NodeProto { OpType = op, Name = prefix + "/" + op };
            node.Input.Add(input);
            return node;
        }

        public string Add(NodeProto node, string output)
        {
            node.Output.Add(output);
            graph.Node.Add(node);
            return output;
        }

        public string Unary(string op, string prefix, string input, string output) => Add(Node(op, prefix, input), output);

        public string Binary(string op, string prefix, string input, string constant, string output)
        {
            var node = Node(op, prefix, input);
            node.Input.Add(constant);
            return Add(node, output);
        }

        /// <summary><c>Where(Greater(z, 0), z, Mul(z, s))</c>: exactly NetGen's <c>z &gt; 0 ? z : s·z</c>.</summary>
        public string Select(string prefix, string z, string slope, string output)
        {
            string positive = Binary("Greater", prefix, z, Scalar("zero", 0), prefix + "/positive");
            string scaled = Binary("Mul", prefix, z, slope, prefix + "/scaled");
            var where = new NodeProto { OpType = "Where", Name = prefix + "/Where" };
            where.Input.Add(positive);
            where.Input.Add(z);
            where.Input.Add(scaled);
            return Add(where, output);
        }

        /// <summary>A shared scalar constant (rank 0) named after its value, added once.</summary>
        public string Scalar(string name, double value)
        {
            foreach (var existing in graph.Initializer)
            {
                if (existing.Name == name) return name;
            }
            return Initializer(name, new[] { value });
        }

        /// <summary>Adds an initializer of the network's element type; no <paramref name="dims"/> means a scalar.</summary>
        public string Initializer(string name, double[] values, params long[] dims)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)type };
            tensor.Dims.Add(dims);
            byte[] raw;
            if (type == TensorProto.Types.DataType.Float)
            {
                var floats = new float[values.Length];
                for (int i = 0; i < floats.Length; i++) floats[i] = (float)values[i];
                raw = MemoryMarshal.AsBytes(floats.AsSpan()).ToArray();
            }
            else
            {
                raw = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            }
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX export writes little-endian tensors.");
            tensor.RawData = ByteString.CopyFrom(raw);
            graph.Initializer.Add(tensor);
            return name;
        }
    }
}
