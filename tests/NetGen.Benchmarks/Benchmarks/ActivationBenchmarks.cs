using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Numerics;

namespace NetGen.Benchmarks.Benchmarks;

/// <summary>Element-wise activations over small float spans: MathF loop vs TensorPrimitives vs NetGen's FastMath.</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class ActivationBenchmarks
{
    private float[] _x = null!;
    private float[] _y = null!;

    [Params(3, 10, 32, 128)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _x = new float[N];
        _y = new float[N];
        for (int i = 0; i < N; i++) _x[i] = (float)(rng.NextDouble() * 10 - 5);
    }

    [BenchmarkCategory("Exp"), Benchmark(Baseline = true)]
    public float Exp_MathF()
    {
        float[] x = _x, y = _y;
        for (int i = 0; i < x.Length; i++) y[i] = MathF.Exp(x[i]);
        return y[0];
    }

    [BenchmarkCategory("Exp"), Benchmark]
    public float Exp_TensorPrimitives()
    {
        TensorPrimitives.Exp(_x, _y);
        return _y[0];
    }

    [BenchmarkCategory("Exp"), Benchmark]
    public float Exp_FastMath()
    {
        FastMath.Exp(_x, _y);
        return _y[0];
    }

    [BenchmarkCategory("Tanh"), Benchmark(Baseline = true)]
    public float Tanh_MathF()
    {
        float[] x = _x, y = _y;
        for (int i = 0; i < x.Length; i++) y[i] = MathF.Tanh(x[i]);
        return y[0];
    }

    [BenchmarkCategory("Tanh"), Benchmark]
    public float Tanh_TensorPrimitives()
    {
        TensorPrimitives.Tanh(_x, _y);
        return _y[0];
    }

    [BenchmarkCategory("Tanh"), Benchmark]
    public float Tanh_FastMath()
    {
        FastMath.Tanh(_x, _y);
        return _y[0];
    }

    [BenchmarkCategory("Tanh"), Benchmark]
    public float Tanh_FastMathScalar()
    {
        float[] x = _x, y = _y;
        for (int i = 0; i < x.Length; i++) y[i] = FastMath.Tanh(x[i]);
        return y[0];
    }

    [BenchmarkCategory("Sigmoid"), Benchmark(Baseline = true)]
    public float Sigmoid_MathF()
    {
        float[] x = _x, y = _y;
        for (int i = 0; i < x.Length; i++) y[i] = 1f / (1f + MathF.Exp(-x[i]));
        return y[0];
    }

    [BenchmarkCategory("Sigmoid"), Benchmark]
    public float Sigmoid_TensorPrimitives()
    {
        TensorPrimitives.Sigmoid(_x, _y);
        return _y[0];
    }

    [BenchmarkCategory("Sigmoid"), Benchmark]
    public float Sigmoid_FastMath()
    {
        FastMath.Sigmoid(_x, _y);
        return _y[0];
    }
}
