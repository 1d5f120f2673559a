using NetGen.Benchmarks.Baselines;
using NetGen.Benchmarks.Data;

namespace NetGen.Benchmarks;

/// <summary>One benchmark task: network, training data, learning rate and the seed of its initial parameters.</summary>
public sealed class BenchTask
{
    private readonly Lazy<Dataset> _train;

    public BenchTask(string id, string title, MlpSpec spec, Func<Dataset> train, float learningRate, int seed)
    {
        Id = id;
        Title = title;
        Spec = spec;
        _train = new Lazy<Dataset>(train);
        LearningRate = learningRate;
        Seed = seed;
    }

    public string Id { get; }
    public string Title { get; }
    public MlpSpec Spec { get; }
    public Dataset Train => _train.Value;
    public float LearningRate { get; }
    public int Seed { get; }

    /// <summary>Initial parameters in NetGen layout (the generated networks import these too).</summary>
    public float[] InitialParameters() => Spec.InitialParameters(Seed);
}

public static class Tasks
{
    public const int T4BatchSize = 32;

    public static readonly BenchTask T1 = new(
        "T1", "XOR 2-4-1, tanh / sigmoid, ½Σe², online SGD",
        new MlpSpec([2, 4, 1], [Activation.Tanh, Activation.Sigmoid], Loss.HalfSquaredError),
        Datasets.Xor, learningRate: 0.5f, seed: 1);

    public static readonly BenchTask T2 = new(
        "T2", "Iris 4-16-3, tanh / softmax + CE, online SGD",
        new MlpSpec([4, 16, 3], [Activation.Tanh, Activation.Softmax], Loss.CrossEntropy),
        Datasets.Iris, learningRate: 0.05f, seed: 2);

    public static readonly BenchTask T3 = new(
        "T3", "digits 64-32-10, ReLU / softmax + CE, online SGD",
        new MlpSpec([64, 32, 10], [Activation.ReLU, Activation.Softmax], Loss.CrossEntropy),
        Datasets.Digits, learningRate: 0.02f, seed: 3);

    public static readonly BenchTask T4 = new(
        "T4", "Fashion-MNIST 784-128-10, ReLU / softmax + CE, mini-batch 32 SGD",
        new MlpSpec([784, 128, 10], [Activation.ReLU, Activation.Softmax], Loss.CrossEntropy),
        () => Datasets.FashionMnist(train: true), learningRate: 0.05f, seed: 4);

    private static readonly Lazy<Dataset> FashionTest = new(() => Datasets.FashionMnist(train: false));

    public static Dataset T4Test => FashionTest.Value;

    public static IReadOnlyList<BenchTask> All { get; } = [T1, T2, T3, T4];

    /// <summary>The loss of one prediction (½Σe² or cross entropy), as the baselines define it.</summary>
    public static float LossOf(MlpSpec spec, ReadOnlySpan<float> output, ReadOnlySpan<float> target)
    {
        float loss = 0;
        for (int j = 0; j < output.Length; j++)
        {
            if (spec.Loss == Loss.CrossEntropy) { if (target[j] != 0) loss -= target[j] * MathF.Log(MathF.Max(output[j], 1e-30f)); }
            else { float e = output[j] - target[j]; loss += 0.5f * e * e; }
        }
        return loss;
    }
}
