using System.Buffers.Binary;
using System.IO.Compression;

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

    /// <summary>Reads an IDX3 image file.</summary>
    public static IdxImages ReadImages(string path)
    {
        byte[] bytes = ReadAllBytes(path);
        RequireHeader(path, bytes, ImagesMagic, "images", dimensions: 3);
        int count = ReadDimension(path, bytes, 0, "image count");
        int height = ReadDimension(path, bytes, 1, "rows per image");
        int width = ReadDimension(path, bytes, 2, "columns per image");
        if (height is 0 or > MaxSide || width is 0 or > MaxSide)
            throw Bad(path, $"image size {height}x{width} is not plausible (each side must be 1..{MaxSide})");
        const int Header = 16;
        RequireLength(path, bytes.Length - Header, (long)count * height * width, $"{count} images of {height}x{width} pixels");
        return new IdxImages(count, height, width, bytes[Header..]);
    }

    /// <summary>Reads an IDX1 label file; every label must be in <c>[0, classCount)</c>.</summary>
    public static int[] ReadLabels(string path, int classCount = 10)
    {
        byte[] bytes = ReadAllBytes(path);
        RequireHeader(path, bytes, LabelsMagic, "labels", dimensions: 1);
        int count = ReadDimension(path, bytes, 0, "label count");
        const int Header = 8;
        RequireLength(path, bytes.Length - Header, count, $"{count} labels");
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = bytes[Header + i];
            if (label >= classCount)
                throw Bad(path, $"label {label} at index {i} is outside the class range 0..{classCount - 1}");
            labels[i] = label;
        }
        return labels;
    }

    /// <summary>Reads an image file and its label file into a dataset with pixels scaled from 0..255 to [0, 1].</summary>
    public static RawDataset ReadPair(string imagesPath, string labelsPath, string name, int classCount = 10, string[]? classNames = null)
    {
        IdxImages images = ReadImages(imagesPath);
        int[] labels = ReadLabels(labelsPath, classCount);
        if (labels.Length != images.Count)
            throw new InvalidDataException(
                $"IDX files '{imagesPath}' and '{labelsPath}' disagree: {images.Count} images but {labels.Length} labels.");
        var pixels = new float[images.Pixels.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Pixels[i] / 255f;
        int features = images.Width * images.Height;
        return new RawDataset(pixels, labels, images.Count, features, images.Width, images.Height, classCount, name, classNames).Validate();
    }

    /// <summary>
    /// Loads the MNIST-layout folder <paramref name="folder"/>: <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
    /// <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each raw or with ".gz". Either pair may be absent
    /// (the shared MNIST folder holds only t10k), but not both, and never half a pair.
    /// A folder whose name contains "fashion" gets Fashion-MNIST's class names.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No usable pair, half a pair, or a malformed file.</exception>
    public static IdxFolderData LoadFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Data folder '{folder}' does not exist.");
        string full = Path.GetFullPath(folder);
        string folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
        bool fashion = folderName.Contains("fashion", StringComparison.OrdinalIgnoreCase);
        string name = fashion ? "Fashion-MNIST" : folderName.Contains("mnist", StringComparison.OrdinalIgnoreCase) ? "MNIST" : folderName;
        string[]? classNames = fashion ? FashionClassNames : null;

        RawDataset? train = LoadPair(full, TrainImages, TrainLabels, $"{name} (train)", classNames);
        RawDataset? test = LoadPair(full, TestImages, TestLabels, $"{name} (test)", classNames);
        if (train is null && test is null)
            throw new InvalidDataException(
                $"Data folder '{full}' has no IDX data: expected {TrainImages}[.gz] + {TrainLabels}[.gz] " +
                $"and/or {TestImages}[.gz] + {TestLabels}[.gz].");
        return new IdxFolderData(full, train, test);
    }

    /// <summary>Reads a whole file, decompressing it when it starts with the gzip magic 0x1f 0x8b.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        byte[] raw;
        try { raw = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw Bad(path, "the file does not exist"); }
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 4);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Bad(path, $"the gzip stream is corrupt or truncated ({e.Message})", e);
        }
    }

    private static RawDataset? LoadPair(string folder, string imagesName, string labelsName, string name, string[]? classNames)
    {
        string? images = Find(folder, imagesName), labels = Find(folder, labelsName);
        if (images is null && labels is null) return null;
        if (images is null || labels is null)
            throw new InvalidDataException(
                $"Data folder '{folder}' has {(images is null ? labelsName : imagesName)} but is missing " +
                $"{(images is null ? imagesName : labelsName)}[.gz].");
        return ReadPair(images, labels, name, 10, classNames);
    }

    private static string? Find(string folder, string baseName)
    {
        foreach (string candidate in new[] { baseName, baseName + ".gz" })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static void RequireHeader(string path, byte[] bytes, int magic, string kind, int dimensions)
    {
        int headerLength = 4 + 4 * dimensions;
        if (bytes.Length < 4)
            throw Bad(path, $"the file is {bytes.Length} bytes long, too short for an IDX magic number");
        int actual = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (actual != magic)
            throw Bad(path, $"bad magic number 0x{actual:X8}, expected 0x{magic:X8} (IDX {kind})");
        if (bytes.Length < headerLength)
            throw Bad(path, $"truncated header: {bytes.Length} bytes, an IDX {kind} header needs {headerLength}");
    }

    private static int ReadDimension(string path, byte[] bytes, int index, string what)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * index));
        if (value < 0) throw Bad(path, $"negative {what} {value} in the header");
        return value;
    }

    private static void RequireLength(string path, long actual, long expected, string what)
    {
        if (actual < expected)
            throw Bad(path, $"truncated: the header announces {what} ({expected:N0} data bytes) but only {actual:N0} follow");
        if (actual > expected)
            throw Bad(path, $"{actual - expected:N0} unexpected bytes after the {what} the header announces");
    }

    private static InvalidDataException Bad(string path, string problem, Exception? inner = null) =>
        new($"IDX file '{path}': {problem}.", inner);
}
