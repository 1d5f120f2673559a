namespace NetGen.Tests.Backprop;

// The course's caterpillar/XOR problem: 2 hidden sigmoid units and a sigmoid output, J = ½Σe².
[Network(Loss.HalfSquaredError, LearningRate = 0.5)]
[Input(2)]
[Dense(2, Activation.Sigmoid)]
[Dense(1, Activation.Sigmoid)]
public partial class Xor221;

// The same problem with no hidden layer: one sigmoid neuron, a linear classifier.
[Network(Loss.HalfSquaredError, LearningRate = 0.5)]
[Input(2)]
[Dense(1, Activation.Sigmoid)]
public partial class Xor21;

// Float networks for the argument checks.
[Network(Loss.Hinge)]
[Input(2)]
[Dense(3, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class FloatHinge;

[Network(Loss.SquareLoss)]
[Input(2)]
[Dense(1, Activation.Tanh)]
public partial class FloatSquareLoss;

[Network(Loss.BinaryCrossEntropy)]
[Input(2)]
[Dense(1, Activation.Sigmoid)]
public partial class FloatBce;

[Network(Loss.HalfSquaredError, LearningRate = 0.01)]
[Input(2)]
[Dense(3, Activation.Linear)]
[Dense(1, Activation.Linear)]
public partial class FloatLinear;

// Step and Sign have zero derivative almost everywhere (NG0016 warns); they still compile and run forward.
#pragma warning disable NG0016
[Network(Loss.HalfSquaredError)]
[Input(3)]
[Dense(3, Activation.Step)]
public partial class StepNet;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(3, Activation.Sign)]
public partial class SignNet;

[Network(Loss.Hinge)]
[Input(2)]
[Dense(3, Activation.Step)]
[Dense(3, Activation.Sign)]
public partial class StepSignNet;
#pragma warning restore NG0016
