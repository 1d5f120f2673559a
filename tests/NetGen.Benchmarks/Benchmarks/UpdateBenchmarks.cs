using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NetGen.Benchmarks.Benchmarks;

/// <summary>
/// The parameter update alone on T4's 101,770 parameters: the checked plain step <c>ApplyGradients</c> uses
/// (<see cref="GradientStep.TryApply{T}"/>) against the optimizer's SGD step <c>Fit</c> uses per mini-batch.
/// </summary>
[BenchmarkCategory("Update"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class UpdateBenchmarks
{
    private float[] _parameters = null!, _gradients = null!;
    private Optimizer<float> _sgd = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parameters = Tasks.T4.InitialParameters();
        var random = new Random(3);
        _gradients = _parameters.Select(_ => (float)(random.NextDouble() - 0.5) * 1e-6f).ToArray();
        _sgd = new Optimizer<float>(FashionNet.Architecture, new TrainingOptions { Optimizer = OptimizerKind.Sgd });
    }

    [BenchmarkCategory("Update"), Benchmark(Baseline = true)]
    public float CheckedStep()
    {
        GradientStep.TryApply<float>(_parameters, _gradients, 0.1f / 32);
        return _parameters[0];
    }

    [BenchmarkCategory("Update"), Benchmark]
    public float OptimizerSgdStep()
    {
        _sgd.Step(_parameters, _gradients, 0.1f, 1f / 32);
        return _parameters[0];
    }
}
