using System.Globalization;
using System.Numerics;
using System.Text;
using NetGen.Persistence.Shared;

namespace NetGen;

/// <summary>
/// The text form: UTF-8, one item per line, tokens separated by spaces, numbers in invariant culture with the
/// shortest round-trip representation ("R"), so every bit survives. Example (docs/file-format.md has the grammar):
/// <code>
/// netgen-weights 1
/// fingerprint in 4; dense 8 Tanh bias; dense 3 Softmax bias; loss CrossEntropy; Single
/// input 4
/// layer 1 dense 8 Tanh bias slope 0.01
/// layer 2 dense 3 Softmax bias slope 0.01
/// loss CrossEntropy
/// precision Single
/// learning-rate 0.05
/// seed 42
/// epochs 100
/// parameters 67
/// layer 1 weights 32
/// 0.1 -0.25 ... (8 numbers per line)
/// layer 1 biases 8
/// ...
/// checksum fnv1a64 0123456789abcdef
/// </code>
/// The checksum is FNV-1a 64 of the UTF-8 bytes of every line before it, each followed by "\n" (so CR/LF line endings
/// do not matter).
/// </summary>
public static partial class NetworkFile
{
    private const int NumbersPerLine = 8;

    /// <summary>Atomically writes the text form of a network to <paramref name="path"/> (UTF-8, "\n" line ends).</summary>
    /// <exception cref="ArgumentException">Wrong parameter count, element type, or a non-finite parameter.</exception>
    public static void SaveText<T>(string path, NetworkArchitecture architecture, ReadOnlySpan<T> parameters, NetworkMetadata? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] bytes = Encoding.UTF8.GetBytes(FormatText(architecture, parameters, metadata));
        NetworkFileSupport.WriteAtomically(path, stream => stream.Write(bytes));
    }

    /// <summary>The text form of a network (what <see cref="SaveText{T}"/> writes).</summary>
    public static string FormatText<T>(NetworkArchitecture architecture, ReadOnlySpan<T> parameters, NetworkMetadata? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var meta = NetworkFileSupport.CheckSave(architecture, parameters, metadata);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line("netgen-weights " + FormatVersion.ToString(c));
        Line("fingerprint " + architecture.Fingerprint);
        Line("input " + architecture.InputSize.ToString(c));
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            var layer = architecture.Layers[l];
            Line(string.Create(c, $"layer {l + 1} dense {layer.Size} {layer.Activation} {(layer.HasBias ? "bias" : "nobias")} slope {layer.Slope:R}"));
        }
        Line("loss " + architecture.Loss);
        Line("precision " + architecture.Precision);
        Line("learning-rate " + meta.LearningRate.ToString("R", c));
        Line("seed " + meta.Seed.ToString(c));
        Line("epochs " + meta.EpochsTrained.ToString(c));
        Line("parameters " + parameters.Length.ToString(c));
        foreach (var (header, offset, count) in Blocks(architecture))
        {
            Line(header);
            for (int i = 0; i < count; i++)
            {
                text.Append(parameters[offset + i].ToString("R", c));
                text.Append(i % NumbersPerLine == NumbersPerLine - 1 || i == count - 1 ? '\n' : ' ');
            }
        }
        ulong checksum = NetworkFileSupport.Fnv1a64(Encoding.UTF8.GetBytes(text.ToString()));
        Line("checksum fnv1a64 " + checksum.ToString("x16", c));
        return text.ToString();
    }

    /// <summary>Loads a text file into <paramref name="destination"/> after checking it describes <paramref name="expected"/>.</summary>
    /// <exception cref="NetworkFileException">The file is malformed (the message has the line), corrupted, or for another architecture; destination untouched.</exception>
    public static NetworkMetadata LoadText<T>(string path, NetworkArchitecture expected, Span<T> destination, string? networkName = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(expected);
        CheckDestination(expected, destination);
        var contents = ParseText<T>(File.ReadAllText(path, Encoding.UTF8), expected, networkName);
        contents.Parameters.CopyTo(destination);
        return contents.Metadata;
    }

    /// <summary>Parses and validates the text form (line structure, numbers, checksum; <paramref name="expected"/> when given).</summary>
    /// <remarks>
    /// The reader is shared with the source generator (Persistence/Shared/WeightsTextReader.cs), so BakedWeights
    /// accepts exactly the files this method accepts. The expected architecture is checked before any parameter
    /// memory is allocated, and so is the declared parameter count against the length of the text.
    /// </remarks>
    /// <exception cref="NetworkFileException">The text is malformed, corrupted, or for another architecture.</exception>
    public static NetworkFileContents<T> ParseText<T>(string text, NetworkArchitecture? expected = null, string? networkName = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(text);
        NetworkArchitecture? architecture = null;
        void CheckHeader(WeightsTextHeader header)
        {
            var layers = header.Layers
                .Select(l => new LayerDescription(l.Size, Enum.Parse<Activation>(l.ActivationName), l.HasBias, l.Slope))
                .ToArray();
            var precision = header.IsDouble ? Precision.Double : Precision.Single;
            architecture = NetworkFileSupport.Architecture(header.InputSize, Enum.Parse<Loss>(header.LossName), precision, layers, header.ParametersLine);
            if (expected is not null) NetworkFileSupport.ThrowIfDifferent(architecture, expected, networkName);
            if (NetworkFileSupport.PrecisionOf<T>() != precision)
                throw new NetworkFileException(Invariant($"The file holds {precision} parameters, not {typeof(T).Name}."));
        }

        WeightsTextHeader parsed;
        double[] values;
        try
        {
            (parsed, values) = WeightsTextReader.Read(text, Enum.GetNames<Activation>(), Enum.GetNames<Loss>(), CheckHeader);
        }
        catch (WeightsTextException e)
        {
            throw new NetworkFileException(e.Detail, e.Line);
        }
        var metadata = new NetworkMetadata { LearningRate = parsed.LearningRate, Seed = parsed.Seed, EpochsTrained = parsed.EpochsTrained };
        var parameters = new T[values.Length];
        for (int i = 0; i < values.Length; i++) parameters[i] = T.CreateTruncating(values[i]); // exact: values hold T's values
        return new NetworkFileContents<T>(architecture!, metadata, parameters);
    }

    /// <summary>The parameter blocks of the text form, in buffer order.</summary>
    private static IEnumerable<(string Header, int Offset, int Count)> Blocks(NetworkArchitecture architecture)
    {
        var c = CultureInfo.InvariantCulture;
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            int size = architecture.Layers[l].Size;
            yield return (string.Create(c, $"layer {l + 1} weights {architecture.WeightCount(l)}"), architecture.WeightOffset(l), architecture.WeightCount(l));
            if (architecture.BiasOffset(l) >= 0)
                yield return (string.Create(c, $"layer {l + 1} biases {size}"), architecture.BiasOffset(l), size);
            if (architecture.SlopeOffset(l) >= 0)
                yield return (string.Create(c, $"layer {l + 1} slopes {size}"), architecture.SlopeOffset(l), size);
        }
    }
}
