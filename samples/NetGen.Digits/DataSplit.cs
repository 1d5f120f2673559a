namespace NetGen.Digits;

/// <summary>Seeded, platform-independent shuffling and train/validation splitting.</summary>
public static class DataSplit
{
    /// <summary>A permutation of <c>0..count-1</c> (Fisher-Yates driven by SplitMix64), identical on every platform for a seed.</summary>
    public static int[] Permutation(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        ulong state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL);
        for (int i = count - 1; i > 0; i--)
        {
            int j = (int)(NextUInt64(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>
    /// Shuffles <paramref name="data"/> with <paramref name="seed"/> and splits it: the last
    /// <c>round(Rows * validationFraction)</c> shuffled rows (at least one, and at least one left for training) are validation.
    /// </summary>
    public static (RawDataset Train, RawDataset Validation) Split(RawDataset data, double validationFraction, int seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Must be strictly between 0 and 1.");
        if (data.Rows < 2) throw new ArgumentException($"{data.Name}: need at least 2 rows to split, found {data.Rows}.", nameof(data));
        int validation = Math.Clamp((int)Math.Round(data.Rows * validationFraction), 1, data.Rows - 1);
        int[] order = Permutation(data.Rows, seed);
        int train = data.Rows - validation;
        return (data.Subset(order[..train], $"{data.Name} / train"), data.Subset(order[train..], $"{data.Name} / validation"));
    }

    private static ulong NextUInt64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
