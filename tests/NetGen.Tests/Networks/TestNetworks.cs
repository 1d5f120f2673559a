namespace NetGen.Tests.Networks;

// Small networks the tests compile exactly as a user would: the generator runs as an analyzer on this project.

[Network(Loss.HalfSquaredError, LearningRate = 0.5)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet;

[Network(Loss.CrossEntropy, LearningRate = 0.05, BakedWeights = "Baked/Weights/iris.txt")]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class IrisNet;

[Network(Loss.MeanSquaredError, Precision = Precision.Double, BakedWeights = "Baked/Weights/regression.txt")]
[Input(3)]
[Dense(5, Activation.ReLU)]
[Dense(4, Activation.Sigmoid, Bias = false)]
[Dense(2, Activation.Linear)]
public partial class RegressionNet;

[Network(Loss.CrossEntropy, LearningRate = 0.1, BakedWeights = "Baked/Weights/digits.txt")]
[Input(64)]
[Dense(32, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class DigitsNet;

[Network(Loss.Hinge, Precision = Precision.Double, Seed = 11, BakedWeights = "Baked/Weights/separator.txt")]
[Input(3)]
[Dense(3, Activation.PReLU, Slope = 0.25)]
[Dense(2, Activation.LeakyReLU, Slope = 0.1, Bias = false)]
[Dense(1, Activation.Linear)]
public partial class SeparatorNet;
