using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Benchmarks.Baselines;
using NetGen.Benchmarks.Data;

namespace NetGen.Benchmarks.Benchmarks;

/// <summary>
/// 784-128-10 inference on the Fashion-MNIST test images, ONNX Runtime beside NetGen on the same weights (T4's initial
/// parameters, exported with <c>SaveOnnx</c>): one invocation infers <see cref="Batch"/> rows (batch 1: <c>Predict</c>; batch
/// 1,000: <c>PredictBatchBlocked</c>), cycling through the test set. ONNX Runtime runs with 1 and 2 intra-op threads,
/// tensors bound once over the same input rows (<see cref="OrtMlp"/>); the setup checks that its outputs equal
/// NetGen's to 1e-5 before anything is timed. Ratios are against ONNX Runtime on one thread (lower is faster).
/// </summary>
[BenchmarkCategory("T4Inference"), GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T4Inference : ISmokeAware, IDisposable
{
    private const int InputSize = 784, OutputSize = 10;

    /// <summary>Rows per call.</summary>
    [Params(1, 1000)]
    public int Batch { get; set; } = 1;

    private Dataset _test = null!;
    private float[] _inputs = null!, _outputs = null!;
    private int _blocks, _nextBlock;
    private FashionNet _netgen = null!;
    private BFloat16Predictor<FashionNet.Kernels> _bf16 = null!;
    private Int8Predictor<FashionNet.Kernels> _int8 = null!;
    private PlainMlp _plain = null!;
    private TensorMlp _tensor = null!;
    private OrtMlp _ort1 = null!, _ort2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _test = Tasks.T4Test;
        // Batch 1 cycles over 512 images (1.6 MB, more than L2), batch 1,000 over the whole test set.
        _blocks = Batch == 1 ? 512 : _test.Count / Batch;
        _inputs = _test.Inputs;
        _outputs = new float[Batch * OutputSize];
        float[] parameters = Tasks.T4.InitialParameters();
        _netgen = new FashionNet();
        parameters.CopyTo(_netgen.Parameters);
        _bf16 = _netgen.ToBFloat16Predictor();
        _int8 = _netgen.ToInt8Predictor();
        _plain = new PlainMlp(Tasks.T4.Spec, parameters);
        _tensor = new TensorMlp(Tasks.T4.Spec, parameters);
        // The same weights as ONNX Runtime sees them: NetGen's own export.
        using var onnx = new MemoryStream();
        _netgen.SaveOnnx(onnx);
        byte[] model = onnx.ToArray();
        _ort1 = new OrtMlp(model, _inputs, InputSize, OutputSize, Batch, _blocks, threads: 1);
        _ort2 = new OrtMlp(model, _inputs, InputSize, OutputSize, Batch, _blocks, threads: 2);
        CheckSameOutputs();
    }

    private void CheckSameOutputs()
    {
        foreach (int block in new[] { 0, _blocks - 1 })
        {
            _ort1.Run(block);
            _ort2.Run(block);
            Infer_NetGen_at(block);
            for (int k = 0; k < _outputs.Length; k++)
            {
                float difference = Math.Max(Math.Abs(_ort1.Output[k] - _outputs[k]), Math.Abs(_ort2.Output[k] - _outputs[k]));
                if (!(difference <= 1e-5f))
                    throw new InvalidOperationException($"ONNX Runtime and NetGen disagree at block {block}, output {k}: " +
                        $"{_ort1.Output[k]} / {_ort2.Output[k]} vs {_outputs[k]}.");
            }
        }
    }

    private int NextBlock()
    {
        int block = _nextBlock;
        _nextBlock = block + 1 == _blocks ? 0 : block + 1;
        return block;
    }

    private ReadOnlySpan<float> Rows(int block) => _inputs.AsSpan(block * Batch * InputSize, Batch * InputSize);

    /// <summary>NetGen's fastest path for the batch: <c>Predict</c> for one row, <c>PredictBatchBlocked</c> for more.</summary>
    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_NetGen() => Infer_NetGen_at(NextBlock());

    private float Infer_NetGen_at(int block)
    {
        if (Batch == 1) _netgen.Predict(Rows(block), _outputs);
        else _netgen.PredictBatchBlocked(Rows(block), _outputs);
        return _outputs[0];
    }

    /// <summary>The same, split over two threads by <c>PredictBatchBlocked(inputs, outputs, threads: 2)</c> (one row is not split).</summary>
    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_NetGen_2Threads()
    {
        int block = NextBlock();
        if (Batch == 1) _netgen.Predict(Rows(block), _outputs);
        else _netgen.PredictBatchBlocked(Rows(block), _outputs, threads: 2);
        return _outputs[0];
    }

    /// <summary>
    /// The opt-in bfloat16 weights (<c>ToBFloat16Predictor</c>): <c>Predict</c> for one row, <c>PredictBatch</c> (row after
    /// row) for more. Not checked against ONNX Runtime (its weights are rounded); its accuracy is tested in BFloat16AccuracyTests.
    /// </summary>
    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_NetGen_BFloat16()
    {
        var rows = Rows(NextBlock());
        if (Batch == 1) _bf16.Predict(rows, _outputs);
        else _bf16.PredictBatch(rows, _outputs);
        return _outputs[0];
    }

    /// <summary>The opt-in 8-bit weights (<c>ToInt8Predictor</c>), as the bfloat16 row; its accuracy is tested in Int8AccuracyTests.</summary>
    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_NetGen_Int8()
    {
        var rows = Rows(NextBlock());
        if (Batch == 1) _int8.Predict(rows, _outputs);
        else _int8.PredictBatch(rows, _outputs);
        return _outputs[0];
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_PlainLoops()
    {
        var rows = Rows(NextBlock());
        for (int r = 0; r < Batch; r++) _plain.Predict(rows.Slice(r * InputSize, InputSize), _outputs.AsSpan(r * OutputSize, OutputSize));
        return _outputs[0];
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_TensorPrimitives()
    {
        var rows = Rows(NextBlock());
        for (int r = 0; r < Batch; r++) _tensor.Predict(rows.Slice(r * InputSize, InputSize), _outputs.AsSpan(r * OutputSize, OutputSize));
        return _outputs[0];
    }

    // ONNX Runtime last: its intra-op worker spins for a while after each run, which on a 2-core machine would slow
    // whatever smoke mode measures next.

    [BenchmarkCategory("Infer"), Benchmark(Baseline = true)]
    public float Infer_OnnxRuntime_1Thread()
    {
        _ort1.Run(NextBlock());
        return _ort1.Output[0];
    }

    [BenchmarkCategory("Infer"), Benchmark]
    public float Infer_OnnxRuntime_2Threads()
    {
        _ort2.Run(NextBlock());
        return _ort2.Output[0];
    }

    public void ConfigureForSmoke()
    {
    }

    public string Describe(string method, double nanosecondsPerInvocation) =>
        $"{Batch / (nanosecondsPerInvocation * 1e-9):N0} samples/s";

    public void Dispose()
    {
        _ort1?.Dispose();
        _ort2?.Dispose();
    }
}
