using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using NetGen.Benchmarks.Baselines;
using NetGen.Benchmarks.Data;

namespace NetGen.Benchmarks.Benchmarks;

/// <summary>
/// T4 throughput: one epoch of mini-batch (32) SGD over the Fashion-MNIST training set, and inference over the
/// 10k test images one sample at a time. One invocation takes seconds, so BenchmarkDotNet runs it in monitoring
/// mode (1 warm-up, 3 measured iterations). Smoke mode trains on a slice and extrapolates (see <see cref="Describe"/>).
/// Training one sample costs 3 passes × 2 flops × (784·128 + 128·10) multiply-adds = 0.61 MFLOP; GFLOP/s is also
/// printed against the rounder "0.41 MFLOP per sample" so both conventions can be compared (BENCHMARKS.md).
/// </summary>
[BenchmarkCategory("T4")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, id: "Epoch")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class T4FashionEpoch : ISmokeAware
{
    private PlainMlp _plain = null!;
    private TensorMlp _tensor = null!;
    private Dataset _train = null!;
    private Dataset _test = null!;
    private float[] _output = null!;

    /// <summary>Training samples per invocation (a full epoch unless smoke mode shrinks it).</summary>
    public int TrainSamples { get; set; } = 60000;

    /// <summary>Test samples per batch-inference invocation.</summary>
    public int InferSamples { get; set; } = 10000;

    [GlobalSetup]
    public void Setup()
    {
        _train = Tasks.T4.Train;
        _test = Tasks.T4Test;
        TrainSamples = Math.Min(TrainSamples, _train.Count);
        InferSamples = Math.Min(InferSamples, _test.Count);
        float[] p = Tasks.T4.InitialParameters();
        _plain = new PlainMlp(Tasks.T4.Spec, p);
        _tensor = new TensorMlp(Tasks.T4.Spec, p);
        _output = new float[10];
        SetupNetGen();
    }

    [BenchmarkCategory("Epoch"), Benchmark(Baseline = true)]
    public float Epoch_PlainLoops() => Epoch(_plain);

    [BenchmarkCategory("Epoch"), Benchmark]
    public float Epoch_TensorPrimitives() => Epoch(_tensor);

    [BenchmarkCategory("BatchInfer"), Benchmark(Baseline = true)]
    public float BatchInfer_PlainLoops() => Infer(_plain);

    [BenchmarkCategory("BatchInfer"), Benchmark]
    public float BatchInfer_TensorPrimitives() => Infer(_tensor);

    // NetGen: the runtime's mini-batch trainer (batch 32, SGD, same learning rate; its own shuffled order) over the
    // generated batched forward/backward, on one thread and on two; and the generated PredictBatch.

    [BenchmarkCategory("Epoch"), Benchmark]
    public float Epoch_NetGen_1Thread() => FitEpoch(_fitOne);

    [BenchmarkCategory("Epoch"), Benchmark]
    public float Epoch_NetGen_2Threads() => FitEpoch(_fitTwo);

    [BenchmarkCategory("BatchInfer"), Benchmark]
    public float BatchInfer_NetGen()
    {
        _netgen.PredictBatch(_test.InputRows(0, InferSamples), _outputs);
        return _outputs[0];
    }

    [BenchmarkCategory("BatchInfer"), Benchmark]
    public float BatchInfer_NetGenBlocked()
    {
        _netgen.PredictBatchBlocked(_test.InputRows(0, InferSamples), _outputs);
        return _outputs[0];
    }

    private FashionNet _netgen = null!;
    private NetGen.Dataset<float> _netgenTrain = null!;
    private TrainingOptions _fitOne = null!, _fitTwo = null!;
    private float[] _outputs = null!;

    private void SetupNetGen()
    {
        _netgen = new FashionNet();
        Tasks.T4.InitialParameters().CopyTo(_netgen.Parameters);
        _netgenTrain = new NetGen.Dataset<float>(
            _train.InputRows(0, TrainSamples).ToArray(), _train.TargetRows(0, TrainSamples).ToArray(), _train.InputSize, _train.OutputSize);
        _fitOne = new TrainingOptions
        {
            Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = Tasks.T4BatchSize, Epochs = 1,
            LearningRate = Tasks.T4.LearningRate, Optimizer = OptimizerKind.Sgd, Threads = 1,
        };
        _fitTwo = _fitOne with { Threads = 2 };
        _outputs = new float[InferSamples * FashionNet.OutputSize];
    }

    private float FitEpoch(TrainingOptions options) => (float)_netgen.Fit(_netgenTrain, options).History[^1].TrainLoss;

    private float Epoch(IMlp net)
    {
        const int B = Tasks.T4BatchSize;
        float loss = 0;
        for (int s = 0; s + B <= TrainSamples; s += B)
            loss += net.TrainBatch(_train.InputRows(s, B), _train.TargetRows(s, B), B, Tasks.T4.LearningRate);
        return loss;
    }

    private float Infer(IMlp net)
    {
        float sum = 0;
        for (int i = 0; i < InferSamples; i++)
        {
            net.Predict(_test.Input(i), _output);
            sum += _output[0];
        }
        return sum;
    }

    public void ConfigureForSmoke()
    {
        TrainSamples = 3200;
        InferSamples = 2000;
    }

    public string Describe(string method, double nanosecondsPerInvocation)
    {
        double seconds = nanosecondsPerInvocation * 1e-9;
        if (method.StartsWith("Epoch", StringComparison.Ordinal))
        {
            double perSample = seconds / TrainSamples;
            double epoch = perSample * 60000;
            double gflops = FlopsPerTrainingSample / perSample * 1e-9;
            double gflopsBrief = 0.41e6 / perSample * 1e-9;
            return $"{epoch:F2} s/epoch, {1 / perSample:N0} samples/s, {gflops:F2} GFLOP/s ({gflopsBrief:F2} at 0.41 MFLOP/sample)";
        }
        return $"{InferSamples / seconds:N0} samples/s, {2.0 * Tasks.T4.Spec.ForwardMacs / (seconds / InferSamples) * 1e-9:F2} GFLOP/s";
    }

    /// <summary>Forward, input-gradient and weight-gradient passes, each 2 flops per weight (the weight update adds 2/B more).</summary>
    public static double FlopsPerTrainingSample => 3 * 2.0 * Tasks.T4.Spec.ForwardMacs;
}

/// <summary>Benchmarks whose invocations are too long for smoke mode shrink themselves and explain their numbers.</summary>
public interface ISmokeAware
{
    void ConfigureForSmoke();

    string Describe(string method, double nanosecondsPerInvocation);
}

/// <summary>T4's network generated by NetGen (parameters overwritten with <see cref="BenchTask.InitialParameters"/>).</summary>
[Network(Loss.CrossEntropy, LearningRate = 0.05)]
[Input(784)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class FashionNet;
