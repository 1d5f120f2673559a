namespace NetGen.Tests.Networks;

// Networks for the layer views (Api/LayerViewTests), the PyTorch initializer and the training conventions.

[Network(Loss.CrossEntropy, Initializer = Initializer.PyTorchDefault, Seed = 5)]
[Input(30)]
[Dense(20, Activation.ReLU)]
[Dense(6, Activation.PReLU, Slope = 0.25, Bias = false)]
[Dense(3, Activation.Softmax)]
public partial class TorchInitNet;

/// <summary>Small and double, with every kind of parameter: weights, biases, PReLU slopes, and a bias-free layer.</summary>
[Network(Loss.MeanSquaredError, Precision = Precision.Double, LearningRate = 0.05, Initializer = Initializer.PyTorchDefault, Seed = 11)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(3, Activation.PReLU, Slope = 0.2)]
[Dense(2, Activation.Linear, Bias = false)]
public partial class ConventionNet;
