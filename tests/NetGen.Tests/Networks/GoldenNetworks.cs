using System.Numerics;

namespace NetGen.Tests.Golden;

// Copies of the generator snapshots' declarations (Generator/SnapshotTests.cs, BakedGeneratorTests.cs) and of the
// benchmark tasks T1-T4 (tests/NetGen.Benchmarks/Tasks.cs: sizes, activations, loss, learning rate and seed), kept
// apart from the other tests' networks so that editing those never moves the golden file. Each one also implements
// IGoldenNetwork through the generated public members, which is how GoldenTests drives them generically.

/// <summary>The public members of a generated network that the golden file records.</summary>
internal interface IGoldenNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    Span<T> Parameters { get; }
    void Predict(ReadOnlySpan<T> input, Span<T> output);
    void PredictBatchBlocked(ReadOnlySpan<T> inputs, Span<T> outputs);
    T TrainStep(ReadOnlySpan<T> input, ReadOnlySpan<T> target);
    TrainingResult Fit(Dataset<T> training, TrainingOptions? options = null, Dataset<T>? validation = null);
}

// Snapshot "Xor_2_4_1_tanh_sigmoid".
[Network(Loss.HalfSquaredError, LearningRate = 0.5)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class GoldenXor : IGoldenNetwork<float>;

// Snapshot "Iris_4_8_3_softmax_crossentropy".
[Network(Loss.CrossEntropy, LearningRate = 0.05, Initializer = Initializer.XavierNormal, Seed = 7)]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class GoldenIris : IGoldenNetwork<float>;

// Snapshot "Double_prelu_nobias_hinge_nested".
public static partial class GoldenCatalog
{
    [Network(Loss.Hinge, Precision = Precision.Double)]
    [Input(3)]
    [Dense(3, Activation.PReLU, Slope = 0.25)]
    [Dense(2, Activation.LeakyReLU, Slope = 0.1, Bias = false)]
    [Dense(1, Activation.Linear)]
    internal partial class Separator : IGoldenNetwork<double> { }
}

// Snapshot "Digits_64_32_10_vectorized".
[Network(Loss.CrossEntropy, LearningRate = 0.1)]
[Input(64)]
[Dense(32, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class GoldenDigits : IGoldenNetwork<float>;

// Snapshot "Softmax_mse_jacobian".
[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(3, Activation.PiecewiseLinear)]
[Dense(3, Activation.Softmax)]
public partial class GoldenSoftmaxMse : IGoldenNetwork<float>;

// Snapshot "Baked_xor_2_2_1"; Weights/xor.txt holds that test's weights 0.5, -0.25, 0.125, ... (exact in float).
[Network(Loss.HalfSquaredError, BakedWeights = "Golden/Weights/xor.txt")]
[Input(2)]
[Dense(2, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class GoldenBakedXor : IGoldenNetwork<float>;

// Benchmark T1: XOR 2-4-1, tanh / sigmoid, ½Σe², lr 0.5, seed 1.
[Network(Loss.HalfSquaredError, LearningRate = 0.5, Seed = 1)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class GoldenT1Xor : IGoldenNetwork<float>;

// Benchmark T2: Iris 4-16-3, tanh / softmax + cross entropy, lr 0.05, seed 2.
[Network(Loss.CrossEntropy, LearningRate = 0.05, Seed = 2)]
[Input(4)]
[Dense(16, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class GoldenT2Iris : IGoldenNetwork<float>;

// Benchmark T3: digits 64-32-10, ReLU / softmax + cross entropy, lr 0.02, seed 3.
[Network(Loss.CrossEntropy, LearningRate = 0.02, Seed = 3)]
[Input(64)]
[Dense(32, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class GoldenT3Digits : IGoldenNetwork<float>;

// Benchmark T4: Fashion-MNIST 784-128-10, ReLU / softmax + cross entropy, lr 0.05, seed 4.
[Network(Loss.CrossEntropy, LearningRate = 0.05, Seed = 4)]
[Input(784)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class GoldenT4Fashion : IGoldenNetwork<float>;
