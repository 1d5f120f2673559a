using System.Numerics;
using static NetGen.Tests.Interop.OnnxTestSupport;

namespace NetGen.Tests.Interop;

/// <summary>The PyTorch models in ../shared/data/onnx load into matching declarations and reproduce PyTorch's outputs.</summary>
public sealed class OnnxImportTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void EveryModelInTheDataFolderIsImported()
    {
        // A model added to the data folder needs its declaration and a line in OnnxTestSupport.PyTorchModels.
        var models = Directory.GetFiles(DataFolder, "*.onnx").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(models, PyTorchModels);
    }

    [Theory]
    [MemberData(nameof(OnnxTestSupport.PyTorchModelNames), MemberType = typeof(OnnxTestSupport))]
    public void PyTorchModelReproducesItsReferenceOutputs(string name)
    {
        switch (name)
        {
            case "leakyrelu_linear_5_7_2": Reproduces(new TorchLeakyLinear(), name); break;
            case "matmul_add_tanh_sigmoid_4_6_2": Reproduces(new TorchMatMulTanhSigmoid(), name); break;
            case "piecewise_linear_3_4_2": Reproduces(new TorchPiecewiseLinear(), name); break;
            case "prelu_softmax_6_9_4": Reproduces(new TorchPreluSoftmax(), name); break;
            case "relu_logits_8_16_16_10": Reproduces(new TorchReluLogits(), name); break;
            case "relu_sigmoid_nobias_4_6_1": Reproduces(new TorchReluSigmoidNoBias(), name); break;
            case "sigmoid_sigmoid_3_5_2": Reproduces(new TorchSigmoidSigmoid(), name); break;
            case "step_sign_3_4_2": Reproduces(new TorchStepSign(), name); break;
            case "tanh_softmax_4_8_3": Reproduces(new TorchTanhSoftmax(), name); break;
            case "tanh_softmax_double_2_4_3": Reproduces(new TorchTanhSoftmaxDouble(), name); break;
            default: Assert.Fail("no declaration for " + name); break;
        }
    }

    [Fact]
    public void ImportedModelReExportsToTheSameFunctionInOnnxRuntime()
    {
        // PyTorch -> NetGen -> ONNX: ONNX Runtime on NetGen's export agrees with ONNX Runtime on PyTorch's file.
        var net = new TorchPreluSoftmax();
        net.LoadOnnx(ModelPath("prelu_softmax_6_9_4"));
        var (x, _, rows) = References("prelu_softmax_6_9_4");
        var inputs = x.Select(v => (float)v).ToArray();
        var fromTorch = RunOrt(File.ReadAllBytes(ModelPath("prelu_softmax_6_9_4")), inputs, rows, 6);
        var fromNetGen = RunOrt(OnnxExportTests.Export(net), inputs, rows, 6);
        Assert.True(MaxDifference(fromTorch, fromNetGen) <= Tolerance);
    }

    [Fact]
    public void LoadOnnxFromAStreamEqualsLoadFromAPath()
    {
        var fromPath = new TorchReluLogits();
        fromPath.LoadOnnx(ModelPath("relu_logits_8_16_16_10"));
        var fromStream = new TorchReluLogits();
        using (var stream = File.OpenRead(ModelPath("relu_logits_8_16_16_10"))) fromStream.LoadOnnx(stream);
        Assert.Equal(fromPath.Parameters.ToArray(), fromStream.Parameters.ToArray());
    }

    private static void Reproduces<TK, T>(Network<TK, T> net, string name)
        where TK : struct, INetworkKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var before = net.Parameters.ToArray();
        net.LoadOnnx(ModelPath(name));
        Assert.NotEqual(before, net.Parameters.ToArray());
        var (x, y, rows) = References(name);
        var inputs = x.Select(T.CreateChecked).ToArray();
        var outputs = Predict(net, inputs, rows);
        double difference = MaxDifference(y.Select(T.CreateChecked).ToArray(), outputs);
        Assert.True(difference <= Tolerance, $"{name}: NetGen differs from PyTorch by {difference:R}");
    }
}
