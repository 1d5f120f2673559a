using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using NetGen.Tests.Reference;

namespace NetGen.Tests.Runtime;

/// <summary>Loads the shared UCI datasets (../shared/data from the repository root) and builds small networks.</summary>
internal static class TestData
{
    public static string DataDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) dir = dir.Parent;
            if (dir is null) throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
            return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        }
    }

    public static string PathOf(string relative)
    {
        string path = Path.Combine(DataDirectory, relative);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Dataset {relative} is missing (expected at {path}; see ../shared/data/README.md).", path);
        return path;
    }

    /// <summary>Iris: 150 rows, 4 features, 3 classes (header line then f1..f4,class).</summary>
    public static Dataset<T> Iris<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lines = File.ReadAllLines(PathOf("uci/iris.csv")).Skip(1).Where(l => l.Length > 0).ToArray();
        return Parse<T>(lines, 4, 3);
    }

    /// <summary>UCI 8x8 digits: 1,797 rows, 64 pixels 0..16 then the label.</summary>
    public static Dataset<T> Digits<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new GZipStream(File.OpenRead(PathOf("uci/digits.csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) if (line.Length > 0) lines.Add(line);
        return Parse<T>(lines, 64, 10);
    }

    private static Dataset<T> Parse<T>(IReadOnlyList<string> lines, int features, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = new T[lines.Count * features];
        var labels = new int[lines.Count];
        for (int r = 0; r < lines.Count; r++)
        {
            var parts = lines[r].Split(',');
            for (int j = 0; j < features; j++) inputs[r * features + j] = T.Parse(parts[j], NumberStyles.Float, CultureInfo.InvariantCulture);
            labels[r] = (int)double.Parse(parts[features], CultureInfo.InvariantCulture);
        }
        return Dataset<T>.ForClassification(inputs, features, labels, classes);
    }

    /// <summary>Seeded 80/20 split, standardized with statistics of the training part.</summary>
    public static (Dataset<T> Train, Dataset<T> Test) SplitStandardized<T>(Dataset<T> data, int seed = 7) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (train, test) = data.Split(0.8, seed);
        var standardizer = Standardizer.Fit(train);
        return (standardizer.Apply(train), standardizer.Apply(test));
    }

    public static NetworkArchitecture Mlp(int input, Loss loss, Precision precision, params (int Size, Activation Activation)[] layers) =>
        new(input, loss, precision, layers.Select(l => new LayerDescription(l.Size, l.Activation, true, 0.01)).ToArray());

    public static ReferenceMlp<T> Network<T>(NetworkArchitecture arch, Initializer init = Initializer.Auto, int seed = 42)
        where T : unmanaged, IFloatingPointIeee754<T> => new ReferenceMlp<T>(arch).Initialize(init, seed);

    /// <summary>A small deterministic regression/classification problem: n rows, inputs in [-1, 1].</summary>
    public static Dataset<T> Synthetic<T>(int rows, int inputs, int classes, int seed = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new DeterministicRandom(seed);
        var x = new T[rows * inputs];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            double s = 0;
            for (int j = 0; j < inputs; j++)
            {
                double v = random.NextUniform(-1, 1);
                x[r * inputs + j] = T.CreateTruncating(v);
                s += v * (j + 1);
            }
            labels[r] = Math.Clamp((int)Math.Floor((Math.Tanh(s) + 1) / 2 * classes), 0, classes - 1);
        }
        return Dataset<T>.ForClassification(x, inputs, labels, classes);
    }
}

/// <summary>A theory that is skipped, with a clear message, when a dataset file under ../shared/data is absent.</summary>
public sealed class RequiresDataTheoryAttribute : TheoryAttribute
{
    public RequiresDataTheoryAttribute(string relativePath) => Skip = RequiresData.SkipReason(relativePath);
}

/// <summary>A fact that is skipped, with a clear message, when a dataset file under ../shared/data is absent.</summary>
public sealed class RequiresDataFactAttribute : FactAttribute
{
    public RequiresDataFactAttribute(string relativePath) => Skip = RequiresData.SkipReason(relativePath);
}

internal static class RequiresData
{
    public static string? SkipReason(string relativePath)
    {
        string? directory = null;
        try { directory = TestData.DataDirectory; } catch (InvalidOperationException) { }
        return directory is null || !File.Exists(Path.Combine(directory, relativePath))
            ? $"Dataset {relativePath} not found under {directory ?? "../shared/data"} (see the data README)."
            : null;
    }
}
