using System.Numerics.Tensors;

namespace NetGen.Tests.Batch;

/// <summary>
/// What a split training step must equal, bit for bit: the step written out with the public pieces. One thread is
/// the unsplit step (<c>BackpropagateBatch</c> over the batch, then <c>Optimizer.Step</c>), as before the split; two
/// threads are the two halves' gradients summed in order, then the same step. Which thread computes which piece must
/// not matter, so repeated runs agree too.
/// </summary>
public sealed class SplitStepTests
{
    private const int Samples = 203, BatchSize = 24, Epochs = 3; // 203 = 8 batches of 24 + one of 11: an odd last batch

    private static TrainingOptions Options(OptimizerKind optimizer, int threads) => new()
    {
        Algorithm = TrainingAlgorithm.MiniBatch, Optimizer = optimizer, BatchSize = BatchSize, Epochs = Epochs,
        LearningRate = optimizer == OptimizerKind.Adam ? 0.002 : 0.02, WeightDecay = optimizer == OptimizerKind.Momentum ? 1e-3 : 0,
        Threads = threads, Split = BatchSplit.Rows, Seed = 11, // the row split's sums are what this class checks
    };

    /// <summary>The step by hand: the trainer's shuffle, each thread's contiguous share of the batch, sums in part order.</summary>
    private static float[] ByHand(TrainingOptions options, Dataset<float> data)
    {
        var net = new BatchWideSoftmaxF();
        var arch = BatchWideSoftmaxF.Architecture;
        var optimizer = new Optimizer<float>(arch, options);
        var random = new DeterministicRandom(options.Seed);
        var order = Enumerable.Range(0, data.Count).ToArray();
        int threads = options.Threads;
        var gradients = Enumerable.Range(0, threads).Select(_ => new float[arch.ParameterCount]).ToArray();
        var workspace = new float[BatchWideSoftmaxF.BatchWorkspaceSize(BatchSize)];
        var x = new float[BatchSize * arch.InputSize];
        var y = new float[BatchSize * arch.OutputSize];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order.AsSpan());
            for (int start = 0; start < data.Count; start += BatchSize)
            {
                int end = Math.Min(start + BatchSize, data.Count), size = end - start;
                for (int t = 0; t < threads; t++)
                {
                    int lo = start + size * t / threads, hi = start + size * (t + 1) / threads;
                    for (int k = lo; k < hi; k++)
                    {
                        data.Input(order[k]).CopyTo(x.AsSpan((k - lo) * arch.InputSize));
                        data.Target(order[k]).CopyTo(y.AsSpan((k - lo) * arch.OutputSize));
                    }
                    net.BackpropagateBatch(x, y, hi - lo, gradients[t], workspace, accumulate: false);
                }
                for (int t = 1; t < threads; t++) TensorPrimitives.Add(gradients[0], gradients[t], gradients[0]);
                optimizer.Step(net.Parameters, gradients[0], (float)options.LearningRate!.Value, size == 1 ? 1f : 1f / size);
            }
        }
        return net.Parameters.ToArray();
    }

    private static float[] Fitted(TrainingOptions options, Dataset<float> data)
    {
        var net = new BatchWideSoftmaxF();
        net.Fit(data, options);
        return net.Parameters.ToArray();
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 1)]
    [InlineData(OptimizerKind.Sgd, 2)]
    [InlineData(OptimizerKind.Sgd, 3)]
    [InlineData(OptimizerKind.Momentum, 1)]
    [InlineData(OptimizerKind.Momentum, 2)]
    [InlineData(OptimizerKind.Adam, 1)]
    [InlineData(OptimizerKind.Adam, 2)]
    public void A_split_step_is_the_step_by_hand_bit_for_bit(OptimizerKind optimizer, int threads)
    {
        var data = BatchData.Dataset<float>(BatchWideSoftmaxF.Architecture, Samples, seed: 4);
        var options = Options(optimizer, threads);
        var expected = ByHand(options, data);
        Assert.Equal(expected, Fitted(options, data));
        Assert.Equal(expected, Fitted(options, data)); // again: whichever thread ran which piece
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_target_changed_by_Progress_is_found_when_its_row_is_gathered(int threads)
    {
        var data = BatchData.Dataset<float>(BatchWideSoftmaxF.Architecture, 64, seed: 6);
        var net = new BatchWideSoftmaxF();
        float[]? afterEpoch1 = null;
        var options = Options(OptimizerKind.Sgd, threads) with
        {
            Epochs = 4,
            Progress = report =>
            {
                if (report.Epoch != 1) return;
                afterEpoch1 = net.Parameters.ToArray();
                data.Targets[5 * 10 + 3] = 5; // row 5, column 3: outside cross entropy's [0, 1]
            },
        };
        var error = Assert.Throws<InvalidOperationException>(() => net.Fit(data, options));
        Assert.Contains("The training dataset changed during training (found in epoch 2)", error.Message);
        Assert.Contains("row 5, column 3: the target is 5", error.Message);
        Assert.Contains("restored to the end of epoch 1", error.Message);
        Assert.Equal(afterEpoch1, net.Parameters.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_diverging_step_restores_the_last_good_epoch_and_writes_no_non_finite_weight(int threads)
    {
        var data = BatchData.Dataset<float>(BatchWideSoftmaxF.Architecture, 96, seed: 8);
        for (int i = 0; i < data.Inputs.Length; i++) data.Inputs[i] *= 1e18f; // finite, but the first updates overflow
        var net = new BatchWideSoftmaxF();
        var initial = net.Parameters.ToArray();
        var error = Assert.Throws<TrainingDivergedException>(() => net.Fit(data, Options(OptimizerKind.Sgd, threads) with { LearningRate = 1 }));
        Assert.Equal(1, error.Epoch);
        Assert.Equal(initial, net.Parameters.ToArray());
    }
}

public sealed class ThreadedPredictTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(64, 2)]
    [InlineData(65, 2)]
    [InlineData(300, 2)]
    [InlineData(300, 3)]
    [InlineData(1000, 8)]
    public void Threads_give_the_same_bits_as_one_thread(int rows, int threads)
    {
        var net = new BatchWideSoftmaxF();
        var (x, _) = BatchData.Make<float>(BatchWideSoftmaxF.Architecture, rows, seed: rows);
        float[] one = new float[rows * 10], many = new float[rows * 10], blockedOne = new float[rows * 10], blockedMany = new float[rows * 10];
        net.PredictBatch(x, one);
        net.PredictBatch(x, many, threads);
        net.PredictBatchBlocked(x, blockedOne);
        net.PredictBatchBlocked(x, blockedMany, threads);
        Assert.Equal(one, many);
        Assert.Equal(blockedOne, blockedMany);
        Assert.Contains(blockedMany, v => v != 0);
    }

    [Fact]
    public void A_bad_input_in_a_later_share_is_named_by_its_place_in_the_whole_batch()
    {
        var net = new BatchWideSoftmaxF();
        var (x, _) = BatchData.Make<float>(BatchWideSoftmaxF.Architecture, 256, seed: 3);
        x[200 * 40 + 7] = float.NaN; // row 200: the last of four 64-row blocks, run by another thread
        var error = Assert.Throws<ArgumentException>(() => net.PredictBatchBlocked(x, new float[256 * 10], threads: 4));
        Assert.Contains($"inputs[{200 * 40 + 7}]", error.Message);
        Assert.Throws<ArgumentException>(() => net.PredictBatch(x, new float[256 * 10], threads: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.PredictBatchBlocked(x, new float[256 * 10], threads: 0));
    }
}
