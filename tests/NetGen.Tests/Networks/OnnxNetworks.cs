// Networks for the ONNX tests (tests/NetGen.Tests/Interop). Export: one float and one double network per activation,
// the activation on a hidden and on the output layer. Import: one network per PyTorch model in ../shared/data/onnx,
// and deliberately mismatching declarations.
#pragma warning disable NG0016 // Step and Sign have zero derivative; these networks only run forward.
namespace NetGen.Tests.Interop;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.Linear)][Dense(2, Activation.Linear, Bias = false)]
public partial class OnnxLinearF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.Linear)][Dense(2, Activation.Linear, Bias = false)]
public partial class OnnxLinearD;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.Sigmoid)][Dense(2, Activation.Sigmoid)]
public partial class OnnxSigmoidF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.Sigmoid)][Dense(2, Activation.Sigmoid)]
public partial class OnnxSigmoidD;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.Tanh)][Dense(2, Activation.Tanh)]
public partial class OnnxTanhF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.Tanh)][Dense(2, Activation.Tanh)]
public partial class OnnxTanhD;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.ReLU, Bias = false)][Dense(2, Activation.ReLU)]
public partial class OnnxReluF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.ReLU, Bias = false)][Dense(2, Activation.ReLU)]
public partial class OnnxReluD;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.LeakyReLU, Slope = 0.2)][Dense(2, Activation.LeakyReLU, Slope = 0.1)]
public partial class OnnxLeakyF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.LeakyReLU, Slope = 0.2)][Dense(2, Activation.LeakyReLU, Slope = 0.1)]
public partial class OnnxLeakyD;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.PReLU, Slope = 0.25)][Dense(2, Activation.PReLU)]
public partial class OnnxPreluF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.PReLU, Slope = 0.25)][Dense(2, Activation.PReLU)]
public partial class OnnxPreluD;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.Step)][Dense(2, Activation.Step)]
public partial class OnnxStepF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.Step)][Dense(2, Activation.Step)]
public partial class OnnxStepD;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.Sign)][Dense(2, Activation.Sign)]
public partial class OnnxSignF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.Sign)][Dense(2, Activation.Sign)]
public partial class OnnxSignD;

[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.PiecewiseLinear)][Dense(2, Activation.PiecewiseLinear)]
public partial class OnnxPiecewiseF;
[Network(Loss.HalfSquaredError, Precision = Precision.Double)][Input(3)][Dense(4, Activation.PiecewiseLinear)][Dense(2, Activation.PiecewiseLinear)]
public partial class OnnxPiecewiseD;

[Network(Loss.CrossEntropy)][Input(3)][Dense(4, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class OnnxSoftmaxF;
[Network(Loss.CrossEntropy, Precision = Precision.Double)][Input(3)][Dense(4, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class OnnxSoftmaxD;

// ../shared/data/onnx, one declaration per PyTorch model (file name in the comment).
// leakyrelu_linear_5_7_2
[Network(Loss.HalfSquaredError)][Input(5)][Dense(7, Activation.LeakyReLU, Slope = 0.01)][Dense(2, Activation.Linear)]
public partial class TorchLeakyLinear;
// matmul_add_tanh_sigmoid_4_6_2
[Network(Loss.HalfSquaredError)][Input(4)][Dense(6, Activation.Tanh)][Dense(2, Activation.Sigmoid)]
public partial class TorchMatMulTanhSigmoid;
// piecewise_linear_3_4_2
[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.PiecewiseLinear)][Dense(2, Activation.Linear)]
public partial class TorchPiecewiseLinear;
// prelu_softmax_6_9_4
[Network(Loss.CrossEntropy)][Input(6)][Dense(9, Activation.PReLU)][Dense(4, Activation.Softmax)]
public partial class TorchPreluSoftmax;
// relu_logits_8_16_16_10
[Network(Loss.HalfSquaredError)][Input(8)][Dense(16, Activation.ReLU)][Dense(16, Activation.ReLU)][Dense(10, Activation.Linear)]
public partial class TorchReluLogits;
// relu_sigmoid_nobias_4_6_1
[Network(Loss.BinaryCrossEntropy)][Input(4)][Dense(6, Activation.ReLU, Bias = false)][Dense(1, Activation.Sigmoid, Bias = false)]
public partial class TorchReluSigmoidNoBias;
// sigmoid_sigmoid_3_5_2
[Network(Loss.HalfSquaredError)][Input(3)][Dense(5, Activation.Sigmoid)][Dense(2, Activation.Sigmoid)]
public partial class TorchSigmoidSigmoid;
// step_sign_3_4_2
[Network(Loss.HalfSquaredError)][Input(3)][Dense(4, Activation.Step)][Dense(2, Activation.Sign)]
public partial class TorchStepSign;
// tanh_softmax_4_8_3
[Network(Loss.CrossEntropy)][Input(4)][Dense(8, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class TorchTanhSoftmax;
// tanh_softmax_double_2_4_3
[Network(Loss.CrossEntropy, Precision = Precision.Double)][Input(2)][Dense(4, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class TorchTanhSoftmaxDouble;

// Declarations that do not match tanh_softmax_4_8_3 (4 -> 8 tanh -> 3 softmax), one way or several.
[Network(Loss.CrossEntropy)][Input(5)][Dense(7, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class MismatchInputAndSize;
[Network(Loss.CrossEntropy)][Input(4)][Dense(8, Activation.ReLU)][Dense(3, Activation.Softmax, Bias = false)]
public partial class MismatchActivationAndBias;
[Network(Loss.CrossEntropy)][Input(4)][Dense(8, Activation.Tanh)][Dense(8, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class MismatchLayerCount;
[Network(Loss.CrossEntropy, Precision = Precision.Double)][Input(4)][Dense(8, Activation.Tanh)][Dense(3, Activation.Softmax)]
public partial class MismatchPrecision;
// leakyrelu_linear_5_7_2 has alpha 0.01.
[Network(Loss.HalfSquaredError)][Input(5)][Dense(7, Activation.LeakyReLU, Slope = 0.2)][Dense(2, Activation.Linear)]
public partial class MismatchLeakySlope;
// relu_logits_8_16_16_10 ends in logits.
[Network(Loss.CrossEntropy)][Input(8)][Dense(16, Activation.ReLU)][Dense(16, Activation.ReLU)][Dense(10, Activation.Softmax)]
public partial class MismatchLogitsAsSoftmax;
#pragma warning restore NG0016
