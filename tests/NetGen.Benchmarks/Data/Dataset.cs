using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace NetGen.Benchmarks.Data;

/// <summary>A dense float dataset: row-major inputs and one-hot (or regression) targets.</summary>
public sealed class Dataset
{
    public Dataset(string name, float[] inputs, float[] targets, int inputSize, int outputSize, bool isSynthetic)
    {
        Name = name;
        Inputs = inputs;
        Targets = targets;
        InputSize = inputSize;
        OutputSize = outputSize;
        Count = inputs.Length / inputSize;
        IsSynthetic = isSynthetic;
    }

    public string Name { get; }
    public float[] Inputs { get; }
    public float[] Targets { get; }
    public int InputSize { get; }
    public int OutputSize { get; }
    public int Count { get; }

    /// <summary>True when the real file was not found and random data of the same shape was generated.</summary>
    public bool IsSynthetic { get; }

    public ReadOnlySpan<float> Input(int i) => Inputs.AsSpan(i * InputSize, InputSize);
    public ReadOnlySpan<float> Target(int i) => Targets.AsSpan(i * OutputSize, OutputSize);

    public ReadOnlySpan<float> InputRows(int first, int count) => Inputs.AsSpan(first * InputSize, count * InputSize);
    public ReadOnlySpan<float> TargetRows(int first, int count) => Targets.AsSpan(first * OutputSize, count * OutputSize);
}

/// <summary>Loads the benchmark datasets from <c>../shared/data</c> (or <c>$NETGEN_DATA</c>), with synthetic fallbacks.</summary>
public static class Datasets
{
    private static readonly Lazy<string?> DataRoot = new(FindDataRoot);

    public static Dataset Xor() => new(
        "xor",
        [0, 0, 0, 1, 1, 0, 1, 1],
        [0, 1, 1, 0],
        2, 1, isSynthetic: false);

    /// <summary>Iris (150 x 4, 3 classes), features divided by 8 so they are roughly in [0, 1].</summary>
    public static Dataset Iris()
    {
        string? path = Find("uci/iris.csv");
        if (path is null) return Synthetic("iris (synthetic)", 150, 4, 3, seed: 2);
        var rows = ParseCsv(File.ReadLines(path), 4);
        return FromRows("iris", rows, 4, 3, scale: 1f / 8f);
    }

    /// <summary>UCI/sklearn digits (1797 x 64, 10 classes), features divided by 16.</summary>
    public static Dataset Digits()
    {
        string? path = Find("uci/digits.csv.gz");
        if (path is null) return Synthetic("digits (synthetic)", 1797, 64, 10, seed: 3);
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var rows = ParseCsv(ReadLines(reader), 64);
        return FromRows("digits", rows, 64, 10, scale: 1f / 16f);
    }

    /// <summary>Fashion-MNIST (IDX, gzip), pixels divided by 255. <paramref name="train"/> selects train (60k) or t10k (10k).</summary>
    public static Dataset FashionMnist(bool train)
    {
        string prefix = train ? "train" : "t10k";
        string? images = Find($"fashion-mnist/{prefix}-images-idx3-ubyte.gz");
        string? labels = Find($"fashion-mnist/{prefix}-labels-idx1-ubyte.gz");
        if (images is null || labels is null)
            return Synthetic($"fashion-mnist {prefix} (synthetic)", train ? 60000 : 10000, 784, 10, seed: train ? 4 : 5);

        byte[] img = ReadGzip(images);
        byte[] lab = ReadGzip(labels);
        if (BinaryPrimitives.ReadInt32BigEndian(img) != 2051 || BinaryPrimitives.ReadInt32BigEndian(lab) != 2049)
            throw new InvalidDataException("Not an IDX image/label file pair.");
        int count = BinaryPrimitives.ReadInt32BigEndian(img.AsSpan(4));
        int pixels = BinaryPrimitives.ReadInt32BigEndian(img.AsSpan(8)) * BinaryPrimitives.ReadInt32BigEndian(img.AsSpan(12));
        if (BinaryPrimitives.ReadInt32BigEndian(lab.AsSpan(4)) != count) throw new InvalidDataException("Image and label counts differ.");

        var inputs = new float[count * pixels];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = img[16 + i] / 255f;
        var targets = new float[count * 10];
        for (int i = 0; i < count; i++) targets[i * 10 + lab[8 + i]] = 1f;
        return new Dataset($"fashion-mnist {prefix}", inputs, targets, pixels, 10, isSynthetic: false);
    }

    private static byte[] ReadGzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private static IEnumerable<string> ReadLines(StreamReader reader)
    {
        while (reader.ReadLine() is { } line) yield return line;
    }

    /// <summary>Rows of <paramref name="features"/> numbers followed by an integer class label; other lines (headers) are skipped.</summary>
    private static List<(float[] X, int Label)> ParseCsv(IEnumerable<string> lines, int features)
    {
        var rows = new List<(float[], int)>();
        foreach (string line in lines)
        {
            string[] parts = line.Split(',');
            if (parts.Length != features + 1) continue;
            var x = new float[features];
            bool ok = true;
            for (int i = 0; i < features && ok; i++) ok = float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out x[i]);
            if (ok && int.TryParse(parts[features], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label)) rows.Add((x, label));
        }
        return rows;
    }

    private static Dataset FromRows(string name, List<(float[] X, int Label)> rows, int inputSize, int classes, float scale)
    {
        var inputs = new float[rows.Count * inputSize];
        var targets = new float[rows.Count * classes];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int i = 0; i < inputSize; i++) inputs[r * inputSize + i] = rows[r].X[i] * scale;
            targets[r * classes + rows[r].Label] = 1f;
        }
        return new Dataset(name, inputs, targets, inputSize, classes, isSynthetic: false);
    }

    private static Dataset Synthetic(string name, int count, int inputSize, int classes, int seed)
    {
        var rng = new Random(seed);
        var inputs = new float[count * inputSize];
        var targets = new float[count * classes];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)rng.NextDouble();
        for (int r = 0; r < count; r++) targets[r * classes + rng.Next(classes)] = 1f;
        return new Dataset(name, inputs, targets, inputSize, classes, isSynthetic: true);
    }

    private static string? Find(string relative)
    {
        if (DataRoot.Value is null) return null;
        string path = Path.Combine(DataRoot.Value, relative);
        return File.Exists(path) ? path : null;
    }

    /// <summary><c>$NETGEN_DATA</c>, else <c>shared/data</c> next to (or above) the repository containing NetGen.sln.</summary>
    private static string? FindDataRoot()
    {
        string? env = Environment.GetEnvironmentVariable("NETGEN_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate)) return candidate;
                candidate = Path.Combine(dir.FullName, "..", "shared", "data");
                if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln")) && Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        return null;
    }
}
