using BenchmarkDotNet.Attributes;
using NetGen.Kernels;

namespace NetGen.Benchmarks.Benchmarks;

/// <summary>
/// The batched-training kernels alone on T4's first layer (784→128) for a mini-batch of 32 rows (16 = one of two
/// threads): forward Z = X·W, weight gradient ∂W += Xᵀ·Δ. 2·32·784·128 = 6.4 MFLOP per call.
/// </summary>
[BenchmarkCategory("Kernels")]
public class MatrixKernelBenchmarks : ISmokeAware
{
    private const int N = 784, M = 128;

    [Params(32, 16)]
    public int Rows { get; set; } = 32;

    private float[] _x = null!, _w = null!, _z = null!, _d = null!, _g = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetupModel();
        var random = new Random(1);
        _x = Enumerable.Range(0, Rows * N).Select(_ => (float)random.NextDouble()).ToArray();
        _w = Enumerable.Range(0, N * M).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        _d = Enumerable.Range(0, Rows * M).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        _z = new float[Rows * M];
        _g = new float[N * M];
    }

    [BenchmarkCategory("Kernels"), Benchmark(Baseline = true)]
    public float Forward()
    {
        MatrixKernels.MultiplyAdd<float>(_x, N, 1, Rows, N, _w, M, _z);
        return _z[0];
    }

    [BenchmarkCategory("Kernels"), Benchmark]
    public float WeightGradient()
    {
        MatrixKernels.MultiplyAdd<float>(_x, 1, N, N, Rows, _d, M, _g);
        return _g[0];
    }

    /// <summary>The whole generated batched forward/backward of T4 (both layers, activations, loss) for these rows.</summary>
    [BenchmarkCategory("Kernels"), Benchmark]
    public float GeneratedBackpropagateBatch()
    {
        return _model.BackpropagateBatch(_x, _y, Rows, _grad, _ws, accumulate: false);
    }

    private FashionNet.Model _model;
    private float[] _y = null!, _grad = null!, _ws = null!;

    private void SetupModel()
    {
        var net = new FashionNet();
        _model = net.AsModel();
        _y = new float[Rows * 10];
        for (int r = 0; r < Rows; r++) _y[r * 10 + r % 10] = 1;
        _grad = new float[FashionNet.ParameterCount];
        _ws = new float[_model.BatchWorkspaceSize(Rows)];
    }

    public void ConfigureForSmoke() { }

    public string Describe(string method, double nanosecondsPerInvocation) =>
        $"{2.0 * Rows * N * M / nanosecondsPerInvocation:F1} GFLOP/s";
}
