namespace NetGen.Tests.Batch;

/// <summary>Mini-batch and batch training through the batch entry point, on one and two threads.</summary>
public sealed class BatchTrainingTests
{
    private static float[] Train(TrainingOptions options, int samples = 300, int seed = 1)
    {
        var net = new BatchWideSoftmaxF();
        net.Fit(BatchData.Dataset<float>(BatchWideSoftmaxF.Architecture, samples, seed), options);
        return net.Parameters.ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        double scale = expected.Max(v => Math.Abs((double)v));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * Math.Max(Math.Abs(expected[i]), 1e-2 * scale),
                $"parameter {i}: {actual[i]:R} vs {expected[i]:R}");
    }

    [Theory]
    [InlineData(TrainingAlgorithm.MiniBatch, OptimizerKind.Sgd)]
    [InlineData(TrainingAlgorithm.MiniBatch, OptimizerKind.Momentum)]
    [InlineData(TrainingAlgorithm.Batch, OptimizerKind.Sgd)]
    public void Batched_training_matches_the_per_sample_path(TrainingAlgorithm algorithm, OptimizerKind optimizer)
    {
        var options = new TrainingOptions { Algorithm = algorithm, Optimizer = optimizer, BatchSize = 16, Epochs = 4, LearningRate = 0.02, Threads = 1 };
        var perSample = Train(options with { PerSampleBatches = true });
        var batched = Train(options);
        AssertClose(perSample, batched, 1e-5);
    }

    [Fact]
    public void Two_threads_are_deterministic_and_match_one_thread()
    {
        var options = new TrainingOptions { BatchSize = 24, Epochs = 3, LearningRate = 0.02, Threads = 2 };
        var first = Train(options);
        var second = Train(options);
        Assert.Equal(first, second); // bit-identical
        var single = Train(options with { Threads = 1 });
        AssertClose(single, first, 1e-5);
    }

    [Fact]
    public void Full_batch_on_two_threads_matches_one_thread()
    {
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.Batch, Epochs = 5, LearningRate = 0.05 };
        // 600 rows: each thread runs more than one chunk of BatchRunner.MaxChunkRows rows.
        var two = Train(options with { Threads = 2 }, samples: 600);
        var one = Train(options with { Threads = 1 }, samples: 600);
        AssertClose(one, two, 1e-5);
    }

    [Fact]
    public void A_last_batch_smaller_than_the_thread_count_is_handled()
    {
        // 21 samples in batches of 5: the last batch has one row, so one of the three parts is empty.
        var options = new TrainingOptions { BatchSize = 5, Epochs = 3, LearningRate = 0.02 };
        var three = Train(options with { Threads = 3 }, samples: 21);
        var one = Train(options with { Threads = 1 }, samples: 21);
        AssertClose(one, three, 1e-5);
    }

    [Fact]
    public void Automatic_threads_use_one_thread_for_small_steps()
    {
        var options = new TrainingOptions { Threads = 0 };
        Assert.Equal(1, Trainer.ThreadsFor(new TrainingOptions(), BatchWideSoftmaxF.Architecture, 32)); // default: one
        Assert.Equal(1, Trainer.ThreadsFor(options, BatchWideSoftmaxF.Architecture, 32));
        Assert.Equal(2, Trainer.ThreadsFor(options with { Threads = 2 }, BatchWideSoftmaxF.Architecture, 32));
        Assert.Equal(3, Trainer.ThreadsFor(options with { Threads = 8 }, BatchWideSoftmaxF.Architecture, 3));
        var large = new NetworkArchitecture(784, Loss.CrossEntropy, Precision.Single,
            new LayerDescription(128, Activation.ReLU, true, 0), new LayerDescription(10, Activation.Softmax, true, 0));
        // A large step, but 32 rows are too few to share by rows: each thread would stream the whole weight matrix for 16 rows.
        Assert.Equal(1, Trainer.ThreadsFor(options, large, 32));
        Assert.Equal(Math.Min(Environment.ProcessorCount, 2), Trainer.ThreadsFor(options, large, 128));
        // Two threads asked for: by neurons (automatic at 32 rows per thread or fewer) a single row is enough.
        Assert.Equal(2, Trainer.ThreadsFor(options with { Threads = 2 }, large, 1));
        Assert.Equal(1, Trainer.ThreadsFor(options with { Threads = 2, Split = BatchSplit.Rows }, large, 1));
        Assert.Equal(Math.Min(Environment.ProcessorCount, 8), Trainer.ThreadsFor(options, large, 512));
        Assert.Equal(1, Trainer.ThreadsFor(new TrainingOptions(), large, 512));
    }

    [Fact]
    public void Threads_option_is_validated()
    {
        var data = BatchData.Dataset<float>(BatchWideSoftmaxF.Architecture, 10, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchWideSoftmaxF().Fit(data, new TrainingOptions { Threads = -1, BatchSize = 4 }));
    }
}

/// <summary>Runs alone: it measures the process-wide allocation counter.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

[Collection(nameof(AllocationCollection))]
public sealed class BatchAllocationTests
{
    [Theory]
    [InlineData(1, (int)BatchSplit.Auto)]
    [InlineData(2, (int)BatchSplit.Rows)]
    [InlineData(2, (int)BatchSplit.Neurons)]
    public void Batched_training_does_not_allocate_per_batch(int threads, int split)
    {
        var data = BatchData.Dataset<float>(BatchWideSoftmaxF.Architecture, 2000, 5);
        long Run(int epochs)
        {
            var net = new BatchWideSoftmaxF();
            var options = new TrainingOptions { BatchSize = 8, Epochs = epochs, LearningRate = 0.001, Threads = threads, Split = (BatchSplit)split };
            long before = GC.GetTotalAllocatedBytes(precise: true);
            net.Fit(data, options);
            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        Run(12); // warm up: JIT, tiering
        // 10 more epochs = 2500 more batches; only the per-epoch history entries may add up. Best of three, since
        // the runtime itself may allocate now and then (tier-1 recompilation of a method still warming up).
        long extra = long.MaxValue;
        for (int attempt = 0; attempt < 3 && extra >= 10 * 512; attempt++)
        {
            long shortRun = Run(2), longRun = Run(12);
            extra = Math.Min(extra, longRun - shortRun);
        }
        Assert.True(extra < 10 * 512, $"{extra} bytes for 2500 more batches");
    }
}
