using System.Globalization;
using System.IO.Compression;

namespace NetGen.Digits;

/// <summary>The UCI 8x8 hand-written digits (1,797 images) embedded in this assembly; see Data/PROVENANCE.md.</summary>
public static class EmbeddedDigits
{
    /// <summary>The manifest name of the embedded gzip CSV.</summary>
    public const string ResourceName = "NetGen.Digits.Data.digits.csv.gz";

    /// <summary>Loads the embedded UCI digits: 8x8 pixels scaled from 0..16 to [0, 1], labels 0..9.</summary>
    public static RawDataset Load()
    {
        using Stream stream = typeof(EmbeddedDigits).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from {typeof(EmbeddedDigits).Assembly.GetName().Name}.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        return ParseCsv(gzip, "UCI digits (embedded)");
    }

    /// <summary>
    /// Parses the UCI digits CSV: per line 64 integer pixel values 0..16 then a label 0..9, no header.
    /// Throws <see cref="InvalidDataException"/> naming <paramref name="name"/> and the line on malformed input.
    /// </summary>
    public static RawDataset ParseCsv(Stream csv, string name)
    {
        const int Side = 8, Features = Side * Side, Classes = 10;
        var pixels = new List<float>(1797 * Features);
        var labels = new List<int>(1797);
        using var reader = new StreamReader(csv);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            if (fields.Length != Features + 1)
                throw new InvalidDataException($"{name}: line {lineNumber} has {fields.Length} fields, expected {Features + 1}.");
            for (int i = 0; i < Features; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < 0 || v > 16)
                    throw new InvalidDataException($"{name}: line {lineNumber}, field {i + 1}: '{fields[i]}' is not a pixel value 0..16.");
                pixels.Add((float)(v / 16.0));
            }
            if (!int.TryParse(fields[Features], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label is < 0 or >= Classes)
                throw new InvalidDataException($"{name}: line {lineNumber}: label '{fields[Features]}' is not 0..9.");
            labels.Add(label);
        }
        if (labels.Count == 0) throw new InvalidDataException($"{name}: no rows.");
        return new RawDataset(pixels.ToArray(), labels.ToArray(), labels.Count, Features, Side, Side, Classes, name, null).Validate();
    }
}
