using System.Globalization;

namespace NetGen;

/// <summary>Which rule ended training.</summary>
public enum StopReason
{
    /// <summary>The maximum number of epochs ran.</summary>
    MaxEpochs = 0,
    /// <summary>An epoch's mean training loss reached <see cref="TrainingOptions.TargetLoss"/>.</summary>
    TargetLoss = 1,
    /// <summary>The validation loss did not improve for <see cref="TrainingOptions.Patience"/> epochs.</summary>
    EarlyStopping = 2,
}

/// <summary>What happened during one epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean loss over the samples of the epoch, each measured just before its own update (the data loss only:
/// the weight-decay term is not included).</param>
/// <param name="ValidationLoss">Mean validation loss after the epoch, when a validation set was given.</param>
/// <param name="ValidationAccuracy">Validation accuracy after the epoch, when a validation set was given.</param>
/// <param name="TrainAccuracy">Training accuracy after the epoch, when <see cref="TrainingOptions.TrackTrainAccuracy"/> is set.</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="Elapsed">Wall-clock time of the epoch (training and evaluation).</param>
/// <param name="SamplesPerSecond">Training samples processed per second during the epoch's updates.</param>
public readonly record struct EpochReport(
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double? TrainAccuracy,
    double LearningRate,
    TimeSpan Elapsed,
    double SamplesPerSecond)
{
    /// <summary>
    /// The number of epochs training was allowed (<see cref="TrainingOptions.Epochs"/>; it may stop earlier), or null
    /// when unknown. <see cref="Trainer.Fit{TNet, T}"/> sets it; <see cref="ToString"/> shows <c>epoch 3/100</c>.
    /// </summary>
    public int? MaxEpochs { get; init; }

    /// <summary>
    /// One aligned line in the invariant culture (whatever the current culture), absent values left out, e.g.
    /// <c>epoch   3/100  loss 0.41230  acc  87.50%  val loss 0.45011  val acc  85.00%  lr 0.0100  12 ms</c>:
    /// losses with 5 decimals, accuracies in percent with 2 (<c>acc</c> is the training accuracy, shown when
    /// <see cref="TrainingOptions.TrackTrainAccuracy"/> is set), the learning rate with 4 (scientific notation where
    /// fixed decimals would show 0.000 or get long), and the epoch's time in ms below a second, else in seconds.
    /// Lines of one run line up: the epoch is padded to the width of <see cref="MaxEpochs"/>.
    /// </summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder(112);
        int width = Math.Max(3, (MaxEpochs ?? 0).ToString(CultureInfo.InvariantCulture).Length);
        text.Append("epoch ").Append(Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        if (MaxEpochs is int maxEpochs) text.Append('/').Append(maxEpochs.ToString(CultureInfo.InvariantCulture));
        text.Append("  loss ").Append(Decimal(TrainLoss, 5));
        if (TrainAccuracy is double trainAccuracy) text.Append("  acc ").Append(Percent(trainAccuracy));
        if (ValidationLoss is double validationLoss) text.Append("  val loss ").Append(Decimal(validationLoss, 5));
        if (ValidationAccuracy is double validationAccuracy) text.Append("  val acc ").Append(Percent(validationAccuracy));
        text.Append("  lr ").Append(Decimal(LearningRate, 4));
        text.Append("  ").Append(Duration(Elapsed));
        return text.ToString();
    }

    /// <summary>Fixed decimals in the usual range, scientific notation where fixed decimals would show 0.000 or get long.</summary>
    private static string Decimal(double value, int decimals)
    {
        double magnitude = Math.Abs(value);
        bool scientific = double.IsFinite(value) && value != 0 && (magnitude < 1e-3 || magnitude >= 1e5);
        return value.ToString(scientific ? "0." + new string('0', decimals - 1) + "E+00" : "F" + decimals.ToString(CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture).PadLeft(decimals + 2);
    }

    /// <summary>Milliseconds with two decimals below 10 ms (<c>0.21 ms</c>), whole below a second (<c>12 ms</c>), else seconds (<c>1.23 s</c>).</summary>
    private static string Duration(TimeSpan elapsed)
    {
        double milliseconds = elapsed.TotalMilliseconds;
        if (milliseconds < 9.995) return milliseconds.ToString("F2", CultureInfo.InvariantCulture) + " ms";
        if (milliseconds < 999.5) return milliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";
        return elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";
    }

    private static string Percent(double fraction) =>
        (fraction * 100).ToString("F2", CultureInfo.InvariantCulture).PadLeft(6) + "%";
}

/// <summary>The outcome of <see cref="Trainer.Fit{TNet, T}"/>.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(StopReason reason, IReadOnlyList<EpochReport> history, int? bestEpoch, double? bestValidationLoss, TimeSpan elapsed)
    {
        StopReason = reason;
        History = history;
        BestEpoch = bestEpoch;
        BestValidationLoss = bestValidationLoss;
        Elapsed = elapsed;
    }

    /// <summary>The rule that ended training.</summary>
    public StopReason StopReason { get; }

    /// <summary>Number of epochs run.</summary>
    public int Epochs => History.Count;

    /// <summary>One report per epoch run.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>Mean training loss of the last epoch.</summary>
    public double FinalTrainLoss => History[^1].TrainLoss;

    /// <summary>Validation loss after the last epoch (null without a validation set).</summary>
    public double? FinalValidationLoss => History[^1].ValidationLoss;

    /// <summary>Validation accuracy after the last epoch (null without a validation set).</summary>
    public double? FinalValidationAccuracy => History[^1].ValidationAccuracy;

    /// <summary>
    /// With early stopping (<see cref="TrainingOptions.Patience"/>): the epoch whose parameters the network holds
    /// after training (lowest validation loss); null otherwise.
    /// </summary>
    public int? BestEpoch { get; }

    /// <summary>The validation loss of <see cref="BestEpoch"/>.</summary>
    public double? BestValidationLoss { get; }

    /// <summary>Total wall-clock time.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"stopped by {StopReason} after {Epochs} epochs, train loss {FinalTrainLoss:G6}") +
        (FinalValidationLoss is double v ? FormattableString.Invariant($", validation loss {v:G6}") : "");
}

/// <summary>
/// Thrown when the training loss or the parameters became NaN or infinite. The network's parameters have been
/// restored to the end of the last good epoch (the initial parameters when the first epoch diverged).
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for <paramref name="epoch"/>.</summary>
    public TrainingDivergedException(int epoch, double loss, double learningRate)
        : base(FormattableString.Invariant(
            $"Training diverged in epoch {epoch}: the mean training loss became {loss} (or a parameter became NaN or infinite) with learning rate {learningRate}. ") +
            (epoch == 1 ? "The parameters were restored to their initial values" : FormattableString.Invariant($"The parameters were restored to the end of epoch {epoch - 1}")) +
            "; try a smaller learning rate.")
    {
        Epoch = epoch;
        Loss = loss;
        LearningRate = learningRate;
    }

    /// <summary>The 1-based epoch in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The mean training loss of that epoch (NaN or infinite, or finite when only a parameter overflowed).</summary>
    public double Loss { get; }

    /// <summary>The learning rate in use.</summary>
    public double LearningRate { get; }
}
