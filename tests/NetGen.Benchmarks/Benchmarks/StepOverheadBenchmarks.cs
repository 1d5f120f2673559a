using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Data;

namespace NetGen.Benchmarks.Benchmarks;

/// <summary>
/// What a small network's step costs beyond its arithmetic (issue 13, "the per-step overhead"): the public
/// <c>TrainStep</c> and <c>Predict</c> (argument checks, finite-update check, output check) against the generated
/// kernels alone through the unchecked <c>Model</c> (backward pass then the unchecked update; forward pass), cycling
/// through the task's training rows. Ratio - 1 is the overhead.
/// </summary>
public abstract class StepOverhead<TNet, TKernels>
    where TNet : Network<TKernels, float>, new()
    where TKernels : struct, INetworkKernels<float>
{
    private TNet _checked = null!, _bare = null!;
    private Network<TKernels, float>.Model _model;
    private Dataset _data = null!;
    private float[] _output = null!;
    private int _next;

    protected abstract BenchTask Task { get; }

    [GlobalSetup]
    public void Setup()
    {
        _data = Task.Train;
        _checked = new TNet { LearningRate = Task.LearningRate };
        _bare = new TNet { LearningRate = Task.LearningRate };
        Task.InitialParameters().CopyTo(_checked.Parameters);
        Task.InitialParameters().CopyTo(_bare.Parameters);
        _model = _bare.AsModel();
        _output = new float[Task.Spec.OutputSize];
    }

    private int Next()
    {
        int k = _next;
        _next = k + 1 == _data.Count ? 0 : k + 1;
        return k;
    }

    [BenchmarkCategory("Step"), Benchmark(Baseline = true)]
    public float Step_KernelsOnly()
    {
        int k = Next();
        float loss = _model.Backpropagate(_data.Input(k), _data.Target(k), accumulate: false);
        GradientStep.Apply<float>(_model.Parameters, _model.Gradients, Task.LearningRate);
        return loss;
    }

    [BenchmarkCategory("Step"), Benchmark]
    public float Step_TrainStep()
    {
        int k = Next();
        return _checked.TrainStep(_data.Input(k), _data.Target(k));
    }

    [BenchmarkCategory("Predict"), Benchmark(Baseline = true)]
    public float Predict_KernelsOnly()
    {
        _model.Predict(_data.Input(Next()), _output);
        return _output[0];
    }

    [BenchmarkCategory("Predict"), Benchmark]
    public float Predict_Checked()
    {
        _checked.Predict(_data.Input(Next()), _output);
        return _output[0];
    }
}

[BenchmarkCategory("T1"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T1StepOverhead : StepOverhead<XorNetGen, XorNetGen.Kernels>
{
    protected override BenchTask Task => Tasks.T1;
}

[BenchmarkCategory("T2"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T2StepOverhead : StepOverhead<IrisNetGen, IrisNetGen.Kernels>
{
    protected override BenchTask Task => Tasks.T2;
}

[BenchmarkCategory("T3"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T3StepOverhead : StepOverhead<DigitsNetGen, DigitsNetGen.Kernels>
{
    protected override BenchTask Task => Tasks.T3;
}
