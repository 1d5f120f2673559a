using System.Numerics;
using static NetGen.Tests.Interop.OnnxTestSupport;

namespace NetGen.Tests.Interop;

/// <summary>
/// The PyTorch models baked at compile time (Networks/OnnxBakedNetworks.cs) reproduce PyTorch's outputs, and give the
/// same bits as the same model loaded at run time (LoadOnnx) into the trainable twin: one reader, one layout.
/// </summary>
public sealed class OnnxBakedTests
{
    private delegate void BakedPredict<T>(ReadOnlySpan<T> input, Span<T> output);

    [Theory]
    [MemberData(nameof(OnnxTestSupport.PyTorchModelNames), MemberType = typeof(OnnxTestSupport))]
    public void Baked_PyTorch_model_gives_PyTorchs_outputs_and_the_bits_of_LoadOnnx(string name)
    {
        switch (name)
        {
            case "leakyrelu_linear_5_7_2": Check(name, BakedLeakyLinear.Baked.Predict, new TorchLeakyLinear()); break;
            case "matmul_add_tanh_sigmoid_4_6_2": Check(name, BakedMatMulTanhSigmoid.Baked.Predict, new TorchMatMulTanhSigmoid()); break;
            case "piecewise_linear_3_4_2": Check(name, BakedPiecewiseLinear.Baked.Predict, new TorchPiecewiseLinear()); break;
            case "prelu_softmax_6_9_4": Check(name, BakedPreluSoftmax.Baked.Predict, new TorchPreluSoftmax()); break;
            case "relu_logits_8_16_16_10": Check(name, BakedReluLogits.Baked.Predict, new TorchReluLogits()); break;
            case "relu_sigmoid_nobias_4_6_1": Check(name, BakedReluSigmoidNoBias.Baked.Predict, new TorchReluSigmoidNoBias()); break;
            case "sigmoid_sigmoid_3_5_2": Check(name, BakedSigmoidSigmoid.Baked.Predict, new TorchSigmoidSigmoid()); break;
            case "step_sign_3_4_2": Check(name, BakedStepSign.Baked.Predict, new TorchStepSign()); break;
            case "tanh_softmax_4_8_3": Check(name, BakedTanhSoftmax.Baked.Predict, new TorchTanhSoftmax()); break;
            case "tanh_softmax_double_2_4_3": Check(name, BakedTanhSoftmaxDouble.Baked.Predict, new TorchTanhSoftmaxDouble()); break;
            default: Assert.Fail("no baked declaration for " + name); break;
        }
    }

    private static void Check<TK, T>(string name, BakedPredict<T> baked, Network<TK, T> loaded)
        where TK : struct, INetworkKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        loaded.LoadOnnx(ModelPath(name));
        var (x, y, rows) = References(name);
        var architecture = Architecture(loaded);
        int n = architecture.InputSize, m = architecture.OutputSize;
        var inputs = x.Select(v => T.CreateChecked(v)).ToArray();
        var expected = Predict(loaded, inputs, rows);
        var outputs = new T[rows * m];
        for (int r = 0; r < rows; r++) baked(inputs.AsSpan(r * n, n), outputs.AsSpan(r * m, m));

        Assert.Equal(expected, outputs);
        for (int i = 0; i < outputs.Length; i++)
            Assert.True(Math.Abs(double.CreateChecked(outputs[i]) - y[i]) <= 1e-5, $"{name}, output {i}: baked {outputs[i]}, PyTorch {y[i]}");
    }
}
