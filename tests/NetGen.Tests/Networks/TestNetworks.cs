namespace NetGen.Tests.Networks;

// Small networks the tests compile exactly as a user would: the generator runs as an analyzer on this project.

[Network(Loss.HalfSquaredError, LearningRate = 0.5)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet;

[Network(Loss.CrossEntropy, LearningRate = 0.05)]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class IrisNet;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.ReLU)]
[Dense(4, Activation.Sigmoid, Bias = false)]
[Dense(2, Activation.Linear)]
public partial class RegressionNet;

[Network(Loss.CrossEntropy, LearningRate = 0.1)]
[Input(64)]
[Dense(32, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class DigitsNet;
