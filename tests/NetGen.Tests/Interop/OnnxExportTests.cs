using System.Numerics;
using System.Runtime.InteropServices;
using NetGen.Interop.Onnx;
using static NetGen.Tests.Interop.OnnxTestSupport;

namespace NetGen.Tests.Interop;

/// <summary>Exported models run in ONNX Runtime and compute what <c>Predict</c> computes; exports load back bit-identically.</summary>
public sealed class OnnxExportTests
{
    private const double FloatTolerance = 1e-5, DoubleTolerance = 1e-12;
    private const int Rows = 24;

    private static readonly string[] ActivationNames =
    {
        "Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "PReLU", "Step", "Sign", "PiecewiseLinear", "Softmax",
    };

    public static TheoryData<string> Activations => new(ActivationNames);

    [Fact]
    public void EveryActivationHasExportNetworks()
    {
        // The theory below must cover the whole enum: a new activation fails here until it gets its networks.
        Assert.Equal(Enum.GetNames<Activation>().Order(), ActivationNames.Order());
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void FloatExportMatchesPredictInOnnxRuntime(string activation)
    {
        switch (activation)
        {
            case "Linear": MatchesOrt(new OnnxLinearF(), FloatTolerance); break;
            case "Sigmoid": MatchesOrt(new OnnxSigmoidF(), FloatTolerance); break;
            case "Tanh": MatchesOrt(new OnnxTanhF(), FloatTolerance); break;
            case "ReLU": MatchesOrt(new OnnxReluF(), FloatTolerance); break;
            case "LeakyReLU": MatchesOrt(new OnnxLeakyF(), FloatTolerance); break;
            case "PReLU": MatchesOrt(new OnnxPreluF(), FloatTolerance); break;
            case "Step": MatchesOrt(new OnnxStepF(), FloatTolerance); break;
            case "Sign": MatchesOrt(new OnnxSignF(), FloatTolerance); break;
            case "PiecewiseLinear": MatchesOrt(new OnnxPiecewiseF(), FloatTolerance); break;
            case "Softmax": MatchesOrt(new OnnxSoftmaxF(), FloatTolerance); break;
            default: Assert.Fail("no float network for " + activation); break;
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void DoubleExportMatchesPredictInOnnxRuntime(string activation)
    {
        switch (activation)
        {
            case "Linear": MatchesOrt(new OnnxLinearD(), DoubleTolerance); break;
            case "Sigmoid": MatchesOrt(new OnnxSigmoidD(), DoubleTolerance); break;
            case "Tanh": MatchesOrt(new OnnxTanhD(), DoubleTolerance); break;
            case "ReLU": MatchesOrt(new OnnxReluD(), DoubleTolerance); break;
            case "LeakyReLU": MatchesOrt(new OnnxLeakyD(), DoubleTolerance); break;
            case "PReLU": MatchesOrt(new OnnxPreluD(), DoubleTolerance); break;
            case "Step": MatchesOrt(new OnnxStepD(), DoubleTolerance); break;
            case "Sign": MatchesOrt(new OnnxSignD(), DoubleTolerance); break;
            case "PiecewiseLinear": MatchesOrt(new OnnxPiecewiseD(), DoubleTolerance); break;
            case "Softmax": MatchesOrt(new OnnxSoftmaxD(), DoubleTolerance); break;
            default: Assert.Fail("no double network for " + activation); break;
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void RoundTripIsBitIdentical(string activation)
    {
        switch (activation)
        {
            case "Linear": RoundTrip(new OnnxLinearF(), new OnnxLinearF()); RoundTrip(new OnnxLinearD(), new OnnxLinearD()); break;
            case "Sigmoid": RoundTrip(new OnnxSigmoidF(), new OnnxSigmoidF()); RoundTrip(new OnnxSigmoidD(), new OnnxSigmoidD()); break;
            case "Tanh": RoundTrip(new OnnxTanhF(), new OnnxTanhF()); RoundTrip(new OnnxTanhD(), new OnnxTanhD()); break;
            case "ReLU": RoundTrip(new OnnxReluF(), new OnnxReluF()); RoundTrip(new OnnxReluD(), new OnnxReluD()); break;
            case "LeakyReLU": RoundTrip(new OnnxLeakyF(), new OnnxLeakyF()); RoundTrip(new OnnxLeakyD(), new OnnxLeakyD()); break;
            case "PReLU": RoundTrip(new OnnxPreluF(), new OnnxPreluF()); RoundTrip(new OnnxPreluD(), new OnnxPreluD()); break;
            case "Step": RoundTrip(new OnnxStepF(), new OnnxStepF()); RoundTrip(new OnnxStepD(), new OnnxStepD()); break;
            case "Sign": RoundTrip(new OnnxSignF(), new OnnxSignF()); RoundTrip(new OnnxSignD(), new OnnxSignD()); break;
            case "PiecewiseLinear": RoundTrip(new OnnxPiecewiseF(), new OnnxPiecewiseF()); RoundTrip(new OnnxPiecewiseD(), new OnnxPiecewiseD()); break;
            case "Softmax": RoundTrip(new OnnxSoftmaxF(), new OnnxSoftmaxF()); RoundTrip(new OnnxSoftmaxD(), new OnnxSoftmaxD()); break;
            default: Assert.Fail("no networks for " + activation); break;
        }
    }

    [Fact]
    public void ModelIsStandardWithADynamicBatchAxis()
    {
        var net = new OnnxStepF();
        var model = ModelProto.Parser.ParseFrom(Export(net));
        Assert.Equal(13, model.OpsetImport.Single(o => o.Domain == "").Version);
        var input = model.Graph.Input.Single();
        Assert.Equal("x", input.Name);
        Assert.Equal("batch", input.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(3, input.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal("y", model.Graph.Output.Single().Name);
        // Step has no ONNX operator: (Sign(z) + 1) * 0.5 per layer, after a Gemm with PyTorch's [out, in] weights.
        Assert.Equal(new[] { "Gemm", "Sign", "Add", "Mul", "Gemm", "Sign", "Add", "Mul" }, model.Graph.Node.Select(n => n.OpType));
        Assert.Equal(new long[] { 4, 3 }, model.Graph.Initializer.Single(t => t.Name == "layer1.weight").Dims);

        // Rows computed one by one and as a batch of any size agree.
        var inputs = KinkInputs<float>(5, 3, seed: 3);
        Assert.Equal(RunOrt(Export(net), inputs, 5, 3), Predict(net, inputs, 5));
    }

    [Fact]
    public void FloatLeakyUsesTheStandardOperatorAndDoubleLeakyTheExactSelect()
    {
        Assert.Contains("LeakyRelu", ModelProto.Parser.ParseFrom(Export(new OnnxLeakyF())).Graph.Node.Select(n => n.OpType));
        var doubleOps = ModelProto.Parser.ParseFrom(Export(new OnnxLeakyD())).Graph.Node.Select(n => n.OpType).ToArray();
        Assert.DoesNotContain("LeakyRelu", doubleOps);
        Assert.Contains("Where", doubleOps);
    }

    [Fact]
    public void SaveOnnxWritesTheFileAtomicallyAndLoadOnnxReadsIt()
    {
        string dir = Directory.CreateTempSubdirectory("netgen-onnx-").FullName;
        try
        {
            var net = new OnnxSoftmaxD();
            net.InitializeParameters(11);
            string path = Path.Combine(dir, "model.onnx");
            File.WriteAllText(path, "old content");
            net.SaveOnnx(path);
            Assert.Equal(Export(net), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left

            var loaded = new OnnxSoftmaxD();
            loaded.LoadOnnx(path);
            Assert.True(MemoryMarshal.AsBytes(net.Parameters).SequenceEqual(MemoryMarshal.AsBytes(loaded.Parameters)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static byte[] Export<TK, T>(Network<TK, T> net)
        where TK : struct, INetworkKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        net.SaveOnnx(stream);
        return stream.ToArray();
    }

    private static void MatchesOrt<TK, T>(Network<TK, T> net, double tolerance)
        where TK : struct, INetworkKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = Architecture(net);
        SetKinkParameters(net, net.Parameters, seed: 1);
        var inputs = KinkInputs<T>(Rows, arch.InputSize, seed: 2);
        var expected = Predict(net, inputs, Rows);
        var actual = RunOrt(Export(net), inputs, Rows, arch.InputSize);
        // The kinks are really hit: step's 1/2 and sign's 0 only come out of an output z that is exactly 0.
        if (arch.Layers[^1].Activation == NetGen.Activation.Step) Assert.Contains(T.CreateChecked(0.5), expected);
        if (arch.Layers[^1].Activation == NetGen.Activation.Sign) Assert.Contains(T.Zero, expected);
        double difference = MaxDifference(expected, actual);
        Assert.True(difference <= tolerance, $"{net.GetType().Name}: ONNX Runtime differs from Predict by {difference:R}");

        // Smooth activations also on random (non-dyadic) parameters and inputs.
        net.InitializeParameters(5);
        var random = new Random(9);
        for (int i = 0; i < inputs.Length; i++) inputs[i] = T.CreateChecked(random.NextDouble() * 6 - 3);
        difference = MaxDifference(Predict(net, inputs, Rows), RunOrt(Export(net), inputs, Rows, arch.InputSize));
        Assert.True(difference <= tolerance, $"{net.GetType().Name} (random): ONNX Runtime differs from Predict by {difference:R}");
    }

    private static void RoundTrip<TK, T>(Network<TK, T> source, Network<TK, T> target)
        where TK : struct, INetworkKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        source.InitializeParameters(21);
        var random = new Random(4);
        // Full-precision values (not dyadic), PReLU slopes included, so that any rounding on the way shows.
        for (int i = 0; i < source.Parameters.Length; i++) source.Parameters[i] = T.CreateChecked(random.NextDouble() * 4 - 2);
        target.InitializeParameters(99);
        target.LoadOnnx(Export(source));
        Assert.True(MemoryMarshal.AsBytes(source.Parameters).SequenceEqual(MemoryMarshal.AsBytes(target.Parameters)),
            source.GetType().Name + ": the parameters changed on the way through ONNX");
    }
}
