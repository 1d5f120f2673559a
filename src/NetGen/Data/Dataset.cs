using System.Globalization;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Samples stored as contiguous rows: <see cref="Inputs"/> holds <see cref="Count"/> rows of
/// <see cref="InputSize"/> values, <see cref="Targets"/> the matching rows of <see cref="TargetSize"/> values.
/// Classification datasets also carry the class index of every row in <see cref="Labels"/>.
/// Everything is validated on construction (shapes, finiteness, label range). The dataset keeps the arrays it is
/// given (no copy); do not modify them afterwards.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a dataset over row-major <paramref name="inputs"/> and <paramref name="targets"/>.</summary>
    /// <param name="inputs">Count × <paramref name="inputSize"/> values.</param>
    /// <param name="targets">Count × <paramref name="targetSize"/> values.</param>
    /// <param name="inputSize">Features per row (positive).</param>
    /// <param name="targetSize">Target values per row (positive).</param>
    /// <param name="labels">Optional class index per row (0 ≤ label &lt; <paramref name="classCount"/>).</param>
    /// <param name="classCount">Number of classes; required with <paramref name="labels"/> unless the targets are
    /// one-hot (then it defaults to <paramref name="targetSize"/>, or 2 when there is a single target).</param>
    /// <exception cref="ArgumentException">Shapes disagree, the dataset is empty, or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or a label is out of range.</exception>
    public Dataset(T[] inputs, T[] targets, int inputSize, int targetSize, int[]? labels = null, int? classCount = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputSize <= 0)
            throw NumberFormat.OutOfRange(nameof(inputSize), inputSize, "The input size must be at least 1.");
        if (targetSize <= 0)
            throw NumberFormat.OutOfRange(nameof(targetSize), targetSize, "The target size must be at least 1.");
        if (inputs.Length == 0)
            throw new ArgumentException("The dataset is empty: at least one row is required.", nameof(inputs));
        if (inputs.Length % inputSize != 0)
            throw new ArgumentException(
                Invariant($"The inputs hold {inputs.Length} values, which is not a whole number of rows of {inputSize} features."), nameof(inputs));
        int count = inputs.Length / inputSize;
        if (targets.Length != (long)count * targetSize)
            throw new ArgumentException(
                Invariant($"Expected {count} rows × {targetSize} targets = {(long)count * targetSize} target values, but got {targets.Length}."), nameof(targets));
        CheckFinite(inputs, inputSize, nameof(inputs), "input");
        CheckFinite(targets, targetSize, nameof(targets), "target");
        if (labels is not null)
        {
            if (labels.Length != count)
                throw new ArgumentException(Invariant($"Expected one label per row ({count}), but got {labels.Length} labels."), nameof(labels));
            int classes = classCount ?? (targetSize == 1 ? 2 : targetSize);
            if (classes < 2)
                throw NumberFormat.OutOfRange(nameof(classCount), classes, "A classification dataset needs at least 2 classes.");
            for (int r = 0; r < labels.Length; r++)
            {
                if ((uint)labels[r] >= (uint)classes)
                    throw NumberFormat.OutOfRange(nameof(labels), labels[r],
                        Invariant($"Row {r} has label {labels[r]}; labels must be in [0, {classes - 1}]."));
            }
            ClassCount = classes;
        }
        Inputs = inputs;
        Targets = targets;
        Labels = labels;
        InputSize = inputSize;
        TargetSize = targetSize;
        Count = count;
    }

    /// <summary>Row-major inputs, <see cref="Count"/> × <see cref="InputSize"/>.</summary>
    public T[] Inputs { get; }

    /// <summary>Row-major targets, <see cref="Count"/> × <see cref="TargetSize"/>.</summary>
    public T[] Targets { get; }

    /// <summary>The class index of every row, or null for a dataset without labels.</summary>
    public int[]? Labels { get; }

    /// <summary>Number of classes when <see cref="Labels"/> is set, otherwise 0.</summary>
    public int ClassCount { get; }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>Features per row.</summary>
    public int InputSize { get; }

    /// <summary>Target values per row.</summary>
    public int TargetSize { get; }

    /// <summary>The inputs of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<T> Input(int row) => Inputs.AsSpan(row * InputSize, InputSize);

    /// <summary>The targets of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<T> Target(int row) => Targets.AsSpan(row * TargetSize, TargetSize);

    /// <summary>
    /// A classification dataset whose targets are the one-hot encoding of <paramref name="labels"/>
    /// (<paramref name="classCount"/> target values per row).
    /// </summary>
    public static Dataset<T> ForClassification(T[] inputs, int inputSize, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new Dataset<T>(inputs, OneHot(labels, classCount), inputSize, classCount, labels, classCount);
    }

    /// <summary>
    /// A two-class dataset with a single target per row: <paramref name="negative"/> for label 0 and
    /// <paramref name="positive"/> for label 1 (e.g. 0/1 for a sigmoid output, −1/+1 for hinge or square loss).
    /// </summary>
    public static Dataset<T> ForBinaryClassification(T[] inputs, int inputSize, int[] labels, T negative, T positive)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var targets = new T[labels.Length];
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] > 1)
                throw NumberFormat.OutOfRange(nameof(labels), labels[r], Invariant($"Row {r} has label {labels[r]}; labels must be 0 or 1."));
            targets[r] = labels[r] == 1 ? positive : negative;
        }
        return new Dataset<T>(inputs, targets, inputSize, 1, labels, 2);
    }

    /// <summary>One-hot encoding: row r has 1 at column <c>labels[r]</c> and 0 elsewhere.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, classCount) or classCount &lt; 2.</exception>
    public static T[] OneHot(ReadOnlySpan<int> labels, int classCount)
    {
        if (classCount < 2)
            throw NumberFormat.OutOfRange(nameof(classCount), classCount, "One-hot encoding needs at least 2 classes.");
        var result = new T[checked(labels.Length * classCount)];
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] >= (uint)classCount)
                throw NumberFormat.OutOfRange(nameof(labels), labels[r],
                    Invariant($"Row {r} has label {labels[r]}; labels must be in [0, {classCount - 1}]."));
            result[r * classCount + labels[r]] = T.One;
        }
        return result;
    }

    /// <summary>A new dataset holding copies of the rows at <paramref name="indices"/>, in that order.</summary>
    public Dataset<T> Subset(ReadOnlySpan<int> indices)
    {
        var inputs = new T[checked(indices.Length * InputSize)];
        var targets = new T[checked(indices.Length * TargetSize)];
        int[]? labels = Labels is null ? null : new int[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            int row = indices[k];
            if ((uint)row >= (uint)Count)
                throw NumberFormat.OutOfRange(nameof(indices), row, Invariant($"Row index {row} is outside [0, {Count - 1}]."));
            Input(row).CopyTo(inputs.AsSpan(k * InputSize));
            Target(row).CopyTo(targets.AsSpan(k * TargetSize));
            if (labels is not null) labels[k] = Labels![row];
        }
        return new Dataset<T>(inputs, targets, InputSize, TargetSize, labels, labels is null ? null : ClassCount);
    }

    /// <summary>The first <paramref name="count"/> rows (copied).</summary>
    public Dataset<T> Take(int count)
    {
        if (count <= 0 || count > Count)
            throw NumberFormat.OutOfRange(nameof(count), count, Invariant($"Take needs between 1 and {Count} rows."));
        var indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = i;
        return Subset(indices);
    }

    /// <summary>
    /// Shuffles the rows with <paramref name="seed"/> (<see cref="DeterministicRandom"/>) and splits them into a
    /// training part of round(Count × <paramref name="trainFraction"/>) rows and a test part with the rest.
    /// The course's usual split is 0.8 (80/20).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in (0, 1) or leaves a part empty.</exception>
    public (Dataset<T> Train, Dataset<T> Test) Split(double trainFraction = 0.8, int seed = 42)
    {
        if (!(trainFraction > 0 && trainFraction < 1))
            throw NumberFormat.OutOfRange(nameof(trainFraction), trainFraction, "The training fraction must be in (0, 1), e.g. 0.8.");
        int trainCount = (int)Math.Round(Count * trainFraction, MidpointRounding.AwayFromZero);
        if (trainCount < 1 || trainCount >= Count)
            throw NumberFormat.OutOfRange(nameof(trainFraction), trainFraction,
                Invariant($"Splitting {Count} rows with fraction {trainFraction} leaves one part empty."));
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new DeterministicRandom(seed).Shuffle(order.AsSpan());
        return (Subset(order.AsSpan(0, trainCount)), Subset(order.AsSpan(trainCount)));
    }

    private static void CheckFinite(T[] values, int width, string parameter, string what)
    {
        if (Guard.AllFinite<T>(values)) return;
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
                throw new ArgumentException(
                    Invariant($"The {what} at row {i / width}, column {i % width} is {values[i].ToString(null, CultureInfo.InvariantCulture)}; ") +
                    Invariant($"every {what} must be a finite number."), parameter);
        }
    }
}
