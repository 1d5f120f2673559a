using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using NetGen.Tests.Runtime;

namespace NetGen.Tests.Api;

/// <summary>
/// One test per training convention of docs/conventions.md: <c>Fit</c> on a small double network against a
/// straightforward reference written here, with each update rule in the form PyTorch documents (torch.optim.SGD,
/// Adam, StepLR) and per-sample gradients from the plain-loop <see cref="ReferenceMlp{T}"/>. At least 50 updates;
/// parameters agree to 1e-12.
/// </summary>
public sealed class ConventionTests
{
    private const double Tolerance = 1e-12;
    private static readonly Dataset<double> Data = TestData.Synthetic<double>(10, 3, 2, seed: 1);

    [Fact]
    public void Sgd_is_theta_minus_rate_times_the_mean_gradient_of_the_batch()
    {
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 5, Shuffle = false, Epochs = 25, LearningRate = 0.3 };
        AssertAgrees(options);
    }

    [Fact]
    public void Momentum_is_PyTorchs_form_v_is_mu_v_plus_g_then_theta_minus_rate_v()
    {
        // The rate changes (step decay), which is where this form and v ← μv − αg; θ ← θ + v part ways.
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 5, Shuffle = false, Epochs = 25, LearningRate = 0.1,
            Optimizer = OptimizerKind.Momentum, Momentum = 0.8, Schedule = LearningRateSchedule.StepDecay(4, 0.5) };
        AssertAgrees(options);
    }

    [Theory]
    [InlineData(1e-8)]
    [InlineData(0.05)] // large enough that ε inside the root, or before the bias correction, would show
    public void Adam_has_PyTorchs_defaults_and_adds_epsilon_to_the_bias_corrected_root(double epsilon)
    {
        var defaults = new TrainingOptions();
        Assert.Equal((0.9, 0.999, 1e-8), (defaults.Beta1, defaults.Beta2, defaults.Epsilon));
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 5, Shuffle = false, Epochs = 25, LearningRate = 0.02,
            Optimizer = OptimizerKind.Adam, Epsilon = epsilon };
        AssertAgrees(options);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Momentum)]
    [InlineData(OptimizerKind.Adam)]
    public void Weight_decay_is_coupled_on_weights_only_and_added_after_the_average(OptimizerKind optimizer)
    {
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 5, Shuffle = false, Epochs = 25,
            LearningRate = optimizer == OptimizerKind.Adam ? 0.02 : 0.2, Optimizer = optimizer, WeightDecay = 0.05 };
        AssertAgrees(options);
    }

    [Fact]
    public void A_short_last_mini_batch_is_averaged_over_its_own_rows()
    {
        // 10 rows in batches of 4: 4, 4, 2 (PyTorch's DataLoader with drop_last=False and a mean-reduced loss).
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 4, Shuffle = false, Epochs = 17, LearningRate = 0.3 };
        var fitted = AssertAgrees(options);
        // The other reading, dividing the short batch by the batch size, is measurably different: the test can fail.
        var misread = new Reference(options, divideByBatchSize: true).Run(Data);
        Assert.True(MaxDifference(misread.Parameters, fitted) > 1e-6);
    }

    [Fact]
    public void Step_decay_multiplies_the_rate_by_gamma_every_step_size_epochs()
    {
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 5, Shuffle = false, Epochs = 25, LearningRate = 0.4,
            Schedule = LearningRateSchedule.StepDecay(3, 0.7) };
        var result = new ConventionNet().Fit(Data, options);
        for (int epoch = 1; epoch <= 25; epoch++) // StepLR(step_size=3, gamma=0.7), stepped after every epoch
            Assert.Equal(0.4 * Math.Pow(0.7, (epoch - 1) / 3), result.History[epoch - 1].LearningRate, 1e-15);
        AssertAgrees(options);
    }

    [Fact]
    public void TrainLoss_is_the_mean_data_loss_of_the_epoch_measured_before_each_update_without_the_decay_term()
    {
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 4, Shuffle = false, Epochs = 17, LearningRate = 0.3,
            WeightDecay = 0.1 };
        var net = new ConventionNet();
        var reference = new Reference(options).Run(Data);
        var result = net.Fit(Data, options);
        for (int e = 0; e < options.Epochs; e++)
            Assert.Equal(reference.EpochLosses[e], result.History[e].TrainLoss, Tolerance);
    }

    [Theory]
    [InlineData(TrainingAlgorithm.Online, 1, 5)]
    [InlineData(TrainingAlgorithm.MiniBatch, 3, 13)]
    public void The_shuffle_is_Fisher_Yates_of_the_previous_order_seeded_by_Seed(TrainingAlgorithm algorithm, int batchSize, int epochs)
    {
        var options = new TrainingOptions { Algorithm = algorithm, BatchSize = batchSize, Epochs = epochs, LearningRate = 0.2, Seed = 17 };
        AssertAgrees(options);
        // In the dataset's order the result is different: the reference above really followed the shuffled order.
        var unshuffled = new ConventionNet();
        unshuffled.Fit(Data, options with { Shuffle = false });
        var shuffled = new ConventionNet();
        shuffled.Fit(Data, options);
        Assert.True(MaxDifference(unshuffled.Parameters.ToArray(), shuffled.Parameters.ToArray()) > 1e-6);
    }

    [Fact]
    public void Batch_is_never_shuffled_whatever_Shuffle_and_Seed_say()
    {
        var options = new TrainingOptions { Algorithm = TrainingAlgorithm.Batch, Epochs = 50, LearningRate = 0.3 };
        var fitted = AssertAgrees(options with { Shuffle = false });
        foreach (var variant in new[] { options, options with { Seed = 5 }, options with { Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = Data.Count, Shuffle = false } })
        {
            var net = new ConventionNet();
            net.Fit(Data, variant);
            Assert.Equal(fitted, net.Parameters.ToArray()); // the same sums in the same order: the same bits
        }
    }

    [Fact]
    public void Online_without_shuffle_is_a_TrainStep_loop_over_the_rows_in_order_bit_for_bit()
    {
        OnlineInOrder(new ConventionNet(), new ConventionNet(), Data);
        OnlineInOrder(new IrisNet(), new IrisNet(), TestData.Synthetic<float>(30, 4, 3, seed: 2));
    }

    private static void OnlineInOrder<T>(INetwork<T> fitted, INetwork<T> stepped, Dataset<T> data)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const int epochs = 3;
        fitted.Fit(data, new TrainingOptions { Algorithm = TrainingAlgorithm.Online, Shuffle = false, Epochs = epochs, LearningRate = 0.05 });
        stepped.LearningRate = T.CreateTruncating(0.05);
        for (int epoch = 0; epoch < epochs; epoch++)
            for (int row = 0; row < data.Count; row++)
                stepped.TrainStep(data.Input(row), data.Target(row));
        Assert.Equal(stepped.Parameters.ToArray(), fitted.Parameters.ToArray());
    }

    /// <summary>Fits a fresh network and the reference from the same start; returns the fitted parameters.</summary>
    private static double[] AssertAgrees(TrainingOptions options)
    {
        var net = new ConventionNet();
        var reference = new Reference(options).Run(Data);
        Assert.True(reference.Steps >= 50, $"only {reference.Steps} updates");
        net.Fit(Data, options);
        var fitted = net.Parameters.ToArray();
        double difference = MaxDifference(reference.Parameters, fitted);
        Assert.True(difference <= Tolerance, $"max |Δθ| = {difference:E3} after {reference.Steps} updates");
        // And training moved the parameters well beyond the tolerance: agreement is not trivial.
        Assert.True(MaxDifference(reference.Start, fitted) > 1e-3);
        return fitted;
    }

    private static double MaxDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>
    /// The reference trainer: gradients per sample from <see cref="ReferenceMlp{T}"/>, averaged over each batch, then
    /// PyTorch's update formulas with the weight decay in a parameter group of the weights only.
    /// </summary>
    private sealed class Reference
    {
        private readonly TrainingOptions _options;
        private readonly bool _divideByBatchSize;
        private readonly ReferenceMlp<double> _mlp = new(ConventionNet.Architecture);
        private readonly bool[] _isWeight;
        private readonly double[] _buffer, _exponentialAverage, _exponentialAverageOfSquares;

        public Reference(TrainingOptions options, bool divideByBatchSize = false)
        {
            _options = options;
            _divideByBatchSize = divideByBatchSize;
            var arch = ConventionNet.Architecture;
            int count = arch.ParameterCount;
            _isWeight = new bool[count];
            for (int l = 0; l < arch.Layers.Count; l++)
                for (int k = 0; k < arch.WeightCount(l); k++) _isWeight[arch.WeightOffset(l) + k] = true;
            _buffer = new double[count];
            _exponentialAverage = new double[count];
            _exponentialAverageOfSquares = new double[count];
            Start = new ConventionNet().Parameters.ToArray(); // the declared initializer and seed, as every network here
            Start.CopyTo(_mlp.Parameters, 0);
        }

        public double[] Start { get; }
        public double[] Parameters => _mlp.Parameters;
        public List<double> EpochLosses { get; } = [];
        public int Steps { get; private set; }

        public Reference Run(Dataset<double> data)
        {
            int n = data.Count;
            int batchSize = _options.Algorithm switch { TrainingAlgorithm.Online => 1, TrainingAlgorithm.Batch => n, _ => _options.BatchSize };
            bool shuffle = _options.Shuffle && _options.Algorithm != TrainingAlgorithm.Batch;
            var order = Enumerable.Range(0, n).ToArray();
            var random = new DeterministicRandom(_options.Seed);
            double baseRate = _options.LearningRate!.Value;
            for (int epoch = 1; epoch <= _options.Epochs; epoch++)
            {
                if (shuffle)
                    for (int i = n - 1; i > 0; i--)
                    {
                        int j = random.NextInt(i + 1);
                        (order[i], order[j]) = (order[j], order[i]);
                    }
                double rate = baseRate * Math.Pow(_options.Schedule.Gamma, (epoch - 1) / _options.Schedule.StepSize);
                double lossSum = 0;
                for (int start = 0; start < n; start += batchSize)
                {
                    int end = Math.Min(n, start + batchSize);
                    var gradient = new double[Parameters.Length];
                    for (int k = start; k < end; k++)
                    {
                        lossSum += _mlp.Backpropagate(data.Input(order[k]), data.Target(order[k]), accumulate: false);
                        for (int p = 0; p < gradient.Length; p++) gradient[p] += _mlp.Gradients[p];
                    }
                    int divisor = _divideByBatchSize ? batchSize : end - start;
                    for (int p = 0; p < gradient.Length; p++) gradient[p] /= divisor;
                    Update(gradient, rate);
                }
                EpochLosses.Add(lossSum / n);
            }
            return this;
        }

        private void Update(double[] meanGradient, double rate)
        {
            Steps++;
            var theta = Parameters;
            for (int p = 0; p < theta.Length; p++)
            {
                double d = meanGradient[p] + (_isWeight[p] ? _options.WeightDecay * theta[p] : 0); // torch: d_p = grad + weight_decay * p
                switch (_options.Optimizer)
                {
                    case OptimizerKind.Sgd:
                        theta[p] -= rate * d;
                        break;
                    case OptimizerKind.Momentum: // torch.optim.SGD(momentum=μ, dampening=0): buf = μ buf + d_p; p -= lr buf
                        _buffer[p] = Steps == 1 ? d : _options.Momentum * _buffer[p] + d;
                        theta[p] -= rate * _buffer[p];
                        break;
                    default: // torch.optim.Adam
                        _exponentialAverage[p] = _options.Beta1 * _exponentialAverage[p] + (1 - _options.Beta1) * d;
                        _exponentialAverageOfSquares[p] = _options.Beta2 * _exponentialAverageOfSquares[p] + (1 - _options.Beta2) * d * d;
                        double biasCorrection1 = 1 - Math.Pow(_options.Beta1, Steps), biasCorrection2 = 1 - Math.Pow(_options.Beta2, Steps);
                        double denominator = Math.Sqrt(_exponentialAverageOfSquares[p]) / Math.Sqrt(biasCorrection2) + _options.Epsilon;
                        theta[p] -= rate / biasCorrection1 * _exponentialAverage[p] / denominator;
                        break;
                }
            }
        }
    }
}
