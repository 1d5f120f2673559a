using System.Globalization;
using System.Text;

namespace NetGen;

/// <summary>Counts of (true class, predicted class) pairs.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>An empty matrix for <paramref name="classCount"/> classes.</summary>
    public ConfusionMatrix(int classCount)
    {
        if (classCount < 2)
            throw NumberFormat.OutOfRange(nameof(classCount), classCount, "A confusion matrix needs at least 2 classes.");
        ClassCount = classCount;
        _counts = new long[classCount * classCount];
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[Index(actual, predicted)];

    /// <summary>Total number of samples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Samples on the diagonal.</summary>
    public long Correct { get; private set; }

    /// <summary>Correct / Total (0 when empty).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Adds one sample.</summary>
    public void Add(int actual, int predicted)
    {
        _counts[Index(actual, predicted)]++;
        Total++;
        if (actual == predicted) Correct++;
    }

    /// <summary>Number of samples whose true class is <paramref name="actual"/>.</summary>
    public long ActualCount(int actual)
    {
        long sum = 0;
        for (int p = 0; p < ClassCount; p++) sum += this[actual, p];
        return sum;
    }

    /// <summary>Per-class accuracy (recall): correct / samples of that class; NaN when the class has no samples.</summary>
    public double ClassAccuracy(int actual)
    {
        long n = ActualCount(actual);
        return n == 0 ? double.NaN : (double)this[actual, actual] / n;
    }

    /// <summary>A table with true classes as rows and predicted classes as columns, plus per-class accuracy.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        int width = Math.Max(5, Total.ToString(c).Length + 1);
        var text = new StringBuilder();
        text.Append("true\\pred".PadRight(10));
        for (int p = 0; p < ClassCount; p++) text.Append(p.ToString(c).PadLeft(width));
        text.Append("  accuracy").AppendLine();
        for (int a = 0; a < ClassCount; a++)
        {
            text.Append(a.ToString(c).PadRight(10));
            for (int p = 0; p < ClassCount; p++) text.Append(this[a, p].ToString(c).PadLeft(width));
            double acc = ClassAccuracy(a);
            text.Append("  ").Append(double.IsNaN(acc) ? "-" : acc.ToString("P1", c)).AppendLine();
        }
        text.Append("overall accuracy ").Append(Accuracy.ToString("P2", c))
            .Append(" (").Append(Correct.ToString(c)).Append('/').Append(Total.ToString(c)).Append(')');
        return text.ToString();
    }

    private int Index(int actual, int predicted)
    {
        if ((uint)actual >= (uint)ClassCount)
            throw NumberFormat.OutOfRange(nameof(actual), actual, Invariant($"Classes are in [0, {ClassCount - 1}]."));
        if ((uint)predicted >= (uint)ClassCount)
            throw NumberFormat.OutOfRange(nameof(predicted), predicted, Invariant($"Classes are in [0, {ClassCount - 1}]."));
        return actual * ClassCount + predicted;
    }
}
