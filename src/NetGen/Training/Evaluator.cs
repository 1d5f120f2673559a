using System.Numerics;

namespace NetGen;

/// <summary>
/// Loss, accuracy and confusion matrix of a network on a dataset, plus the classification rule used everywhere:
/// with several outputs the predicted class is the argmax (first maximum); with one output it is 1 when the output
/// is ≥ 0.5, except for <see cref="Loss.Hinge"/> and <see cref="Loss.SquareLoss"/> (targets ±1) where it is 1 when
/// the output is &gt; 0. The true class comes from <see cref="Dataset{T}.Labels"/> when present, otherwise from the
/// targets by the same rule.
/// </summary>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="network"/> on every row of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The dataset's shape does not match the network, or it holds a value that is
    /// not finite or a target outside the loss's domain (the message names the row and column).</exception>
    public static EvaluationResult Evaluate<TNet, T>(TNet network, Dataset<T> data)
        where TNet : struct, ITrainableNetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        var arch = network.Architecture;
        CheckShape(arch, data, nameof(data));
        DatasetCheck.Validate(data, arch.Loss, nameof(data), "evaluation");
        var confusion = new ConfusionMatrix(ClassCount(arch, data));
        var output = new T[arch.OutputSize];
        double loss = 0;
        for (int r = 0; r < data.Count; r++)
        {
            network.Predict(data.Input(r), output);
            loss += double.CreateTruncating(network.ComputeLoss(output, data.Target(r)));
            confusion.Add(TrueClass(arch, data, r), Classify(arch.Loss, output));
        }
        return new EvaluationResult(loss / data.Count, confusion);
    }

    /// <summary>The class the rule above assigns to <paramref name="output"/> of a network trained with <paramref name="loss"/>.</summary>
    public static int Classify<T>(Loss loss, ReadOnlySpan<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Length == 1)
        {
            bool signRule = loss is Loss.Hinge or Loss.SquareLoss;
            return signRule
                ? (output[0] > T.Zero ? 1 : 0)
                : (output[0] >= T.CreateTruncating(0.5) ? 1 : 0);
        }
        int best = 0;
        for (int j = 1; j < output.Length; j++)
            if (output[j] > output[best]) best = j;
        return best;
    }

    /// <summary>Mean loss and accuracy without allocating (used by the trainer every epoch).</summary>
    internal static (double Loss, double Accuracy) LossAndAccuracy<TNet, T>(TNet network, Dataset<T> data, Span<T> output)
        where TNet : struct, ITrainableNetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = network.Architecture;
        double loss = 0;
        int correct = 0;
        for (int r = 0; r < data.Count; r++)
        {
            network.Predict(data.Input(r), output);
            loss += double.CreateTruncating(network.ComputeLoss(output, data.Target(r)));
            if (Classify(arch.Loss, output) == TrueClass(arch, data, r)) correct++;
        }
        return (loss / data.Count, (double)correct / data.Count);
    }

    internal static void CheckShape<T>(NetworkArchitecture arch, Dataset<T> data, string parameter)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.InputSize != arch.InputSize)
            throw new ArgumentException(
                Invariant($"The dataset has {data.InputSize} input features but the network ({arch.Fingerprint}) takes {arch.InputSize}."), parameter);
        if (data.TargetSize != arch.OutputSize)
            throw new ArgumentException(
                Invariant($"The dataset has {data.TargetSize} target values per row but the network ({arch.Fingerprint}) has {arch.OutputSize} outputs."), parameter);
        if (data.Labels is not null && data.ClassCount > ClassCountOf(arch))
            throw new ArgumentException(
                Invariant($"The dataset has {data.ClassCount} classes but the network can only predict {ClassCountOf(arch)}."), parameter);
    }

    private static int ClassCountOf(NetworkArchitecture arch) => arch.OutputSize == 1 ? 2 : arch.OutputSize;

    private static int ClassCount<T>(NetworkArchitecture arch, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T> =>
        Math.Max(ClassCountOf(arch), data.Labels is null ? 0 : data.ClassCount);

    private static int TrueClass<T>(NetworkArchitecture arch, Dataset<T> data, int row) where T : unmanaged, IFloatingPointIeee754<T> =>
        data.Labels is { } labels ? labels[row] : Classify(arch.Loss, data.Target(row));
}
