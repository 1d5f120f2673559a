using System.Numerics;

namespace NetGen;

/// <summary>
/// Checks a dataset's values against a network's loss once per <see cref="Trainer.Fit{TNet, T}"/> or
/// <see cref="Evaluator.Evaluate{TNet, T}"/> call: the per-sample entry points skip validation, and a dataset's arrays
/// stay writable after construction, so the constructor's checks alone cannot be trusted. Same rules as
/// <see cref="Guard.Finite{T}"/> and <see cref="Guard.Target{T}"/> (a Hinge network fitted on 0/1 targets, or a
/// cross-entropy one on a target of 5, is refused instead of training on garbage).
/// </summary>
internal static class DatasetCheck
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="datasetName"/>, the row, the column and the value.</summary>
    public static void Validate<T>(Dataset<T> data, Loss loss, string parameterName, string datasetName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FindProblem(data, loss) is { } problem)
            throw new ArgumentException($"The {datasetName} dataset cannot be used: {problem}.", parameterName);
    }

    /// <summary>
    /// The first invalid value as "row r, column c: ...", or null when every value is valid. Does not allocate when
    /// valid. With <paramref name="values"/> false only the labels are checked (the caller checks inputs and targets).
    /// </summary>
    public static string? FindProblem<T>(Dataset<T> data, Loss loss, bool values = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!values) return FindLabelProblem(data);
        if (!Guard.AllFinite<T>(data.Inputs))
        {
            int i = FirstNonFinite<T>(data.Inputs);
            return Invariant($"row {i / data.InputSize}, column {i % data.InputSize}: the input is {data.Inputs[i]}; inputs must be finite numbers");
        }
        if (!Guard.AllFinite<T>(data.Targets))
        {
            int i = FirstNonFinite<T>(data.Targets);
            return Invariant($"row {i / data.TargetSize}, column {i % data.TargetSize}: the target is {data.Targets[i]}; targets must be finite numbers");
        }
        if (Guard.RestrictsTargets(loss))
        {
            var targets = data.Targets;
            for (int i = 0; i < targets.Length; i++)
            {
                if (!Guard.InTargetDomain(targets[i], loss))
                    return Invariant($"row {i / data.TargetSize}, column {i % data.TargetSize}: the target is {targets[i]}, but {loss} {Guard.TargetDomain(loss)}");
            }
        }
        return FindLabelProblem(data);
    }

    private static string? FindLabelProblem<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Labels is { } labels)
        {
            for (int r = 0; r < labels.Length; r++)
            {
                if ((uint)labels[r] >= (uint)data.ClassCount)
                    return Invariant($"row {r}: the label is {labels[r]}, but labels must be from 0 to {data.ClassCount - 1}");
            }
        }
        return null;
    }

    private static int FirstNonFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i])) return i;
        return -1;
    }
}
