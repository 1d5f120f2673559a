using NetGen.Tests.Reference;

namespace NetGen.Tests.Runtime;

// In the allocation collection: it runs apart from the other allocation measurements and the busiest tests.
[Collection(nameof(NetGen.Tests.Batch.AllocationCollection))]
public class TrainerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly NetworkArchitecture Small =
        TestData.Mlp(3, Loss.CrossEntropy, Precision.Double, (6, Activation.Tanh), (3, Activation.Softmax));

    [Fact]
    public void BatchGradientIsTheMeanOfPerSampleGradients()
    {
        var data = TestData.Synthetic<double>(40, 3, 3);
        var net = TestData.Network<double>(Small);
        int p = Small.ParameterCount;
        var mean = new double[p];
        for (int r = 0; r < data.Count; r++)
        {
            net.Backpropagate(data.Input(r), data.Target(r), accumulate: false);
            for (int i = 0; i < p; i++) mean[i] += net.Gradients[i] / data.Count;
        }
        for (int r = 0; r < data.Count; r++) net.Backpropagate(data.Input(r), data.Target(r), accumulate: r > 0);
        for (int i = 0; i < p; i++) Assert.True(Math.Abs(net.Gradients[i] / data.Count - mean[i]) <= 1e-6 * Math.Max(1, Math.Abs(mean[i])));

        // One batch epoch of plain SGD moves the parameters by exactly −α × mean gradient.
        var before = (double[])net.Parameters.Clone();
        Trainer.Fit(net.Model, data, new TrainingOptions { Algorithm = TrainingAlgorithm.Batch, LearningRate = 0.3, Epochs = 1 });
        for (int i = 0; i < p; i++) Assert.True(Math.Abs(before[i] - 0.3 * mean[i] - net.Parameters[i]) <= 1e-6);
    }

    [Fact]
    public void MiniBatchWithLastPartialBatchMatchesManualUpdates()
    {
        var data = TestData.Synthetic<double>(10, 3, 3);
        var net = TestData.Network<double>(Small);
        var manual = TestData.Network<double>(Small);
        Trainer.Fit(net.Model, data, new TrainingOptions { BatchSize = 4, LearningRate = 0.2, Epochs = 1, Seed = 5 });
        var order = Enumerable.Range(0, 10).ToArray();
        new DeterministicRandom(5).Shuffle(order.AsSpan());
        foreach (var batch in order.Chunk(4))
        {
            var sum = new double[Small.ParameterCount];
            foreach (int r in batch)
            {
                manual.Backpropagate(data.Input(r), data.Target(r), false);
                for (int i = 0; i < sum.Length; i++) sum[i] += manual.Gradients[i];
            }
            for (int i = 0; i < sum.Length; i++) manual.Parameters[i] -= 0.2 * sum[i] / batch.Length;
        }
        for (int i = 0; i < manual.Parameters.Length; i++) Assert.Equal(manual.Parameters[i], net.Parameters[i], 12);
    }

    [Theory]
    [InlineData(TrainingAlgorithm.Online, OptimizerKind.Sgd)]
    [InlineData(TrainingAlgorithm.MiniBatch, OptimizerKind.Adam)]
    [InlineData(TrainingAlgorithm.Batch, OptimizerKind.Momentum)]
    public void SameSeedGivesBitIdenticalParameters(TrainingAlgorithm algorithm, OptimizerKind optimizer)
    {
        var data = TestData.Synthetic<float>(60, 3, 3);
        var arch = TestData.Mlp(3, Loss.CrossEntropy, Precision.Single, (6, Activation.Tanh), (3, Activation.Softmax));
        float[] Run()
        {
            var net = TestData.Network<float>(arch, Initializer.He, 9);
            Trainer.Fit(net.Model, data, new TrainingOptions
            {
                Algorithm = algorithm, Optimizer = optimizer, LearningRate = 0.05, Epochs = 5, BatchSize = 8, Seed = 17, WeightDecay = 1e-3,
            });
            return net.Parameters;
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void MaxEpochsIsReported()
    {
        var data = TestData.Synthetic<double>(30, 3, 3);
        var net = TestData.Network<double>(Small);
        var reports = new List<EpochReport>();
        var result = Trainer.Fit(net.Model, data, new TrainingOptions { Epochs = 7, BatchSize = 8, LearningRate = 0.1, Progress = reports.Add });
        Assert.Equal(StopReason.MaxEpochs, result.StopReason);
        Assert.Equal(7, result.Epochs);
        Assert.Equal(Enumerable.Range(1, 7), result.History.Select(h => h.Epoch));
        Assert.Equal(result.History, reports);
        Assert.Null(result.FinalValidationLoss);
        Assert.All(result.History, h => Assert.True(h.SamplesPerSecond > 0));
    }

    [Fact]
    public void TargetLossStopsTraining()
    {
        var data = TestData.Synthetic<double>(30, 3, 3);
        var net = TestData.Network<double>(Small);
        var result = Trainer.Fit(net.Model, data, new TrainingOptions { Epochs = 5000, BatchSize = 8, LearningRate = 0.1, TargetLoss = 0.5 });
        Assert.Equal(StopReason.TargetLoss, result.StopReason);
        Assert.True(result.Epochs < 5000);
        Assert.True(result.FinalTrainLoss <= 0.5);
        Assert.True(result.History[^2].TrainLoss > 0.5);
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestParameters()
    {
        // A big network memorizing a tiny noisy training set: the validation loss rises after a while.
        var all = TestData.Synthetic<double>(80, 3, 3, seed: 4);
        var noisyLabels = all.Labels!.Select((l, i) => i % 3 == 0 ? (l + 1) % 3 : l).ToArray();
        var noisy = Dataset<double>.ForClassification(all.Inputs, 3, noisyLabels, 3);
        var train = noisy.Take(20);
        var validation = all.Subset(Enumerable.Range(20, 60).ToArray());
        var arch = TestData.Mlp(3, Loss.CrossEntropy, Precision.Double, (40, Activation.Tanh), (3, Activation.Softmax));
        var net = TestData.Network<double>(arch);
        var result = Trainer.Fit(net.Model, train, new TrainingOptions
        {
            Algorithm = TrainingAlgorithm.Batch, Optimizer = OptimizerKind.Adam, LearningRate = 0.05, Epochs = 2000, Patience = 10,
        }, validation);
        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        int best = result.BestEpoch!.Value;
        Assert.Equal(best + 10, result.Epochs);
        Assert.Equal(result.History.Min(h => h.ValidationLoss!.Value), result.BestValidationLoss);
        Assert.Equal(result.History[best - 1].ValidationLoss, result.BestValidationLoss);
        Assert.True(result.FinalValidationLoss > result.BestValidationLoss);
        // The network holds the best epoch's parameters, not the last ones.
        Assert.Equal(result.BestValidationLoss!.Value, Evaluator.Evaluate(net.Model, validation).Loss, 12);
    }

    [Fact]
    public void DivergenceThrowsNamingTheEpochAndRestoresLastGoodParameters()
    {
        var data = TestData.Synthetic<float>(30, 3, 2);
        var regression = new Dataset<float>(data.Inputs, data.Inputs.Where((_, i) => i % 3 == 0).Select(v => v * 1000f).ToArray(), 3, 1);
        var arch = TestData.Mlp(3, Loss.HalfSquaredError, Precision.Single, (8, Activation.ReLU), (1, Activation.Linear));
        var net = TestData.Network<float>(arch);
        var initial = (float[])net.Parameters.Clone();
        var ex = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(net.Model, regression,
            new TrainingOptions { Algorithm = TrainingAlgorithm.Online, LearningRate = 10, Epochs = 50 }));
        Assert.Contains($"epoch {ex.Epoch}", ex.Message);
        Assert.True(ex.Epoch >= 1);
        Assert.All(net.Parameters, p => Assert.True(float.IsFinite(p)));
        if (ex.Epoch == 1) Assert.Equal(initial, net.Parameters);
    }

    [Fact]
    public void DivergenceAfterGoodEpochsRestoresTheEndOfTheLastGoodEpoch()
    {
        var data = TestData.Synthetic<double>(20, 3, 3);
        var net = TestData.Network<double>(Small);
        var snapshots = new List<double[]>();
        int calls = 0;
        // Poison a parameter after epoch 3's report: epoch 4 then diverges and epoch 3's parameters come back.
        var options = new TrainingOptions
        {
            Epochs = 10, LearningRate = 0.1, BatchSize = 4,
            Progress = r => { snapshots.Add((double[])net.Parameters.Clone()); if (++calls == 3) net.Parameters[0] = double.NaN; },
        };
        var ex = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(net.Model, data, options));
        Assert.Equal(4, ex.Epoch);
        Assert.Contains("epoch 4", ex.Message);
        Assert.Contains("end of epoch 3", ex.Message);
        Assert.Equal(snapshots[2], net.Parameters);
    }

    [Fact]
    public void StepDecayScheduleIsReportedPerEpoch()
    {
        var data = TestData.Synthetic<double>(20, 3, 3);
        var net = TestData.Network<double>(Small);
        var result = Trainer.Fit(net.Model, data, new TrainingOptions
        {
            Epochs = 7, BatchSize = 4, LearningRate = 0.8, Schedule = LearningRateSchedule.StepDecay(3, 0.5),
        });
        Assert.Equal([0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2], result.History.Select(h => h.LearningRate));
        Assert.Equal(0.8 * 0.5 * 0.5 * 0.5, LearningRateSchedule.StepDecay(2, 0.5).RateAt(0.8, 7));
    }

    [Fact]
    public void TrainAccuracyIsTrackedOnRequest()
    {
        var data = TestData.Synthetic<double>(20, 3, 3);
        var net = TestData.Network<double>(Small);
        var result = Trainer.Fit(net.Model, data, new TrainingOptions { Epochs = 2, BatchSize = 4, TrackTrainAccuracy = true });
        Assert.All(result.History, h => Assert.InRange(h.TrainAccuracy!.Value, 0, 1));
    }

    [Fact]
    public void DatasetMustMatchTheNetwork()
    {
        var net = TestData.Network<double>(Small);
        var wrongInputs = TestData.Synthetic<double>(10, 4, 3);
        var ex = Assert.Throws<ArgumentException>(() => Trainer.Fit(net.Model, wrongInputs, new TrainingOptions { BatchSize = 4 }));
        Assert.Contains("4 input features", ex.Message);
        var wrongTargets = TestData.Synthetic<double>(10, 3, 2);
        ex = Assert.Throws<ArgumentException>(() => Trainer.Fit(net.Model, TestData.Synthetic<double>(10, 3, 3), new TrainingOptions { BatchSize = 4 }, validation: wrongTargets));
        Assert.Contains("2 target values", ex.Message);
    }

    [Theory]
    [InlineData("BatchSize", 0)]
    [InlineData("BatchSize", 11)]
    [InlineData("Epochs", 0)]
    [InlineData("LearningRate", 0)]
    [InlineData("LearningRate", -1)]
    [InlineData("LearningRate", double.NaN)]
    [InlineData("LearningRate", double.PositiveInfinity)]
    [InlineData("Momentum", 1)]
    [InlineData("Beta2", -0.1)]
    [InlineData("Epsilon", 0)]
    [InlineData("WeightDecay", -1)]
    [InlineData("Patience", 0)]
    [InlineData("TargetLoss", double.NaN)]
    public void InvalidOptionsAreRejectedByName(string option, double value)
    {
        var o = new TrainingOptions { BatchSize = 4 };
        o = option switch
        {
            "BatchSize" => o with { BatchSize = (int)value },
            "Epochs" => o with { Epochs = (int)value },
            "LearningRate" => o with { LearningRate = value },
            "Momentum" => o with { Momentum = value },
            "Beta2" => o with { Beta2 = value },
            "Epsilon" => o with { Epsilon = value },
            "WeightDecay" => o with { WeightDecay = value },
            "Patience" => o with { Patience = (int)value },
            _ => o with { TargetLoss = value },
        };
        var net = TestData.Network<double>(Small);
        var data = TestData.Synthetic<double>(10, 3, 3);
        var ex = Assert.ThrowsAny<ArgumentException>(() => Trainer.Fit(net.Model, data, o, validation: data));
        Assert.Equal(option, ex.ParamName);
        Assert.Contains(option, ex.Message);
    }

    [Fact]
    public void PatienceNeedsValidationData()
    {
        var net = TestData.Network<double>(Small);
        var ex = Assert.Throws<ArgumentException>(() => Trainer.Fit(net.Model, TestData.Synthetic<double>(10, 3, 3), new TrainingOptions { Patience = 3, BatchSize = 4 }));
        Assert.Contains("validation", ex.Message);
    }

    [Fact]
    public void TrainingLoopDoesNotAllocatePerSampleOrPerBatch()
    {
        var data = TestData.Synthetic<double>(200, 3, 3);
        var net = TestData.Network<double>(Small);
        long Measure(TrainingAlgorithm algorithm, OptimizerKind optimizer, int epochs)
        {
            var options = new TrainingOptions { Algorithm = algorithm, Optimizer = optimizer, Epochs = epochs, BatchSize = 4, LearningRate = 0.01 };
            Trainer.Fit(net.Model, data, options, validation: data); // warm up (JIT, type loading)
            long least = long.MaxValue;
            // The least of five ignores one-off runtime allocations (under a loaded CI machine, tier-up of a method
            // still warming up can land inside a measured run).
            for (int attempt = 0; attempt < 5; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Trainer.Fit(net.Model, data, options, validation: data);
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return least;
        }
        foreach (var (algorithm, optimizer) in new[] { (TrainingAlgorithm.Online, OptimizerKind.Sgd), (TrainingAlgorithm.MiniBatch, OptimizerKind.Adam), (TrainingAlgorithm.Batch, OptimizerKind.Momentum) })
        {
            long one = Measure(algorithm, optimizer, 1);
            long many = Measure(algorithm, optimizer, 41);
            // 40 more epochs = 8,000 more samples (Online: 8,000 more updates, MiniBatch: 2,000 more batches). The only
            // growth allowed is the history: one EpochReport struct per epoch (the list is pre-sized), plus a little slack.
            int reportSize = System.Runtime.CompilerServices.Unsafe.SizeOf<EpochReport>();
            double perEpoch = (many - one) / 40.0;
            output.WriteLine($"{algorithm}/{optimizer}: Fit with 1 epoch allocates {one} bytes, with 41 epochs {many} bytes ({perEpoch} per epoch; EpochReport is {reportSize} bytes)");
            Assert.True(many - one <= 40 * reportSize + 256, $"{algorithm}/{optimizer}: {perEpoch} bytes per epoch ({one} vs {many})");
        }
    }
}
