using System.Numerics;

namespace NetGen;

/// <summary>
/// Feature standardization <c>x' = (x − mean) / std</c>, fitted on training rows only and then applied to any
/// dataset (training, validation, test, single inputs). A feature with zero spread gets std 1.
/// The statistics are plain doubles so they can be stored beside a network.
/// </summary>
public sealed class Standardizer
{
    private readonly double[] _mean;
    private readonly double[] _std;

    /// <summary>Creates a standardizer from stored statistics.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length, are empty, or hold a non-finite or non-positive std.</exception>
    public Standardizer(double[] mean, double[] standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        if (mean.Length == 0 || mean.Length != standardDeviation.Length)
            throw new ArgumentException(
                Invariant($"Expected as many means as standard deviations (at least one); got {mean.Length} and {standardDeviation.Length}."), nameof(mean));
        for (int j = 0; j < mean.Length; j++)
        {
            if (!double.IsFinite(mean[j]))
                throw new ArgumentException(Invariant($"The mean of feature {j} is {mean[j]}; it must be finite."), nameof(mean));
            if (!double.IsFinite(standardDeviation[j]) || standardDeviation[j] <= 0)
                throw new ArgumentException(Invariant($"The standard deviation of feature {j} is {standardDeviation[j]}; it must be positive and finite."), nameof(standardDeviation));
        }
        _mean = (double[])mean.Clone();
        _std = (double[])standardDeviation.Clone();
    }

    /// <summary>Number of features.</summary>
    public int FeatureCount => _mean.Length;

    /// <summary>Per-feature means.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Per-feature (population) standard deviations; 1 where the feature is constant.</summary>
    public IReadOnlyList<double> StandardDeviation => _std;

    /// <summary>Fits mean and population standard deviation per input feature of <paramref name="training"/>.</summary>
    public static Standardizer Fit<T>(Dataset<T> training) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        int n = training.InputSize;
        var mean = new double[n];
        var std = new double[n];
        for (int r = 0; r < training.Count; r++)
        {
            var row = training.Input(r);
            for (int j = 0; j < n; j++) mean[j] += double.CreateTruncating(row[j]);
        }
        for (int j = 0; j < n; j++) mean[j] /= training.Count;
        for (int r = 0; r < training.Count; r++)
        {
            var row = training.Input(r);
            for (int j = 0; j < n; j++)
            {
                double d = double.CreateTruncating(row[j]) - mean[j];
                std[j] += d * d;
            }
        }
        for (int j = 0; j < n; j++)
        {
            double s = Math.Sqrt(std[j] / training.Count);
            std[j] = s > 1e-12 ? s : 1.0;
        }
        return new Standardizer(mean, std);
    }

    /// <summary>A new dataset with standardized inputs (targets and labels are shared, not copied).</summary>
    /// <exception cref="ArgumentException">The dataset's input size differs from <see cref="FeatureCount"/>.</exception>
    public Dataset<T> Apply<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckWidth(data.InputSize, nameof(data));
        var inputs = new T[data.Inputs.Length];
        for (int r = 0; r < data.Count; r++)
            Apply(data.Input(r), inputs.AsSpan(r * data.InputSize, data.InputSize));
        return new Dataset<T>(inputs, data.Targets, data.InputSize, data.TargetSize, data.Labels,
            data.Labels is null ? null : data.ClassCount);
    }

    /// <summary>Standardizes one input row into <paramref name="destination"/> (may be the same memory).</summary>
    public void Apply<T>(ReadOnlySpan<T> input, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckWidth(input.Length, nameof(input));
        if (destination.Length < input.Length)
            throw new ArgumentException(Invariant($"The destination holds {destination.Length} values but {input.Length} are needed."), nameof(destination));
        for (int j = 0; j < input.Length; j++)
            destination[j] = T.CreateTruncating((double.CreateTruncating(input[j]) - _mean[j]) / _std[j]);
    }

    private void CheckWidth(int width, string parameter)
    {
        if (width != _mean.Length)
            throw new ArgumentException(Invariant($"The standardizer was fitted on {_mean.Length} features but the data has {width}."), parameter);
    }
}
