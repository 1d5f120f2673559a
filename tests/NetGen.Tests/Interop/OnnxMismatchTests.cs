using Google.Protobuf;
using NetGen.Interop.Onnx;
using NetGen.Interop.Shared;
using static NetGen.Tests.Interop.OnnxTestSupport;

namespace NetGen.Tests.Interop;

/// <summary>
/// Models that must not load: each problem is named with its layer, nothing is written into the parameters, and the
/// shared reader (which the generator links too) never throws, whatever the bytes.
/// </summary>
public sealed class OnnxMismatchTests
{
    private const string TanhSoftmax = "tanh_softmax_4_8_3"; // 4 -> 8 tanh -> 3 softmax, float32

    [Fact]
    public void InputSizeAndLayerSizeAreNamed()
    {
        var problems = Rejects(new MismatchInputAndSize(), TanhSoftmax);
        Assert.Contains("input size: the model takes 4 features, the network declares [Input(5)]", problems);
        Assert.Contains("layer 1: size: the model has 8 neurons, the declaration 7", problems);
    }

    [Fact]
    public void ActivationAndBiasAreNamedPerLayer()
    {
        var problems = Rejects(new MismatchActivationAndBias(), TanhSoftmax);
        Assert.Contains("layer 1: activation: the model applies Tanh, the declaration ReLU", problems);
        Assert.Contains("layer 2: bias: the model's layer adds a bias, the declaration has Bias = false", problems);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void LayerCountElementTypeLeakySlopeAndLogitsAreNamed()
    {
        Assert.Contains(Rejects(new MismatchLayerCount(), TanhSoftmax), p => p.StartsWith("layer count: the model has 2 dense layers (4 -> 8 Tanh -> 3 Softmax), the network declares 3", StringComparison.Ordinal));
        Assert.Contains("element type: the model computes in float32, the network is declared Precision.Double (float64)", Rejects(new MismatchPrecision(), TanhSoftmax));
        Assert.Contains("layer 1: leaky slope: the model's LeakyRelu has alpha 0.01, the declaration Slope = 0.2", Rejects(new MismatchLeakySlope(), "leakyrelu_linear_5_7_2"));
        var logits = Assert.Single(Rejects(new MismatchLogitsAsSoftmax(), "relu_logits_8_16_16_10"));
        Assert.StartsWith("layer 3: activation: the model applies no activation (Linear), the declaration Softmax (the model ends in logits", logits);
    }

    [Fact]
    public void UnsupportedOperatorIsNamedWithItsOpType()
    {
        var model = Torch(TanhSoftmax);
        model.Graph.Node.Single(n => n.OpType == "Tanh").OpType = "Elu";
        var problem = Assert.Single(Rejects(new TorchTanhSoftmax(), model.ToByteArray()));
        Assert.StartsWith("layer 1: unsupported operator Elu", problem);
    }

    [Fact]
    public void ABranchIsNotAChain()
    {
        var model = Torch(TanhSoftmax);
        var side = new NodeProto { OpType = "Relu", Name = "side" };
        side.Input.Add("x");
        side.Output.Add("side_output");
        model.Graph.Node.Insert(2, side);
        Assert.StartsWith("the graph is not a chain: Relu 'side' reads (x)", Assert.Single(Rejects(new TorchTanhSoftmax(), model.ToByteArray())));
    }

    [Fact]
    public void MissingInitializerAndWrongTensorTypeAreNamed()
    {
        var missing = Torch(TanhSoftmax);
        missing.Graph.Initializer.Remove(missing.Graph.Initializer.Single(t => t.Name == "2.weight"));
        Assert.StartsWith("layer 2: the weights '2.weight' of Gemm", Assert.Single(Rejects(new TorchTanhSoftmax(), missing.ToByteArray())));

        var half = Torch(TanhSoftmax);
        half.Graph.Initializer.Single(t => t.Name == "0.bias").DataType = (int)TensorProto.Types.DataType.Float16;
        Assert.Equal("layer 1: tensor '0.bias' holds float16; NetGen reads float32 or float64", Assert.Single(Rejects(new TorchTanhSoftmax(), half.ToByteArray())));
    }

    [Fact]
    public void EmptyTruncatedAndGarbageBytesAreClearErrors()
    {
        byte[] bytes = File.ReadAllBytes(ModelPath(TanhSoftmax));
        Assert.Equal("the model is empty (0 bytes)", Assert.Single(Rejects(new TorchTanhSoftmax(), Array.Empty<byte>())));
        Assert.StartsWith("not an ONNX model", Assert.Single(Rejects(new TorchTanhSoftmax(), bytes[..(bytes.Length / 2)])));
        Assert.StartsWith("not an ONNX model", Assert.Single(Rejects(new TorchTanhSoftmax(), "NGEN this is not protobuf\n"u8.ToArray())));
        var netgenFile = new TorchTanhSoftmax();
        var ex = Assert.Throws<OnnxModelException>(() => netgenFile.LoadOnnx(NetworkFile.Encode<float>(TorchTanhSoftmax.Architecture, netgenFile.Parameters)));
        Assert.StartsWith("Cannot load the ONNX model into TorchTanhSoftmax:", ex.Message);
    }

    [Fact]
    public void TheReaderNeverThrowsOnCorruptedBytes()
    {
        // The generator links the reader: an exception there would crash the build instead of reporting a diagnostic.
        var random = new Random(20261202);
        int read = 0, rejected = 0;
        foreach (string file in Directory.GetFiles(DataFolder, "*.onnx"))
        {
            byte[] original = File.ReadAllBytes(file);
            for (int trial = 0; trial < 300; trial++)
            {
                byte[] bytes = (byte[])original.Clone();
                switch (trial % 3)
                {
                    case 0: bytes = bytes[..random.Next(bytes.Length)]; break;
                    case 1: for (int k = 0; k < 1 + random.Next(4); k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                    default: bytes = new byte[random.Next(1, 1000)]; random.NextBytes(bytes); break;
                }
                var result = OnnxModelReader.Read(bytes);
                if (result.Network is null) { rejected++; Assert.NotEmpty(result.Problems); }
                else { read++; OnnxParameters.ToBuffer(result.Network); }
            }
        }
        Assert.True(rejected > 1000, $"only {rejected} of the corrupted models were rejected");
        TestCounts.Record($"ONNX reader fuzz: {read + rejected} corrupted models, {read} read, {rejected} rejected, no exception");
    }

    private static ModelProto Torch(string name) => ModelProto.Parser.ParseFrom(File.ReadAllBytes(ModelPath(name)));

    private static List<string> Rejects<TK>(Network<TK, float> net, string name) where TK : struct, INetworkKernels<float> =>
        Rejects(net, File.ReadAllBytes(ModelPath(name)));

    private static List<string> Rejects<TK>(Network<TK, double> net, string name) where TK : struct, INetworkKernels<double> =>
        Rejects(net, File.ReadAllBytes(ModelPath(name)));

    /// <summary>Loading fails with <see cref="OnnxModelException"/>, the parameters stay as they were; returns the problems.</summary>
    private static List<string> Rejects<TK, T>(Network<TK, T> net, byte[] model)
        where TK : struct, INetworkKernels<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        net.InitializeParameters(7);
        var before = net.Parameters.ToArray();
        var ex = Assert.Throws<OnnxModelException>(() => net.LoadOnnx(model));
        Assert.Equal(before, net.Parameters.ToArray());
        foreach (string problem in ex.Problems) Assert.Contains(problem, ex.Message);
        return ex.Problems.ToList();
    }
}
