using NetGen;

namespace NetGen.Digits;

// The preset networks. Layer sizes are compile-time constants for the NetGen generator, so there is one class per
// input size (8x8 UCI digits: 64 inputs; 28x28 MNIST / Fashion-MNIST: 784 inputs) and preset. TrainingFlow runs the
// same generic steps for every one of them (generic over the generated Kernels struct); PresetNetworks picks the class.
// The declared learning rate is only the network's default: the app always passes the one chosen by --optimizer /
// --learning-rate.

/// <summary>UCI 8x8 digits, small preset: 64-32-10.</summary>
[Network(Loss.CrossEntropy, LearningRate = 0.003)]
[Input(64)]
[Dense(32, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class UciSmallNet;

/// <summary>UCI 8x8 digits, medium preset: 64-64-10.</summary>
[Network(Loss.CrossEntropy, LearningRate = 0.003)]
[Input(64)]
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class UciMediumNet;

/// <summary>UCI 8x8 digits, large preset: 64-128-64-10.</summary>
[Network(Loss.CrossEntropy, LearningRate = 0.003)]
[Input(64)]
[Dense(128, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class UciLargeNet;

/// <summary>28x28 images (MNIST, Fashion-MNIST), small preset: 784-64-10.</summary>
[Network(Loss.CrossEntropy, LearningRate = 0.001)]
[Input(784)]
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class MnistSmallNet;

/// <summary>28x28 images (MNIST, Fashion-MNIST), medium preset: 784-128-10.</summary>
[Network(Loss.CrossEntropy, LearningRate = 0.001)]
[Input(784)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class MnistMediumNet;

/// <summary>28x28 images (MNIST, Fashion-MNIST), large preset: 784-256-128-10.</summary>
[Network(Loss.CrossEntropy, LearningRate = 0.001)]
[Input(784)]
[Dense(256, Activation.ReLU)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class MnistLargeNet;
