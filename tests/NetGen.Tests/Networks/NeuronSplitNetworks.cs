namespace NetGen.Tests.Batch;

// Networks for the step split by neurons: hidden layers wide enough to share (at least a cache line per thread),
// widths that are not a multiple of the vector width (37, 130), every kind of elementwise layer, a bias-free layer,
// PReLU slopes, double precision, and three hidden layers.

/// <summary>Like Fashion-MNIST's 784-128-10, smaller: ReLU, softmax + cross entropy, a hidden width of 130.</summary>
[Network(Loss.CrossEntropy)]
[Input(50)]
[Dense(130, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class NeuronReluSoftmaxF;

[Network(Loss.MeanSquaredError)]
[Input(20)]
[Dense(37, Activation.Tanh)]
[Dense(3, Activation.Sigmoid)]
public partial class NeuronTanhSigmoidF;

[Network(Loss.CrossEntropy)]
[Input(30)]
[Dense(64, Activation.LeakyReLU, Slope = 0.1)]
[Dense(40, Activation.PReLU, Slope = 0.25, Bias = false)]
[Dense(5, Activation.Softmax)]
public partial class NeuronLeakyPreluF;

[Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
[Input(24)]
[Dense(48, Activation.ReLU)]
[Dense(37, Activation.Tanh, Bias = false)]
[Dense(33, Activation.Sigmoid)]
[Dense(4, Activation.Sigmoid)]
public partial class NeuronThreeHiddenD;
