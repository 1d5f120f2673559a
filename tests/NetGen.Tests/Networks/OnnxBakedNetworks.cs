// The PyTorch models of ../shared/data/onnx compiled in (BakedWeights = "onnx/NAME.onnx"; NetGen.Tests.csproj lists them
// as AdditionalFiles and imports src/NetGen/build/NetGen.targets, as the package does for its users). Each declaration
// is the one of its run-time twin in OnnxNetworks.cs (Torch*), so both imports can be compared.
#pragma warning disable NG0016 // Step and Sign have zero derivative; these networks only run forward.
namespace NetGen.Tests.Interop;

[Network(Loss.HalfSquaredError, BakedWeights = "onnx/leakyrelu_linear_5_7_2.onnx")][Input(5)][Dense(7, Activation.LeakyReLU, Slope = 0.01)][Dense(2, Activation.Linear)]
public partial class BakedLeakyLinear;
[Network(Loss.HalfSquaredError, BakedWeights = "onnx/matmul_add_tanh_sigmoid_4_6_2.onnx")][Input(4)][Dense(6, Activation.Tanh)][Dense(2, Activation.Sigmoid)]
public partial class BakedMatMulTanhSigmoid;
[Network(Loss.HalfSquaredError, BakedWeights = "onnx/piecewise_linear_3_4_2.onnx")][Input(3)][Dense(4, Activation.PiecewiseLinear)][Dense(2, Activation.Linear)]
public partial class BakedPiecewiseLinear;
[Network(Loss.CrossEntropy, BakedWeights = "onnx/prelu_softmax_6_9_4.onnx")][Input(6)][Dense(9, Activation.PReLU)][Dense(4, Activation.Softmax)]
public partial class BakedPreluSoftmax;
[Network(Loss.HalfSquaredError, BakedWeights = "onnx/relu_logits_8_16_16_10.onnx")][Input(8)][Dense(16, Activation.ReLU)][Dense(16, Activation.ReLU)][Dense(10, Activation.Linear)]
public partial class BakedReluLogits;
[Network(Loss.BinaryCrossEntropy, BakedWeights = "onnx/relu_sigmoid_nobias_4_6_1.onnx")][Input(4)][Dense(6, Activation.ReLU, Bias = false)][Dense(1, Activation.Sigmoid, Bias = false)]
public partial class BakedReluSigmoidNoBias;
[Network(Loss.HalfSquaredError, BakedWeights = "onnx/sigmoid_sigmoid_3_5_2.onnx")][Input(3)][Dense(5, Activation.Sigmoid)][Dense(2, Activation.Sigmoid)]
public partial class BakedSigmoidSigmoid;
[Network(Loss.HalfSquaredError, BakedWeights = "onnx/step_sign_3_4_2.onnx")][Input(3)][Dense(4, Activation.Step)][Dense(2, Activation.Sign)]
public partial class BakedStepSign;
[Network(Loss.CrossEntropy, BakedWeights = "onnx/tanh_softmax_4_8_3.onnx")][Input(4)][Dense(8, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class BakedTanhSoftmax;
[Network(Loss.CrossEntropy, Precision = Precision.Double, BakedWeights = "onnx/tanh_softmax_double_2_4_3.onnx")][Input(2)][Dense(4, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class BakedTanhSoftmaxDouble;
#pragma warning restore NG0016
