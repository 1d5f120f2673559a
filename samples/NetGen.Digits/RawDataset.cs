namespace NetGen.Digits;

/// <summary>
/// A labelled image dataset in memory: <see cref="Rows"/> images of <see cref="Width"/> x <see cref="Height"/> pixels,
/// stored row-major in <see cref="Pixels"/> (image <c>i</c> occupies <c>[i * Features, (i + 1) * Features)</c>),
/// every pixel scaled to [0, 1].
/// </summary>
/// <param name="Pixels">All images, row-major, <c>Rows * Features</c> values in [0, 1].</param>
/// <param name="Labels">One class index in <c>[0, ClassCount)</c> per image.</param>
/// <param name="Rows">Number of images.</param>
/// <param name="Features">Values per image, <c>Width * Height</c>.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="ClassCount">Number of classes.</param>
/// <param name="Name">Human-readable name, e.g. "UCI digits" or "MNIST (test set)".</param>
/// <param name="ClassNames">Optional names of the classes (Fashion-MNIST); null means the class index is the name.</param>
public sealed record RawDataset(
    float[] Pixels,
    int[] Labels,
    int Rows,
    int Features,
    int Width,
    int Height,
    int ClassCount,
    string Name,
    string[]? ClassNames)
{
    /// <summary>Checks that the sizes agree; throws <see cref="InvalidDataException"/> otherwise.</summary>
    public RawDataset Validate()
    {
        if (Features != Width * Height)
            throw new InvalidDataException($"{Name}: Features ({Features}) must equal Width x Height ({Width} x {Height}).");
        if (Pixels.Length != (long)Rows * Features)
            throw new InvalidDataException($"{Name}: expected {Rows} x {Features} pixels, found {Pixels.Length}.");
        if (Labels.Length != Rows)
            throw new InvalidDataException($"{Name}: expected {Rows} labels, found {Labels.Length}.");
        if (ClassNames is not null && ClassNames.Length != ClassCount)
            throw new InvalidDataException($"{Name}: {ClassNames.Length} class names for {ClassCount} classes.");
        for (int i = 0; i < Labels.Length; i++)
        {
            if ((uint)Labels[i] >= (uint)ClassCount)
                throw new InvalidDataException($"{Name}: label {Labels[i]} of row {i} is outside 0..{ClassCount - 1}.");
        }
        return this;
    }

    /// <summary>The pixels of image <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Image(int row) => Pixels.AsSpan(row * Features, Features);

    /// <summary>A copy of the pixels of image <paramref name="row"/>.</summary>
    public float[] ImageArray(int row) => Image(row).ToArray();

    /// <summary>The display name of class <paramref name="label"/>.</summary>
    public string ClassName(int label) =>
        ClassNames is not null && (uint)label < (uint)ClassNames.Length ? ClassNames[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A new dataset holding the rows <paramref name="rows"/> (in that order) of this one.</summary>
    public RawDataset Subset(IReadOnlyList<int> rows, string name)
    {
        var pixels = new float[rows.Count * Features];
        var labels = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Image(rows[i]).CopyTo(pixels.AsSpan(i * Features, Features));
            labels[i] = Labels[rows[i]];
        }
        return this with { Pixels = pixels, Labels = labels, Rows = rows.Count, Name = name };
    }

    /// <summary>How many images each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (int label in Labels) counts[label]++;
        return counts;
    }
}
