using System.Numerics;

namespace NetGen.Digits;

/// <summary>Images read from an IDX3 file: <see cref="Count"/> images of <see cref="Height"/> x <see cref="Width"/> bytes.</summary>
public sealed record IdxImages(int Count, int Height, int Width, byte[] Pixels);

/// <summary>What <see cref="IdxReader.LoadFolder"/> found: the training set, the test set, or both (never neither).</summary>
public sealed record IdxFolderData(string Folder, RawDataset? Train, RawDataset? Test);

/// <summary>
/// Reads MNIST-format IDX files (big-endian header, unsigned bytes), gzip-compressed (detected by the 0x1f 0x8b magic) or raw.
/// Every problem is an <see cref="InvalidDataException"/> whose message names the file and what was wrong.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned-byte images (3 dimensions).</summary>
    public const int ImagesMagic = 0x00000803;
    /// <summary>Magic number of an IDX file of unsigned-byte labels (1 dimension).</summary>
    public const int LabelsMagic = 0x00000801;
    /// <summary>Largest accepted image side; anything above is treated as a corrupt header.</summary>
    public const int MaxSide = 4096;

    /// <summary>The standard file names (without ".gz") that <see cref="LoadFolder"/> looks for.</summary>
    public const string TrainImages = "train-images-idx3-ubyte", TrainLabels = "train-labels-idx1-ubyte",
        TestImages = "t10k-images-idx3-ubyte", TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>Fashion-MNIST's class names, in label order.</summary>
    public static readonly string[] FashionClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// Largest image body accepted, in bytes (pixels): 1 GiB, about 1.37 million 28x28 images (EMNIST, the largest
    /// MNIST-format set, has 0.55 GB). A header declaring more is treated as corrupt before anything is read, so a
    /// hostile header cannot make the app allocate or inflate without bound; the floats it loads into take 4 GiB.
    /// </summary>
    public const long MaxPixelBytes = 1L << 30;

    /// <summary>Fewest images a pair in <see cref="LoadFolder"/> may hold: training needs one image to train and one to validate.</summary>
    public const int MinImagesPerPair = 2;

    private static readonly string[] ImageDimensionNames = ["image count", "rows per image", "columns per image"];
    private static readonly string[] LabelDimensionNames = ["label count"];

    /// <summary>Reads an IDX3 image file.</summary>
    public static IdxImages ReadImages(string path)
    {
        using IdxSource source = OpenImages(path);
        var pixels = new byte[source.BodyLength];
        source.ReadBody((chunk, offset) => chunk.CopyTo(pixels.AsSpan((int)offset)), DescribeImages(source), CancellationToken.None);
        return new IdxImages(source.Dimensions[0], source.Dimensions[1], source.Dimensions[2], pixels);
    }

    /// <summary>Reads an IDX1 label file; every label must be in <c>[0, classCount)</c>.</summary>
    public static int[] ReadLabels(string path, int classCount = 10)
    {
        using IdxSource source = OpenLabels(path);
        return ReadLabelBody(source, classCount, CancellationToken.None);
    }

    /// <summary>
    /// Reads an image file and its label file into a dataset with pixels scaled from 0..255 to [0, 1]. Both headers are
    /// read and compared before either body, and the pixels are converted while streaming into the one final buffer.
    /// </summary>
    public static RawDataset ReadPair(string imagesPath, string labelsPath, string name, int classCount = 10,
        string[]? classNames = null, CancellationToken ct = default)
    {
        using var pair = OpenPair(imagesPath, labelsPath, minImages: 0);
        RequireMemory(pair.Images, pair.BytesNeeded);
        return LoadPair(pair, name, classCount, classNames, ct);
    }

    /// <summary>
    /// Loads the MNIST-layout folder <paramref name="folder"/>: <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
    /// <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each raw or with ".gz". Either pair may be absent
    /// (the shared MNIST folder holds only t10k), but not both, and never half a pair.
    /// A folder whose name contains "fashion" gets Fashion-MNIST's class names.
    /// All four headers are checked (counts, image sizes, train against test, memory) before any body is read.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist or is not a folder.</exception>
    /// <exception cref="InvalidDataException">No usable pair, half a pair, or a malformed or mismatched file.</exception>
    public static IdxFolderData LoadFolder(string folder, CancellationToken ct = default)
    {
        DataFileCheck.RequireFolder(folder, $"a folder holding {TrainImages}[.gz] + {TrainLabels}[.gz] and/or {TestImages}[.gz] + {TestLabels}[.gz]");
        string full = Path.GetFullPath(folder);
        string folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
        bool fashion = folderName.Contains("fashion", StringComparison.OrdinalIgnoreCase);
        string name = fashion ? "Fashion-MNIST" : folderName.Contains("mnist", StringComparison.OrdinalIgnoreCase) ? "MNIST" : folderName;
        string[]? classNames = fashion ? FashionClassNames : null;

        using PairSource? train = FindPair(full, TrainImages, TrainLabels);
        using PairSource? test = FindPair(full, TestImages, TestLabels);
        if (train is null && test is null)
            throw new InvalidDataException(
                $"Data folder '{full}' has no IDX data: expected {TrainImages}[.gz] + {TrainLabels}[.gz] " +
                $"and/or {TestImages}[.gz] + {TestLabels}[.gz].");
        if (train is not null && test is not null && (train.Height, train.Width) != (test.Height, test.Width))
            throw new InvalidDataException(
                $"IDX files '{train.Images.Path}' and '{test.Images.Path}' disagree: the training images are " +
                $"{train.Height}x{train.Width} but the test images are {test.Height}x{test.Width}; both sets must have one image size.");
        RequireMemory((train ?? test)!.Images, (train?.BytesNeeded ?? 0) + (test?.BytesNeeded ?? 0));
        RawDataset? trainSet = train is null ? null : LoadPair(train, $"{name} (train)", 10, classNames, ct);
        RawDataset? testSet = test is null ? null : LoadPair(test, $"{name} (test)", 10, classNames, ct);
        return new IdxFolderData(full, trainSet, testSet);
    }

    /// <summary>An image file and its label file, opened with both headers read and checked against each other.</summary>
    private sealed class PairSource(IdxSource images, IdxSource labels) : IDisposable
    {
        public IdxSource Images { get; } = images;
        public IdxSource Labels { get; } = labels;
        public int Count => Images.Dimensions[0];
        public int Height => Images.Dimensions[1];
        public int Width => Images.Dimensions[2];
        /// <summary>Memory the loaded pair takes: four bytes per pixel (float) and per label (int).</summary>
        public long BytesNeeded => 4 * (Images.BodyLength + Count);

        public void Dispose()
        {
            Images.Dispose();
            Labels.Dispose();
        }
    }

    private static PairSource OpenPair(string imagesPath, string labelsPath, int minImages)
    {
        IdxSource images = OpenImages(imagesPath);
        IdxSource? labels = null;
        try
        {
            labels = OpenLabels(labelsPath);
            var pair = new PairSource(images, labels);
            if (labels.Dimensions[0] != pair.Count)
                throw new InvalidDataException(
                    $"IDX files '{imagesPath}' and '{labelsPath}' disagree: {pair.Count} images but {labels.Dimensions[0]} labels.");
            if (pair.Count < minImages)
                throw IdxSource.Bad(imagesPath, $"holds {pair.Count} image(s); a data set needs at least {minImages} " +
                                                 "(training keeps one for validation)");
            return pair;
        }
        catch
        {
            images.Dispose();
            labels?.Dispose();
            throw;
        }
    }

    private static IdxSource OpenImages(string path)
    {
        var source = IdxSource.Open(path, ImagesMagic, 3, "images", ImageDimensionNames);
        int height = source.Dimensions[1], width = source.Dimensions[2];
        InvalidDataException? problem =
            height is 0 or > MaxSide || width is 0 or > MaxSide
                ? IdxSource.Bad(path, $"image size {height}x{width} is not plausible (each side must be 1..{MaxSide})")
                : source.BodyLength > MaxPixelBytes
                    ? IdxSource.Bad(path, $"the header declares {DescribeImages(source)} ({source.BodyLength:N0} bytes), " +
                                          $"more than the {MaxPixelBytes:N0} this app loads; the header is probably corrupt")
                    : null;
        return Checked(source, problem);
    }

    private static IdxSource OpenLabels(string path)
    {
        var source = IdxSource.Open(path, LabelsMagic, 1, "labels", LabelDimensionNames);
        return Checked(source, source.BodyLength <= MaxPixelBytes ? null :
            IdxSource.Bad(path, $"the header declares {source.BodyLength:N0} labels, more than the {MaxPixelBytes:N0} this app loads"));
    }

    /// <summary>Throws <paramref name="problem"/> if any, else checks the stored length; disposes the source on failure.</summary>
    private static IdxSource Checked(IdxSource source, InvalidDataException? problem)
    {
        try
        {
            if (problem is not null) throw problem;
            source.RequireStoredLength();
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static RawDataset LoadPair(PairSource pair, string name, int classCount, string[]? classNames, CancellationToken ct)
    {
        float[] pixels = Allocate<float>(pair.Images, pair.Images.BodyLength);
        pair.Images.ReadBody((chunk, offset) => ScaleToUnit(chunk, pixels.AsSpan((int)offset, chunk.Length)),
            DescribeImages(pair.Images), ct);
        int[] labels = ReadLabelBody(pair.Labels, classCount, ct);
        return new RawDataset(pixels, labels, pair.Count, pair.Width * pair.Height, pair.Width, pair.Height, classCount, name, classNames).Validate();
    }

    /// <summary>
    /// <c>target[i] = source[i] / 255f</c>, eight or more pixels at a time (a 549 MB file is 549 million divisions);
    /// vector and scalar division are both correctly rounded, so the result is the same bits either way.
    /// </summary>
    internal static void ScaleToUnit(ReadOnlySpan<byte> source, Span<float> target)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var scale = new Vector<float>(255f);
            int floats = Vector<float>.Count;
            for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(source[i..]), out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> a, out Vector<uint> b);
                Vector.Widen(high, out Vector<uint> c, out Vector<uint> d);
                (Vector.ConvertToSingle(a) / scale).CopyTo(target[i..]);
                (Vector.ConvertToSingle(b) / scale).CopyTo(target[(i + floats)..]);
                (Vector.ConvertToSingle(c) / scale).CopyTo(target[(i + 2 * floats)..]);
                (Vector.ConvertToSingle(d) / scale).CopyTo(target[(i + 3 * floats)..]);
            }
        }
        for (; i < source.Length; i++) target[i] = source[i] / 255f;
    }

    private static int[] ReadLabelBody(IdxSource source, int classCount, CancellationToken ct)
    {
        int[] labels = Allocate<int>(source, source.BodyLength);
        source.ReadBody((chunk, offset) =>
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                int label = chunk[i];
                if (label >= classCount)
                    throw IdxSource.Bad(source.Path, $"label {label} at index {offset + i} is outside the class range 0..{classCount - 1}");
                labels[offset + i] = label;
            }
        }, $"{source.Dimensions[0]} labels", ct);
        return labels;
    }

    /// <summary>Refuses, naming the file, a load that cannot fit in the memory this process may use (instead of an OutOfMemoryException).</summary>
    private static void RequireMemory(IdxSource source, long bytes)
    {
        long total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (total <= 0) return; // unknown: the allocation itself still fails cleanly (see Allocate)
        long available = total - GC.GetTotalMemory(forceFullCollection: false);
        if (bytes > available)
            throw IdxSource.Bad(source.Path, $"loading the data set needs {bytes / 1e6:N0} MB of memory but only {available / 1e6:N0} MB are available");
    }

    private static T[] Allocate<T>(IdxSource source, long length)
    {
        try
        {
            return new T[length];
        }
        catch (OutOfMemoryException e)
        {
            throw IdxSource.Bad(source.Path, $"not enough memory to load {length:N0} values", e);
        }
    }

    private static string DescribeImages(IdxSource source) =>
        $"{source.Dimensions[0]:N0} images of {source.Dimensions[1]}x{source.Dimensions[2]} pixels";

    private static PairSource? FindPair(string folder, string imagesName, string labelsName)
    {
        string? images = Find(folder, imagesName), labels = Find(folder, labelsName);
        if (images is null && labels is null) return null;
        if (images is null || labels is null)
            throw new InvalidDataException(
                $"Data folder '{folder}' has {(images is null ? labelsName : imagesName)} but is missing " +
                $"{(images is null ? imagesName : labelsName)}[.gz].");
        return OpenPair(images, labels, MinImagesPerPair);
    }

    /// <summary>
    /// The path of <paramref name="baseName"/> or its ".gz" in <paramref name="folder"/>: any entry by that name counts
    /// (a folder, a FIFO, a dangling link), so that opening it explains what is wrong instead of calling it missing.
    /// </summary>
    private static string? Find(string folder, string baseName)
    {
        foreach (string candidate in new[] { baseName, baseName + ".gz" })
        {
            string path = Path.Combine(folder, candidate);
            if (Path.Exists(path) || new FileInfo(path).LinkTarget is not null) return path;
        }
        return null;
    }
}
