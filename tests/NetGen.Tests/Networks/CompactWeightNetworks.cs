namespace NetGen.Tests.CompactWeights;

// Networks for the compact-weight predictor tests (bfloat16 and 8-bit): every activation, layers without biases, and widths that are no multiple of any
// vector width, so each bfloat16 tile shape is hit (wide tiles of 4 blocks, a last tile of 1-3 blocks, narrow
// layers with 4 chains) and fan-ins leave 1, 2 and 3 inputs after the last group of 4.

[Network(Loss.CrossEntropy)]
[Input(11)]
[Dense(130, Activation.PReLU)]
[Dense(70, Activation.LeakyReLU, Slope = 0.2, Bias = false)]
[Dense(29, Activation.Tanh)]
[Dense(7, Activation.Softmax)]
public partial class Bf16WideNet;

// Step and Sign: inference only (NG0016 warns that training cannot pass gradients through them).
#pragma warning disable NG0016
[Network(Loss.BinaryCrossEntropy)]
[Input(19)]
[Dense(33, Activation.Step)]
[Dense(31, Activation.Sign, Bias = false)]
[Dense(23, Activation.PiecewiseLinear)]
[Dense(3, Activation.Sigmoid)]
public partial class Bf16StepNet;
#pragma warning restore NG0016

[Network(Loss.MeanSquaredError)]
[Input(5)]
[Dense(3, Activation.ReLU, Bias = false)]
[Dense(2, Activation.Linear)]
public partial class Bf16TinyNet;

// 784-128-10 as in the benchmarks (T4): the Fashion-MNIST accuracy test trains it briefly.
[Network(Loss.CrossEntropy, LearningRate = 0.05, Seed = 4)]
[Input(784)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class Bf16FashionNet;

// One linear layer: the 8-bit predictor's outputs are its quantized sums, checked against hand-computed ones.
[Network(Loss.MeanSquaredError)]
[Input(5)]
[Dense(3, Activation.Linear)]
public partial class Int8HandNet;
