namespace NetGen.Benchmarks.Benchmarks;

// The benchmark tasks' networks as NetGen declarations (shapes chosen by the generator: T1 and T2 unrolled,
// T3 and T4 SIMD kernels). SetupNetGen() copies the tasks' initial parameters in, so every column starts equal.

/// <summary>T1: XOR 2-4-1, tanh / sigmoid, ½Σe².</summary>
[Network(Loss.HalfSquaredError)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNetGen;

/// <summary>T2: Iris 4-16-3, tanh / softmax + cross entropy.</summary>
[Network(Loss.CrossEntropy)]
[Input(4)]
[Dense(16, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class IrisNetGen;

/// <summary>T3: digits 64-32-10, ReLU / softmax + cross entropy.</summary>
[Network(Loss.CrossEntropy)]
[Input(64)]
[Dense(32, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class DigitsNetGen;

/// <summary>T4: Fashion-MNIST 784-128-10, ReLU / softmax + cross entropy.</summary>
[Network(Loss.CrossEntropy)]
[Input(784)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class FashionNetGen;
