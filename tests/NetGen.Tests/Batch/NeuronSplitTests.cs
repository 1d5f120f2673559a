using System.Numerics;

namespace NetGen.Tests.Batch;

/// <summary>
/// The step split by neurons (model-parallel, <see cref="BatchSplit.Neurons"/>) must give the unsplit one-thread
/// step's bits: every element is computed by the same operations in the same order whichever thread owns its neuron.
/// Compared over whole fits (several epochs of steps, shuffled, with a short last batch) against one thread.
/// </summary>
public sealed class NeuronSplitTests
{
    private static TrainingOptions Options(OptimizerKind optimizer, int batchSize, int threads, BatchSplit split = BatchSplit.Neurons) => new()
    {
        Algorithm = TrainingAlgorithm.MiniBatch, Optimizer = optimizer, BatchSize = batchSize, Epochs = 3,
        LearningRate = optimizer == OptimizerKind.Adam ? 0.002 : 0.05, WeightDecay = optimizer == OptimizerKind.Momentum ? 1e-3 : 0,
        Threads = threads, Split = split, Seed = 5,
    };

    private static T[] Fitted<TNet, TKernels, T>(Dataset<T> data, TrainingOptions options)
        where TNet : Network<TKernels, T>, new()
        where TKernels : struct, INetworkKernels<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = new TNet();
        net.Fit(data, options);
        return net.Parameters.ToArray();
    }

    /// <summary>One thread, then <paramref name="threads"/> split by neurons, twice (whichever thread ran which piece).</summary>
    private static void SameBits<TNet, TKernels, T>(int samples, int batchSize, int threads, OptimizerKind optimizer, bool shuffle = true)
        where TNet : Network<TKernels, T>, new()
        where TKernels : struct, INetworkKernels<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = default(TKernels).Architecture;
        Assert.True(NeuronSplit.Possible(arch, batchSize, threads), "the network has a layer to share");
        var data = BatchData.Dataset<T>(arch, samples, seed: samples + batchSize);
        var options = Options(optimizer, batchSize, threads) with { Shuffle = shuffle };
        var expected = Fitted<TNet, TKernels, T>(data, options with { Threads = 1 });
        Assert.Equal(expected, Fitted<TNet, TKernels, T>(data, options));
        Assert.Equal(expected, Fitted<TNet, TKernels, T>(data, options));
        Assert.NotEqual(new TNet().Parameters.ToArray(), expected); // training moved the parameters
    }

    [Theory]
    [InlineData(1, OptimizerKind.Sgd)]
    [InlineData(2, OptimizerKind.Sgd)]
    [InlineData(31, OptimizerKind.Sgd)]
    [InlineData(32, OptimizerKind.Sgd)]
    [InlineData(33, OptimizerKind.Sgd)]
    [InlineData(32, OptimizerKind.Momentum)]
    [InlineData(32, OptimizerKind.Adam)]
    public void ReLU_softmax_cross_entropy_gives_the_one_thread_bits(int batchSize, OptimizerKind optimizer) =>
        SameBits<NeuronReluSoftmaxF, NeuronReluSoftmaxF.Kernels, float>(101, batchSize, 2, optimizer); // 101 rows: a short last batch

    /// <summary>
    /// Parameters start on a cache line, so cuts on multiples of a line from column 0 are real line boundaries and the
    /// threads writing neighbouring blocks of a weight row share no line (one shared line per row cost the split ~25%).
    /// </summary>
    [Fact]
    public unsafe void Parameters_start_on_a_cache_line()
    {
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(0, (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(new NeuronReluSoftmaxF().Parameters)) % 64);
            Assert.Equal(0, (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(new NeuronThreeHiddenD().Parameters)) % 64);
        }
    }

    [Fact]
    public void Rows_used_in_place_give_the_one_thread_bits() =>
        SameBits<NeuronReluSoftmaxF, NeuronReluSoftmaxF.Kernels, float>(100, 32, 2, OptimizerKind.Sgd, shuffle: false);

    [Fact]
    public void Three_threads_give_the_one_thread_bits() =>
        SameBits<NeuronReluSoftmaxF, NeuronReluSoftmaxF.Kernels, float>(90, 32, 3, OptimizerKind.Adam);

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void Tanh_sigmoid_mean_squared_error_gives_the_one_thread_bits(OptimizerKind optimizer) =>
        SameBits<NeuronTanhSigmoidF, NeuronTanhSigmoidF.Kernels, float>(75, 16, 2, optimizer);

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Momentum)]
    public void Leaky_ReLU_and_bias_free_PReLU_give_the_one_thread_bits(OptimizerKind optimizer) =>
        SameBits<NeuronLeakyPreluF, NeuronLeakyPreluF.Kernels, float>(70, 24, 2, optimizer);

    [Theory]
    [InlineData(OptimizerKind.Sgd, 2)]
    [InlineData(OptimizerKind.Adam, 2)]
    [InlineData(OptimizerKind.Momentum, 3)]
    public void Three_hidden_layers_in_double_give_the_one_thread_bits(OptimizerKind optimizer, int threads) =>
        SameBits<NeuronThreeHiddenD, NeuronThreeHiddenD.Kernels, double>(67, 20, threads, optimizer);

    [Fact]
    public void Layers_are_shared_when_wide_and_elementwise_and_cut_on_whole_lines()
    {
        var net = new NeuronThreeHiddenD();
        var plan = new NeuronSplit<double>(NeuronThreeHiddenD.Architecture, net.Parameters, 8, 2, 0);
        var arch = NeuronThreeHiddenD.Architecture;
        for (int l = 0; l < 3; l++)
        {
            var bounds = plan.Bounds[l];
            Assert.Equal(3, bounds.Length); // 48, 37 and 33 ≥ 2 threads × 8 doubles: shared
            Assert.Equal(0, bounds[0]);
            Assert.Equal(arch.Layers[l].Size, bounds[2]);
            Assert.InRange(bounds[1], arch.Layers[l].Size / 2 - 4, arch.Layers[l].Size / 2 + 4); // about half each
            Assert.Equal(0, bounds[1] % 8); // a whole number of cache lines (8 doubles) from column 0: whole vectors
        }
        Assert.Equal([0, 4], plan.Bounds[3]);    // the output layer: whole
        Assert.False(NeuronSplit.Shares(NeuronTanhSigmoidF.Architecture, 0, 3)); // 37 < 3 × 16 floats
        Assert.False(NeuronSplit.Possible(BatchSmallSoftmaxD.Architecture, 32, 2)); // nothing wide enough
        Assert.False(NeuronSplit.Possible(NeuronReluSoftmaxF.Architecture, BatchRunner.MaxChunkRows + 1, 2));
    }


    [Theory]
    [InlineData((int)BatchSplit.Neurons, 32, true)]
    [InlineData((int)BatchSplit.Neurons, 128, true)]
    [InlineData((int)BatchSplit.Rows, 32, false)]
    [InlineData((int)BatchSplit.Auto, 32, true)]   // 16 rows per thread: a split by rows does not pay
    [InlineData((int)BatchSplit.Auto, 128, false)] // 64 rows per thread: by rows
    public void The_runner_splits_by_neurons_when_asked_and_possible(int how, int batchSize, bool byNeurons)
    {
        var split = (BatchSplit)how;
        var net = new NeuronReluSoftmaxF();
        var data = BatchData.Dataset<float>(NeuronReluSoftmaxF.Architecture, 40, seed: 1);
        using var runner = new BatchRunner<NeuronReluSoftmaxF.Model, float>(net.AsModel(), data, Enumerable.Range(0, 40).ToArray(), ordered: true,
            batchSize, 2, new Optimizer<float>(NeuronReluSoftmaxF.Architecture, new TrainingOptions()), split);
        Assert.Equal(byNeurons, runner.SplitsByNeurons);
    }

    /// <summary>
    /// The split keeps the first layer in buffers of its own during an epoch: between epochs the network's parameters
    /// must be the trained ones (what a callback sees), and what a callback writes must be what the next epoch trains.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parameters_seen_and_changed_between_epochs_are_the_ones_trained(bool shuffle)
    {
        var data = BatchData.Dataset<float>(NeuronReluSoftmaxF.Architecture, 96, seed: 9);
        float[] Run(int threads, List<float[]> seen)
        {
            var net = new NeuronReluSoftmaxF();
            var options = Options(OptimizerKind.Momentum, 32, threads) with
            {
                Shuffle = shuffle,
                Progress = report =>
                {
                    seen.Add(net.Parameters.ToArray());
                    var p = net.Parameters;
                    for (int i = report.Epoch; i < p.Length; i += 7) p[i] *= 0.5f; // first layer, biases and output layer alike
                },
            };
            net.Fit(data, options);
            return net.Parameters.ToArray();
        }
        List<float[]> expectedSeen = [], seen = [];
        var expected = Run(1, expectedSeen);
        Assert.Equal(expected, Run(2, seen));
        Assert.Equal(expectedSeen, seen);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void A_NaN_row_mid_epoch_writes_nothing_and_restores_the_last_good_epoch()
    {
        var data = BatchData.Dataset<float>(NeuronReluSoftmaxF.Architecture, 96, seed: 6);
        var net = new NeuronReluSoftmaxF();
        float[]? afterEpoch1 = null;
        var options = Options(OptimizerKind.Sgd, 32, 2) with
        {
            Epochs = 4,
            Progress = report =>
            {
                if (report.Epoch != 1) return;
                afterEpoch1 = net.Parameters.ToArray();
                data.Inputs[70 * 50 + 9] = float.NaN; // row 70: in the third batch of a shuffled epoch, or any
            },
        };
        var error = Assert.Throws<InvalidOperationException>(() => net.Fit(data, options));
        Assert.Contains("The training dataset changed during training (found in epoch 2)", error.Message);
        Assert.Contains("restored to the end of epoch 1", error.Message);
        Assert.Equal(afterEpoch1, net.Parameters.ToArray());
    }

    [Fact]
    public void A_diverging_learning_rate_writes_no_non_finite_weight_and_restores_the_last_good_epoch()
    {
        var data = BatchData.Dataset<float>(NeuronReluSoftmaxF.Architecture, 96, seed: 8);
        for (int i = 0; i < data.Inputs.Length; i++) data.Inputs[i] *= 1e18f; // finite, but the first updates overflow
        var net = new NeuronReluSoftmaxF();
        var initial = net.Parameters.ToArray();
        var error = Assert.Throws<TrainingDivergedException>(() => net.Fit(data, Options(OptimizerKind.Sgd, 32, 2) with { LearningRate = 1 }));
        Assert.Equal(1, error.Epoch);
        Assert.Equal(initial, net.Parameters.ToArray());
        Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
    }
}
