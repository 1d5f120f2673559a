using System.Diagnostics;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Training loops over a generated network's <c>Model</c> struct. The loops are generic over the struct, so the JIT
/// compiles one specialized copy per network and calls to <see cref="ITrainableNetwork{T}.Backpropagate"/> are
/// direct (and can inline). All buffers (sample order, snapshots, optimizer state, history) are allocated once per
/// call; nothing is allocated per sample or per batch.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="training"/>.
    /// <list type="bullet">
    /// <item><see cref="TrainingAlgorithm.Online"/>: the sample order is reshuffled every epoch (unless
    /// <see cref="TrainingOptions.Shuffle"/> is false), then one update per sample.</item>
    /// <item><see cref="TrainingAlgorithm.Batch"/>: the gradients of all m samples are accumulated (in order) and one update
    /// with scale 1/m is applied per epoch.</item>
    /// <item><see cref="TrainingAlgorithm.MiniBatch"/>: the order is reshuffled every epoch (unless
    /// <see cref="TrainingOptions.Shuffle"/> is false), then one update per batch of
    /// <see cref="TrainingOptions.BatchSize"/> samples, scaled by 1/size of that batch (the last may be smaller).</item>
    /// </list>
    /// Training stops after <see cref="TrainingOptions.Epochs"/> epochs, when the epoch's training loss reaches
    /// <see cref="TrainingOptions.TargetLoss"/>, or when the validation loss has not improved for
    /// <see cref="TrainingOptions.Patience"/> epochs (the best parameters are then restored).
    /// </summary>
    /// <param name="network">The network's model struct (its parameters are updated in place).</param>
    /// <param name="training">Training samples; shape must match the network.</param>
    /// <param name="options">Options (null for defaults).</param>
    /// <param name="validation">Optional validation samples, evaluated after every epoch.</param>
    /// <param name="defaultLearningRate">Rate used when <see cref="TrainingOptions.LearningRate"/> is null (generated code passes the declared one).</param>
    /// <exception cref="ArgumentException">A dataset does not match the network, holds a value that is not finite or a
    /// target outside the loss's domain (checked once before training; the message names the dataset, row and column),
    /// or an option is invalid (including a learning rate that is no positive normal number in the network's precision).</exception>
    /// <exception cref="InvalidOperationException">A dataset was changed during training (for example by the
    /// <see cref="TrainingOptions.Progress"/> callback) to hold an invalid value.</exception>
    /// <exception cref="TrainingDivergedException">The loss or parameters became NaN or infinite; the last good parameters were restored.</exception>
    public static TrainingResult Fit<TNet, T>(
        TNet network, Dataset<T> training, TrainingOptions? options = null, Dataset<T>? validation = null, double defaultLearningRate = 0.01)
        where TNet : struct, ITrainableNetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        options ??= new TrainingOptions();
        var arch = network.Architecture ?? throw new ArgumentException("The network has no architecture.", nameof(network));
        Evaluator.CheckShape(arch, training, nameof(training));
        if (validation is not null) Evaluator.CheckShape(arch, validation, nameof(validation));
        if (network.Parameters.Length != arch.ParameterCount || network.Gradients.Length != arch.ParameterCount)
            throw new ArgumentException(
                Invariant($"The network exposes {network.Parameters.Length} parameters and {network.Gradients.Length} gradients; its architecture has {arch.ParameterCount}."),
                nameof(network));
        double baseRate = options.Validate<T>(training.Count, defaultLearningRate, validation is not null);
        // Once per call: the loops below skip per-sample validation, and the datasets' arrays are writable.
        DatasetCheck.Validate(training, arch.Loss, nameof(training), "training");
        if (validation is not null) DatasetCheck.Validate(validation, arch.Loss, nameof(validation), "validation");

        int count = training.Count;
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var random = new DeterministicRandom(options.Seed);
        var optimizer = new Optimizer<T>(arch, options);
        var lastGood = network.Parameters.ToArray();
        T[]? best = options.Patience is null ? null : (T[])lastGood.Clone();
        var output = new T[arch.OutputSize];
        var history = new List<EpochReport>(Math.Min(options.Epochs, 1024));
        int batchSize = options.Algorithm switch
        {
            TrainingAlgorithm.Online => 1,
            TrainingAlgorithm.Batch => count,
            _ => options.BatchSize,
        };
        bool shuffle = options.Shuffle && options.Algorithm != TrainingAlgorithm.Batch;
        using var runner = batchSize > 1 && !options.PerSampleBatches
            ? new BatchRunner<TNet, T>(network, training, order, ordered: !shuffle, batchSize, ThreadsFor(options, arch, batchSize), optimizer, options.Split)
            : null;

        long fitStart = Stopwatch.GetTimestamp();
        StopReason reason = StopReason.MaxEpochs;
        int? bestEpoch = null;
        double bestLoss = double.PositiveInfinity;
        int sinceBest = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            double rate = options.Schedule.RateAt(baseRate, epoch);
            T learningRate = T.CreateTruncating(rate);
            long epochStart = Stopwatch.GetTimestamp();
            if (shuffle) random.Shuffle(order.AsSpan());

            var outcome = BatchOutcome.Updated;
            double lossSum = runner is null
                ? RunEpoch(network, training, order, batchSize, optimizer, learningRate)
                : RunBatchedEpoch(runner, count, batchSize, learningRate, out outcome);
            long trainEnd = Stopwatch.GetTimestamp();
            double trainLoss = lossSum / count;

            if (outcome == BatchOutcome.DataChanged)
            {
                // A gathered row failed the dataset check: nothing of that step was written; the epoch is undone.
                lastGood.CopyTo(network.Parameters);
                ThrowIfDataChanged(training, validation, arch.Loss, epoch, RestoredTo(epoch));
                throw new InvalidOperationException(
                    Invariant($"The training dataset changed during training (found in epoch {epoch}) and changed back. Training stopped; {RestoredTo(epoch)}."));
            }
            if (outcome == BatchOutcome.NotFinite || !double.IsFinite(trainLoss) || !Guard.AllFinite<T>(network.Parameters))
            {
                lastGood.CopyTo(network.Parameters);
                // Data that turned invalid mid-training is not divergence: a smaller learning rate would not help.
                ThrowIfDataChanged(training, validation, arch.Loss, epoch, RestoredTo(epoch));
                throw new TrainingDivergedException(epoch, trainLoss, rate);
            }
            network.Parameters.CopyTo(lastGood);

            double? validationLoss = null, validationAccuracy = null, trainAccuracy = null;
            if (validation is not null)
            {
                var (loss, accuracy) = Evaluator.LossAndAccuracy(network, validation, output);
                validationLoss = loss;
                validationAccuracy = accuracy;
                if (!double.IsFinite(loss))
                    ThrowIfDataChanged(training, validation, arch.Loss, epoch, Invariant($"the parameters are those after epoch {epoch}"));
            }
            if (options.TrackTrainAccuracy)
                trainAccuracy = Evaluator.LossAndAccuracy(network, training, output).Accuracy;

            double trainSeconds = Stopwatch.GetElapsedTime(epochStart, trainEnd).TotalSeconds;
            var report = new EpochReport(epoch, trainLoss, validationLoss, validationAccuracy, trainAccuracy, rate,
                Stopwatch.GetElapsedTime(epochStart), trainSeconds > 0 ? count / trainSeconds : double.PositiveInfinity) { MaxEpochs = options.Epochs };
            history.Add(report);
            if (options.Progress is { } progress)
            {
                progress(report);
                // The callback sees the datasets and may change them; check before the next epoch trains on them. The
                // batch runner checks every row's values as it gathers it, so for it only the labels are left to check.
                ThrowIfDataChanged(training, validation, arch.Loss, epoch, Invariant($"the parameters are those after epoch {epoch}"),
                    trainingValuesChecked: runner is not null);
            }

            if (best is not null && validationLoss is double v)
            {
                if (v < bestLoss)
                {
                    bestLoss = v;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    network.Parameters.CopyTo(best);
                }
                else if (++sinceBest >= options.Patience)
                {
                    reason = StopReason.EarlyStopping;
                    break;
                }
            }
            if (options.TargetLoss is double target && trainLoss <= target)
            {
                reason = StopReason.TargetLoss;
                break;
            }
        }
        if (best is not null && bestEpoch is not null) best.CopyTo(network.Parameters);
        return new TrainingResult(reason, history, bestEpoch, bestEpoch is null ? null : bestLoss, Stopwatch.GetElapsedTime(fitStart));
    }

    private static string RestoredTo(int epoch) => epoch == 1
        ? "the parameters were restored to their initial values"
        : Invariant($"the parameters were restored to the end of epoch {epoch - 1}");

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when a dataset that passed the check before training now holds
    /// an invalid value: it was changed while Fit ran.
    /// </summary>
    private static void ThrowIfDataChanged<T>(Dataset<T> training, Dataset<T>? validation, Loss loss, int epoch, string parameterState,
        bool trainingValuesChecked = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string? name = null, problem = DatasetCheck.FindProblem(training, loss, values: !trainingValuesChecked);
        if (problem is not null) name = "training";
        else if (validation is not null && (problem = DatasetCheck.FindProblem(validation, loss)) is not null) name = "validation";
        if (problem is null) return;
        throw new InvalidOperationException(
            Invariant($"The {name} dataset changed during training (found in epoch {epoch}): {problem}. ") +
            "It was valid when Fit started; datasets must not be modified while Fit runs (for example from the Progress callback). " +
            $"Training stopped; {parameterState}.");
    }

    /// <summary>One pass over the data in <paramref name="order"/>, one update per batch. Returns the summed loss.</summary>
    private static double RunEpoch<TNet, T>(TNet network, Dataset<T> data, int[] order, int batchSize, Optimizer<T> optimizer, T learningRate)
        where TNet : struct, ITrainableNetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double lossSum = 0;
        int count = order.Length;
        if (batchSize == 1 && optimizer.IsPlainSgd)
        {
            // Online SGD is TrainStep over the order: the same backward pass, the same checked update, the same bits.
            foreach (int row in order)
            {
                T loss = network.Backpropagate(data.Input(row), data.Target(row), accumulate: false);
                if (!T.IsFinite(loss) || !GradientStep.TryApply<T>(network.Parameters, network.Gradients, learningRate))
                    return double.NaN; // nothing was written; Fit restores the epoch's start and reports the divergence
                lossSum += double.CreateTruncating(loss);
            }
            return lossSum;
        }
        for (int start = 0; start < count; start += batchSize)
        {
            int end = Math.Min(start + batchSize, count);
            for (int k = start; k < end; k++)
            {
                int row = order[k];
                T loss = network.Backpropagate(data.Input(row), data.Target(row), accumulate: k != start);
                lossSum += double.CreateTruncating(loss);
            }
            T scale = end - start == 1 ? T.One : T.One / T.CreateTruncating(end - start);
            optimizer.Step(network.Parameters, network.Gradients, learningRate, scale);
        }
        return lossSum;
    }

    /// <summary>
    /// One pass with the batch entry point: each (mini-)batch is gathered and run as matrices, then updated, split
    /// over the runner's threads. Returns the summed loss; stops at the first step that does not end
    /// <see cref="BatchOutcome.Updated"/> and reports it in <paramref name="outcome"/>.
    /// </summary>
    private static double RunBatchedEpoch<TNet, T>(BatchRunner<TNet, T> runner, int count, int batchSize, T learningRate, out BatchOutcome outcome)
        where TNet : struct, ITrainableNetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double lossSum = 0;
        outcome = BatchOutcome.Updated;
        runner.BeginEpoch();
        try
        {
            for (int start = 0; start < count && outcome == BatchOutcome.Updated; start += batchSize)
            {
                int end = Math.Min(start + batchSize, count);
                T scale = end - start == 1 ? T.One : T.One / T.CreateTruncating(end - start);
                outcome = runner.Step(start, end, learningRate, scale, out double loss);
                lossSum += loss;
            }
        }
        finally
        {
            runner.EndEpoch();
        }
        return lossSum;
    }

    /// <summary>Per-step work (rows × parameters) from which <see cref="TrainingOptions.Threads"/> = 0 uses several threads.</summary>
    internal const long ParallelWorkThreshold = 1L << 20;

    /// <summary>
    /// Fewest rows a thread takes when <see cref="TrainingOptions.Threads"/> = 0. Each thread streams the whole weight
    /// matrix and writes a whole gradient buffer per step whatever its share of rows, so a share must be large enough
    /// to pay for that: on the 784-128-10 network two threads are slower than one at 32-row batches and 1.3-1.8x
    /// faster at 128-512 (BENCHMARKS.md, "Re-measured on a quiet machine").
    /// </summary>
    internal const int MinRowsPerThread = 64;

    /// <summary>
    /// The thread count for batches of <paramref name="batchSize"/> rows: <see cref="TrainingOptions.Threads"/> when
    /// positive (at most one per row when split by rows; a split by neurons needs no rows per thread); automatic for
    /// 0: one thread unless a step is at least <see cref="ParallelWorkThreshold"/> rows × parameters and every thread
    /// gets at least <see cref="MinRowsPerThread"/> rows, then up to one per core. The automatic count does not yet
    /// choose a split by neurons (it would at 32-row batches): its gain was not measured on a quiet machine (BENCHMARKS.md).
    /// </summary>
    internal static int ThreadsFor(TrainingOptions options, NetworkArchitecture architecture, int batchSize)
    {
        if (options.Threads > 0)
            return BatchRunner.SplitsByNeurons(options.Split, architecture, batchSize, options.Threads) ? options.Threads : Math.Min(options.Threads, batchSize);
        if ((long)batchSize * architecture.ParameterCount < ParallelWorkThreshold) return 1;
        return Math.Max(1, Math.Min(Environment.ProcessorCount, batchSize / MinRowsPerThread));
    }
}
