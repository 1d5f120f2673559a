using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Baselines;
using NetGen.Benchmarks.Data;

namespace NetGen.Benchmarks.Benchmarks;

/// <summary>
/// Per-sample costs of one task: one online training step (forward + backward + SGD update) and one single-sample
/// inference, cycling through the training set. Both baselines start from the same parameters
/// (<see cref="BenchTask.InitialParameters"/>, NetGen layout), so a generated network can be started there too.
/// Derived classes pick the task; they are where the NetGen methods go (see the TODO in each).
/// </summary>
public abstract class TaskBenchmark
{
    private PlainMlp _plain = null!;
    private TensorMlp _tensor = null!;
    private Dataset _data = null!;
    private float[] _output = null!;
    private int _nextPlain, _nextTensor;

    protected abstract BenchTask Task { get; }

    /// <summary>The starting parameters in NetGen layout, for the NetGen column.</summary>
    protected float[] InitialParameters { get; private set; } = null!;

    protected Dataset Data => _data;

    [GlobalSetup]
    public void Setup()
    {
        _data = Task.Train;
        InitialParameters = Task.InitialParameters();
        _plain = new PlainMlp(Task.Spec, InitialParameters);
        _tensor = new TensorMlp(Task.Spec, InitialParameters);
        _output = new float[Task.Spec.OutputSize];
        SetupNetGen();
    }

    /// <summary>Hook for derived classes to build their generated network from <see cref="InitialParameters"/>.</summary>
    protected virtual void SetupNetGen()
    {
    }

    protected int Next(ref int counter)
    {
        int k = counter;
        counter = k + 1 == _data.Count ? 0 : k + 1;
        return k;
    }

    [BenchmarkCategory("TrainStep"), Benchmark(Baseline = true)]
    public float TrainStep_PlainLoops()
    {
        int k = Next(ref _nextPlain);
        return _plain.TrainStep(_data.Input(k), _data.Target(k), Task.LearningRate);
    }

    [BenchmarkCategory("TrainStep"), Benchmark]
    public float TrainStep_TensorPrimitives()
    {
        int k = Next(ref _nextTensor);
        return _tensor.TrainStep(_data.Input(k), _data.Target(k), Task.LearningRate);
    }

    [BenchmarkCategory("Infer"), Benchmark(Baseline = true)]
    public float Infer_PlainLoops()
    {
        int k = Next(ref _nextPlain);
        _plain.Predict(_data.Input(k), _output);
        return _output[0];
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_TensorPrimitives()
    {
        int k = Next(ref _nextTensor);
        _tensor.Predict(_data.Input(k), _output);
        return _output[0];
    }
}

[BenchmarkCategory("T1"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T1Xor : TaskBenchmark
{
    protected override BenchTask Task => Tasks.T1;

    // TODO(NetGen): when the generator lands, declare the 2-4-1 network ([Dense(4, Tanh)], [Dense(1, Sigmoid)],
    // HalfSquaredError, float), import InitialParameters in SetupNetGen(), and add
    // [BenchmarkCategory("TrainStep"), Benchmark] TrainStep_NetGen and [BenchmarkCategory("Infer"), Benchmark] Infer_NetGen.
}

[BenchmarkCategory("T2"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T2Iris : TaskBenchmark
{
    protected override BenchTask Task => Tasks.T2;

    // TODO(NetGen): 4-16-3 (Tanh, Softmax, CrossEntropy): TrainStep_NetGen and Infer_NetGen as in T1Xor.
}

[BenchmarkCategory("T3"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T3Digits : TaskBenchmark
{
    protected override BenchTask Task => Tasks.T3;

    // TODO(NetGen): 64-32-10 (ReLU, Softmax, CrossEntropy): TrainStep_NetGen and Infer_NetGen as in T1Xor.
}

[BenchmarkCategory("T4"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T4Fashion : TaskBenchmark
{
    protected override BenchTask Task => Tasks.T4;

    // TODO(NetGen): 784-128-10 (ReLU, Softmax, CrossEntropy): TrainStep_NetGen and Infer_NetGen as in T1Xor.
}
