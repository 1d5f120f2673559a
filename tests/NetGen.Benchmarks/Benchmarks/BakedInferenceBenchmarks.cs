using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NetGen.Benchmarks.Benchmarks;

// Issue 6: single-sample inference with the weights compiled in (Baked.Predict) against the same network loading the
// same file at run time (Predict). The weights files in Weights/ are synthetic (short exact binary fractions, so the
// 784-128-10 file stays small); the cost of inference does not depend on the values.

[Network(Loss.CrossEntropy, BakedWeights = "Weights/iris-4-8-3.txt")]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class BakedIris;

[Network(Loss.CrossEntropy, BakedWeights = "Weights/digits-64-32-10.txt")]
[Input(64)]
[Dense(32, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class BakedDigits;

[Network(Loss.CrossEntropy, BakedWeights = "Weights/fashion-784-128-10.txt")]
[Input(784)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class BakedFashion;

/// <summary>Runtime-weights vs baked single-sample inference; the ratio is Baked / Runtime (below 1: baked is faster).</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public abstract class BakedInferenceBenchmark
{
    private const int Rows = 256;
    private float[] _inputs = null!;
    private float[] _output = null!;
    private int _next;

    protected abstract int InputSize { get; }

    protected abstract int OutputSize { get; }

    protected abstract string WeightsFile { get; }

    /// <summary>Loads <see cref="WeightsFile"/> into the runtime network.</summary>
    protected abstract void LoadRuntime(string path);

    protected abstract void PredictRuntime(ReadOnlySpan<float> input, Span<float> output);

    protected abstract void PredictBaked(ReadOnlySpan<float> input, Span<float> output);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _inputs = new float[Rows * InputSize];
        for (int i = 0; i < _inputs.Length; i++) _inputs[i] = (float)random.NextDouble();
        _output = new float[OutputSize];
        LoadRuntime(Path.Combine(AppContext.BaseDirectory, WeightsFile));
        PredictRuntime(Row(0), _output);
        float runtime = _output[0];
        PredictBaked(Row(0), _output);
        if (BitConverter.SingleToInt32Bits(runtime) != BitConverter.SingleToInt32Bits(_output[0]))
            throw new InvalidOperationException($"{GetType().Name}: baked and runtime outputs differ ({_output[0]} vs {runtime}).");
    }

    private ReadOnlySpan<float> Row(int k) => _inputs.AsSpan(k * InputSize, InputSize);

    private int Next() => _next = (_next + 1) % Rows;

    [BenchmarkCategory("Infer"), Benchmark(Baseline = true)]
    public float Infer_RuntimeWeights()
    {
        PredictRuntime(Row(Next()), _output);
        return _output[0];
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_Baked()
    {
        PredictBaked(Row(Next()), _output);
        return _output[0];
    }
}

public class BakedIris4x8x3 : BakedInferenceBenchmark
{
    private readonly BakedIris _net = new();
    protected override int InputSize => BakedIris.InputSize;
    protected override int OutputSize => BakedIris.OutputSize;
    protected override string WeightsFile => "Weights/iris-4-8-3.txt";
    protected override void LoadRuntime(string path) => _net.LoadText(path);
    protected override void PredictRuntime(ReadOnlySpan<float> input, Span<float> output) => _net.Predict(input, output);
    protected override void PredictBaked(ReadOnlySpan<float> input, Span<float> output) => BakedIris.Baked.Predict(input, output);
}

public class BakedDigits64x32x10 : BakedInferenceBenchmark
{
    private readonly BakedDigits _net = new();
    protected override int InputSize => BakedDigits.InputSize;
    protected override int OutputSize => BakedDigits.OutputSize;
    protected override string WeightsFile => "Weights/digits-64-32-10.txt";
    protected override void LoadRuntime(string path) => _net.LoadText(path);
    protected override void PredictRuntime(ReadOnlySpan<float> input, Span<float> output) => _net.Predict(input, output);
    protected override void PredictBaked(ReadOnlySpan<float> input, Span<float> output) => BakedDigits.Baked.Predict(input, output);
}

public class BakedFashion784x128x10 : BakedInferenceBenchmark
{
    private readonly BakedFashion _net = new();
    protected override int InputSize => BakedFashion.InputSize;
    protected override int OutputSize => BakedFashion.OutputSize;
    protected override string WeightsFile => "Weights/fashion-784-128-10.txt";
    protected override void LoadRuntime(string path) => _net.LoadText(path);
    protected override void PredictRuntime(ReadOnlySpan<float> input, Span<float> output) => _net.Predict(input, output);
    protected override void PredictBaked(ReadOnlySpan<float> input, Span<float> output) => BakedFashion.Baked.Predict(input, output);
}
