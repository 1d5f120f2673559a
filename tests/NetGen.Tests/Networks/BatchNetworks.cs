namespace NetGen.Tests.Batch;

// Small (scalar tails only) and vectorized-size networks covering the fused losses (softmax + CE, sigmoid + BCE),
// the non-fused chains (softmax Jacobian, activation derivative × loss gradient) and PReLU.

[Network(Loss.CrossEntropy, Precision = Precision.Double)]
[Input(5)]
[Dense(7, Activation.Tanh)]
[Dense(4, Activation.Softmax)]
public partial class BatchSmallSoftmaxD;

[Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
[Input(6)]
[Dense(5, Activation.PReLU, Slope = 0.2)]
[Dense(3, Activation.Sigmoid)]
public partial class BatchSmallBceD;

[Network(Loss.CrossEntropy, Precision = Precision.Double)]
[Input(40)]
[Dense(48, Activation.PReLU, Slope = 0.25)]
[Dense(24, Activation.Sigmoid)]
[Dense(10, Activation.Softmax)]
public partial class BatchWideSoftmaxD;

[Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
[Input(33)]
[Dense(40, Activation.Tanh)]
[Dense(17, Activation.Sigmoid)]
public partial class BatchWideBceD;

[Network(Loss.CrossEntropy)]
[Input(40)]
[Dense(48, Activation.PReLU, Slope = 0.25)]
[Dense(33, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class BatchWideSoftmaxF;

[Network(Loss.BinaryCrossEntropy)]
[Input(33)]
[Dense(40, Activation.Tanh)]
[Dense(17, Activation.Sigmoid)]
public partial class BatchWideBceF;

[Network(Loss.MeanSquaredError)]
[Input(5)]
[Dense(9, Activation.LeakyReLU, Slope = 0.1)]
[Dense(3, Activation.Softmax)]
public partial class BatchSoftmaxMseF;

[Network(Loss.Hinge, Precision = Precision.Double)]
[Input(20)]
[Dense(19, Activation.PiecewiseLinear)]
[Dense(2, Activation.Linear, Bias = false)]
public partial class BatchHingeD;
