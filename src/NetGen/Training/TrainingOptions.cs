using System.Numerics;

namespace NetGen;

/// <summary>How samples are grouped into parameter updates.</summary>
public enum TrainingAlgorithm
{
    /// <summary>Online (stochastic) gradient descent: one update per sample, in an order reshuffled every epoch
    /// (or the dataset's order every epoch with <see cref="TrainingOptions.Shuffle"/> = false).</summary>
    Online = 0,
    /// <summary>Batch gradient descent: the gradient averaged (1/m) over all m samples, one update per epoch. Never
    /// shuffled: the gradients are summed in the dataset's order whatever <see cref="TrainingOptions.Shuffle"/> says.</summary>
    Batch = 1,
    /// <summary>Mini-batch SGD: reshuffle every epoch, then one update per <see cref="TrainingOptions.BatchSize"/>
    /// consecutive samples (the last batch may be smaller). With <see cref="TrainingOptions.Shuffle"/> = false the
    /// batches are the same every epoch: rows [0, size), [size, 2·size), … of the dataset.</summary>
    MiniBatch = 2,
}

/// <summary>The update rule applied to the (averaged) gradient.</summary>
public enum OptimizerKind
{
    /// <summary>Plain gradient descent <c>θ ← θ − α g</c>.</summary>
    Sgd = 0,
    /// <summary>Momentum <c>v ← μ v + g; θ ← θ − α v</c>.</summary>
    Momentum = 1,
    /// <summary>Adam with bias correction.</summary>
    Adam = 2,
}

/// <summary>
/// Options of <see cref="Trainer.Fit{TNet, T}"/>. Every property has a usable default; <see cref="Validate"/> checks
/// them against a dataset before any training happens.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>How samples are grouped into updates (default mini-batch).</summary>
    public TrainingAlgorithm Algorithm { get; init; } = TrainingAlgorithm.MiniBatch;

    /// <summary>Samples per update for <see cref="TrainingAlgorithm.MiniBatch"/> (default 32); 1 ≤ size ≤ sample count.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Maximum number of epochs (default 100).</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Base learning rate; null uses the network's declared default.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Learning-rate schedule (default constant).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Update rule (default plain SGD).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Momentum coefficient μ in [0, 1) (default 0.9).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Adam's β₁ in [0, 1) (default 0.9).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's β₂ in [0, 1) (default 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's ε &gt; 0 (default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// L2 weight decay λ ≥ 0 (default 0), coupled: <c>g ← g + λ θ</c> is added to the averaged gradient of the
    /// weights (not biases or PReLU slopes) before the optimizer sees it, i.e. the cost gets <c>λ/2 ‖W‖²</c>.
    /// </summary>
    public double WeightDecay { get; init; }

    /// <summary>Stop as soon as an epoch's mean training loss is ≤ this value (default: never).</summary>
    public double? TargetLoss { get; init; }

    /// <summary>
    /// Early stopping: stop after this many epochs without a lower validation loss. Whenever it is set, training
    /// ends (whatever the stop reason) with the parameters of the epoch with the lowest validation loss
    /// (<see cref="TrainingResult.BestEpoch"/>). Needs a validation set.
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>Seed of the per-epoch shuffling (default 42); training uses it for nothing else.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Whether <see cref="TrainingAlgorithm.Online"/> and <see cref="TrainingAlgorithm.MiniBatch"/> reshuffle the
    /// samples every epoch (default true, like PyTorch's <c>DataLoader(shuffle=True)</c>). The order starts as the
    /// dataset's and each epoch begins with a Fisher–Yates shuffle of the previous epoch's order, drawn from
    /// <see cref="DeterministicRandom"/> seeded with <see cref="Seed"/>. False trains in the dataset's order every
    /// epoch: online, a loop of <c>TrainStep</c> over the rows in order; mini-batch, the same consecutive batches
    /// every epoch. <see cref="TrainingAlgorithm.Batch"/> is never shuffled.
    /// </summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Also compute the training accuracy every epoch (an extra forward pass over the training set).</summary>
    public bool TrackTrainAccuracy { get; init; }

    /// <summary>
    /// Threads sharing each batch of <see cref="TrainingAlgorithm.MiniBatch"/> and <see cref="TrainingAlgorithm.Batch"/>
    /// training (default 1; 0 = automatic: one thread for small steps, up to one per core when a step's rows × parameters
    /// is at least about a million and each thread gets at least 64 rows; a big layer split by rows pays only from
    /// about 64 rows per thread, see BENCHMARKS.md). Up to 32 rows per thread, when the network has a hidden layer
    /// with an elementwise activation and at least a cache line of neurons per thread (16 floats, 8 doubles), the
    /// threads share the step by neurons: each computes, and updates, its block of every such layer's neurons, with a
    /// barrier between layers; the output layer and narrower or softmax layers run whole on one thread. That gives
    /// exactly the one-thread step's bits. Otherwise each thread takes a contiguous share of the batch's rows with its own gradient
    /// buffer; then each takes a slice of the parameters, sums the buffers over it in a fixed order and applies the
    /// update in the same pass, so results are reproducible for a given thread count (one thread gives the unsplit
    /// step's bits) and agree with other counts up to floating-point rounding. Online training always uses one thread.
    /// The workers spin briefly between steps instead of sleeping, so a step costs no wake-up; a worker that is late
    /// leaves its share to the others. The default is 1 because a second thread only pays off when a core is actually
    /// free (see BENCHMARKS.md, "Two cores that pay").
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Test hook: run (mini-)batches sample by sample through <see cref="ITrainableNetwork{T}.Backpropagate"/>
    /// (the pre-batching path) instead of <see cref="ITrainableNetwork{T}.BackpropagateBatch"/>.
    /// </summary>
    internal bool PerSampleBatches { get; init; }

    /// <summary>
    /// Test and benchmark hook: how several <see cref="Threads"/> share a step (by rows, by neurons, or the automatic
    /// choice described on <see cref="Threads"/>).
    /// </summary>
    internal BatchSplit Split { get; init; }

    /// <summary>Called after every epoch with its report (on the training thread).</summary>
    public Action<EpochReport>? Progress { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.Print(builder,
        (nameof(Algorithm), Algorithm), (nameof(BatchSize), BatchSize), (nameof(Epochs), Epochs), (nameof(LearningRate), LearningRate),
        (nameof(Schedule), Schedule), (nameof(Optimizer), Optimizer), (nameof(Momentum), Momentum), (nameof(Beta1), Beta1),
        (nameof(Beta2), Beta2), (nameof(Epsilon), Epsilon), (nameof(WeightDecay), WeightDecay), (nameof(TargetLoss), TargetLoss),
        (nameof(Patience), Patience), (nameof(Seed), Seed), (nameof(Shuffle), Shuffle), (nameof(TrackTrainAccuracy), TrackTrainAccuracy), (nameof(Threads), Threads),
        (nameof(Progress), Progress));

    /// <summary>
    /// Checks every option for training on <paramref name="sampleCount"/> samples and returns the base learning rate
    /// (<see cref="LearningRate"/> or <paramref name="defaultLearningRate"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its allowed range (the message names it).</exception>
    /// <exception cref="ArgumentException">Early stopping is requested without a validation set.</exception>
    public double Validate(int sampleCount, double defaultLearningRate, bool hasValidation)
    {
        if (!Enum.IsDefined(Algorithm))
            throw NumberFormat.OutOfRange(nameof(Algorithm), Algorithm, "Algorithm must be Online, Batch or MiniBatch.");
        if (!Enum.IsDefined(Optimizer))
            throw NumberFormat.OutOfRange(nameof(Optimizer), Optimizer, "Optimizer must be Sgd, Momentum or Adam.");
        if (Algorithm == TrainingAlgorithm.MiniBatch && (BatchSize < 1 || BatchSize > sampleCount))
            throw NumberFormat.OutOfRange(nameof(BatchSize), BatchSize,
                Invariant($"BatchSize must be between 1 and the number of training samples ({sampleCount})."));
        if (Threads < 0 || Threads > 256)
            throw NumberFormat.OutOfRange(nameof(Threads), Threads, "Threads must be between 0 (automatic) and 256.");
        if (Epochs < 1)
            throw NumberFormat.OutOfRange(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        double rate = LearningRate ?? defaultLearningRate;
        if (!double.IsFinite(rate) || rate <= 0)
            throw NumberFormat.OutOfRange(nameof(LearningRate), rate, "LearningRate must be positive and finite.");
        ArgumentNullException.ThrowIfNull(Schedule, nameof(Schedule));
        ValidateOptimizerRanges();
        if (TargetLoss is double target && double.IsNaN(target))
            throw NumberFormat.OutOfRange(nameof(TargetLoss), target, "TargetLoss must be a number (or null for none).");
        if (Patience is int patience)
        {
            if (patience < 1)
                throw NumberFormat.OutOfRange(nameof(Patience), patience, "Patience must be at least 1 epoch (or null for none).");
            if (!hasValidation)
                throw new ArgumentException("Patience (early stopping) needs a validation dataset.", nameof(Patience));
        }
        return rate;
    }

    /// <summary>
    /// <see cref="Validate(int, double, bool)"/>, then the checks that depend on the network's precision
    /// <typeparamref name="T"/>: the options are given as doubles but training computes in <typeparamref name="T"/>,
    /// where a value can round to something that silently changes nothing or breaks the update rule. The base
    /// learning rate and the rate of every epoch the schedule reaches within <see cref="Epochs"/> must be positive
    /// normal numbers of <typeparamref name="T"/> (1e-300 is 0 as a float); so must <see cref="Epsilon"/> and a
    /// non-zero <see cref="WeightDecay"/>; <see cref="Momentum"/>, <see cref="Beta1"/> and <see cref="Beta2"/> must
    /// stay below 1 (0.999999999 is 1 as a float). Returns the base learning rate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its allowed range (the message names it, its value and the precision).</exception>
    /// <exception cref="ArgumentException">Early stopping is requested without a validation set.</exception>
    public double Validate<T>(int sampleCount, double defaultLearningRate, bool hasValidation) where T : IFloatingPointIeee754<T>
    {
        double rate = Validate(sampleCount, defaultLearningRate, hasValidation);
        Guard.LearningRateIn<T>(rate, nameof(LearningRate),
            LearningRate is null ? "The network's learning rate (used because TrainingOptions.LearningRate is null)" : "LearningRate");
        CheckScheduleIn<T>(rate);
        ValidateOptimizerIn<T>();
        return rate;
    }

    /// <summary>The range checks of the optimizer's coefficients (shared by <see cref="Validate"/> and <see cref="Optimizer{T}"/>).</summary>
    internal void ValidateOptimizerRanges()
    {
        if (!(Momentum >= 0 && Momentum < 1))
            throw NumberFormat.OutOfRange(nameof(Momentum), Momentum, "Momentum must be in [0, 1).");
        if (!(Beta1 >= 0 && Beta1 < 1))
            throw NumberFormat.OutOfRange(nameof(Beta1), Beta1, "Beta1 must be in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1))
            throw NumberFormat.OutOfRange(nameof(Beta2), Beta2, "Beta2 must be in [0, 1).");
        if (!double.IsFinite(Epsilon) || Epsilon <= 0)
            throw NumberFormat.OutOfRange(nameof(Epsilon), Epsilon, "Epsilon must be positive and finite.");
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw NumberFormat.OutOfRange(nameof(WeightDecay), WeightDecay, "WeightDecay must be finite and ≥ 0.");
    }

    /// <summary>
    /// The optimizer's coefficients as <typeparamref name="T"/> computes with them: a β or μ that rounds to 1 stops
    /// the moment from learning (and makes Adam's bias correction divide by zero), an ε that rounds to 0 divides 0 by
    /// 0 for a parameter whose gradient is always 0, a weight decay that rounds to 0 silently does nothing.
    /// </summary>
    internal void ValidateOptimizerIn<T>() where T : IFloatingPointIeee754<T>
    {
        ValidateOptimizerRanges();
        BelowOneIn<T>(Momentum, nameof(Momentum));
        BelowOneIn<T>(Beta1, nameof(Beta1));
        BelowOneIn<T>(Beta2, nameof(Beta2));
        if (FloatingPoint<T>.PositiveNormalProblem(Epsilon) is { } epsilonProblem)
            throw NumberFormat.OutOfRange(nameof(Epsilon), Epsilon,
                $"Epsilon {NumberFormat.Of(Epsilon)} is {epsilonProblem}; for a {FloatingPoint<T>.Name} network it must be {FloatingPoint<T>.PositiveNormalRule}.");
        if (WeightDecay > 0 && FloatingPoint<T>.PositiveNormalProblem(WeightDecay) is { } decayProblem)
            throw NumberFormat.OutOfRange(nameof(WeightDecay), WeightDecay,
                $"WeightDecay {NumberFormat.Of(WeightDecay)} is {decayProblem}; for a {FloatingPoint<T>.Name} network it must be 0 or {FloatingPoint<T>.PositiveNormalRule}.");
    }

    private static void BelowOneIn<T>(double value, string name) where T : IFloatingPointIeee754<T>
    {
        if (T.CreateTruncating(value) < T.One) return;
        throw NumberFormat.OutOfRange(name, value,
            $"{name} {NumberFormat.Of(value)} rounds to 1 in {FloatingPoint<T>.Name}, which stops the moving average from learning; use a value further below 1.");
    }

    /// <summary>
    /// Throws when the schedule decays <paramref name="baseRate"/> below a positive normal <typeparamref name="T"/>
    /// within <see cref="Epochs"/>, before any training, naming the first such epoch. Schedules never raise the rate
    /// (γ ≤ 1), so the last epoch has the smallest one; the first failing epoch is found by bisection.
    /// </summary>
    private void CheckScheduleIn<T>(double baseRate) where T : IFloatingPointIeee754<T>
    {
        if (FloatingPoint<T>.PositiveNormalProblem(Schedule.RateAt(baseRate, Epochs)) is null) return;
        int good = 1, bad = Epochs; // RateAt(baseRate, 1) = baseRate passed; bad fails
        while (bad - good > 1)
        {
            int middle = good + (bad - good) / 2;
            if (FloatingPoint<T>.PositiveNormalProblem(Schedule.RateAt(baseRate, middle)) is null) good = middle;
            else bad = middle;
        }
        double rate = Schedule.RateAt(baseRate, bad);
        throw NumberFormat.OutOfRange(nameof(Schedule), rate,
            Invariant($"The schedule decays the learning rate from {baseRate} to {rate} by epoch {bad} of {Epochs}, which is ") +
            FloatingPoint<T>.PositiveNormalProblem(rate) +
            $"; for a {FloatingPoint<T>.Name} network every epoch's rate must be {FloatingPoint<T>.PositiveNormalRule}. " +
            "Train fewer epochs or decay more slowly (a larger Gamma or StepSize).");
    }
}
