using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Baselines;
using NetGen.Benchmarks.Data;

namespace NetGen.Benchmarks.Benchmarks;

/// <summary>
/// Per-sample costs of one task: one online training step (forward + backward + SGD update) and one single-sample
/// inference, cycling through the training set. Both baselines start from the same parameters
/// (<see cref="BenchTask.InitialParameters"/>, NetGen layout), so a generated network can be started there too.
/// Derived classes pick the task and its generated network (<see cref="TaskBenchmark{TNet}"/>).
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

    protected float[] Output => _output;

    /// <summary>Sample counter of the NetGen column.</summary>
    protected int NextNetGen;

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
    private XorNetGen _net = null!;

    protected override BenchTask Task => Tasks.T1;

    protected override void SetupNetGen()
    {
        _net = new XorNetGen { LearningRate = Task.LearningRate };
        InitialParameters.CopyTo(_net.Parameters);
    }

    [BenchmarkCategory("TrainStep"), Benchmark]
    public float TrainStep_NetGen()
    {
        int k = Next(ref NextNetGen);
        return _net.TrainStep(Data.Input(k), Data.Target(k));
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_NetGen()
    {
        int k = Next(ref NextNetGen);
        _net.Predict(Data.Input(k), Output);
        return Output[0];
    }
}

[BenchmarkCategory("T2"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T2Iris : TaskBenchmark
{
    private IrisNetGen _net = null!;

    protected override BenchTask Task => Tasks.T2;

    protected override void SetupNetGen()
    {
        _net = new IrisNetGen { LearningRate = Task.LearningRate };
        InitialParameters.CopyTo(_net.Parameters);
    }

    [BenchmarkCategory("TrainStep"), Benchmark]
    public float TrainStep_NetGen()
    {
        int k = Next(ref NextNetGen);
        return _net.TrainStep(Data.Input(k), Data.Target(k));
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_NetGen()
    {
        int k = Next(ref NextNetGen);
        _net.Predict(Data.Input(k), Output);
        return Output[0];
    }
}

[BenchmarkCategory("T3"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T3Digits : TaskBenchmark
{
    private DigitsNetGen _net = null!;

    protected override BenchTask Task => Tasks.T3;

    protected override void SetupNetGen()
    {
        _net = new DigitsNetGen { LearningRate = Task.LearningRate };
        InitialParameters.CopyTo(_net.Parameters);
    }

    [BenchmarkCategory("TrainStep"), Benchmark]
    public float TrainStep_NetGen()
    {
        int k = Next(ref NextNetGen);
        return _net.TrainStep(Data.Input(k), Data.Target(k));
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_NetGen()
    {
        int k = Next(ref NextNetGen);
        _net.Predict(Data.Input(k), Output);
        return Output[0];
    }
}

[BenchmarkCategory("T4"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T4Fashion : TaskBenchmark
{
    private FashionNetGen _net = null!;

    protected override BenchTask Task => Tasks.T4;

    protected override void SetupNetGen()
    {
        _net = new FashionNetGen { LearningRate = Task.LearningRate };
        InitialParameters.CopyTo(_net.Parameters);
    }

    [BenchmarkCategory("TrainStep"), Benchmark]
    public float TrainStep_NetGen()
    {
        int k = Next(ref NextNetGen);
        return _net.TrainStep(Data.Input(k), Data.Target(k));
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_NetGen()
    {
        int k = Next(ref NextNetGen);
        _net.Predict(Data.Input(k), Output);
        return Output[0];
    }
}
