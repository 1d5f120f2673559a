namespace NetGen;

/// <summary>What <see cref="Evaluator.Evaluate{TNet, T}"/> measured on a dataset.</summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(double loss, ConfusionMatrix confusion)
    {
        Loss = loss;
        ConfusionMatrix = confusion;
        var perClass = new double[confusion.ClassCount];
        for (int c = 0; c < perClass.Length; c++) perClass[c] = confusion.ClassAccuracy(c);
        PerClassAccuracy = perClass;
    }

    /// <summary>Mean loss per sample.</summary>
    public double Loss { get; }

    /// <summary>Fraction of samples classified correctly.</summary>
    public double Accuracy => ConfusionMatrix.Accuracy;

    /// <summary>Number of samples evaluated.</summary>
    public long Count => ConfusionMatrix.Total;

    /// <summary>Counts of [true class, predicted class].</summary>
    public ConfusionMatrix ConfusionMatrix { get; }

    /// <summary>Accuracy (recall) per true class; NaN for a class without samples.</summary>
    public IReadOnlyList<double> PerClassAccuracy { get; }

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"loss {Loss:G6}, accuracy {Accuracy:P2}") + Environment.NewLine + ConfusionMatrix;
}
