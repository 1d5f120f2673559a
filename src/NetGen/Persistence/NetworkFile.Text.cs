using System.Globalization;
using System.Numerics;
using System.Text;

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
    /// <exception cref="NetworkFileException">The text is malformed, corrupted, or for another architecture.</exception>
    public static NetworkFileContents<T> ParseText<T>(string text, NetworkArchitecture? expected = null, string? networkName = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TextParser(text);
        var (architecture, metadata, values) = parser.Parse();
        if (expected is not null) NetworkFileSupport.ThrowIfDifferent(architecture, expected, networkName);
        if (NetworkFileSupport.PrecisionOf<T>() != architecture.Precision)
            throw new NetworkFileException(Invariant($"The file holds {architecture.Precision} parameters, not {typeof(T).Name}."));
        var parameters = new T[values.Length];
        for (int i = 0; i < values.Length; i++) parameters[i] = T.CreateTruncating(values[i]); // exact: values hold T's values
        return new NetworkFileContents<T>(architecture, metadata, parameters);
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

    /// <summary>Line-by-line parser; every error names its 1-based line.</summary>
    private sealed class TextParser(string text)
    {
        private readonly string[] _lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        private int _next; // index of the next line to read

        public (NetworkArchitecture, NetworkMetadata, double[]) Parse()
        {
            var c = CultureInfo.InvariantCulture;
            string first = Read("the header 'netgen-weights 1'");
            var header = Tokens(first);
            if (header.Length != 2 || header[0] != "netgen-weights")
                throw Error("not a NetGen text weights file (expected 'netgen-weights 1')");
            if (header[1] != FormatVersion.ToString(c))
                throw Error(Invariant($"unsupported format version '{header[1]}': this NetGen reads version {FormatVersion}"));
            string fingerprintLine = Read("the fingerprint");
            int fingerprintLineNumber = _next;
            if (!fingerprintLine.StartsWith("fingerprint ", StringComparison.Ordinal)) throw Error("expected 'fingerprint <text>'");
            string fingerprint = fingerprintLine["fingerprint ".Length..].Trim();
            int inputSize = Int(Keyword("input"), "input size", 1);
            var layers = new List<LayerDescription>();
            while (Peek()?.StartsWith("layer ", StringComparison.Ordinal) == true)
            {
                var t = Tokens(Read("a layer"));
                if (t.Length != 8 || t[2] != "dense" || t[6] != "slope")
                    throw Error("expected 'layer <k> dense <size> <Activation> bias|nobias slope <number>'");
                if (Int(t[1], "layer number", 1) != layers.Count + 1) throw Error(Invariant($"expected layer {layers.Count + 1}, found layer {t[1]}"));
                int size = Int(t[3], "layer size", 1);
                var activation = EnumValue<Activation>(t[4], "activation");
                if (t[5] is not ("bias" or "nobias")) throw Error(Invariant($"expected 'bias' or 'nobias', found '{t[5]}'"));
                double slope = FiniteNumber(t[7], "slope");
                layers.Add(new LayerDescription(size, activation, t[5] == "bias", slope));
            }
            if (layers.Count == 0) throw Error("expected at least one 'layer <k> dense ...' line", _next + 1);
            var loss = EnumValue<Loss>(Keyword("loss"), "loss");
            var precision = EnumValue<Precision>(Keyword("precision"), "precision");
            var metadata = new NetworkMetadata
            {
                LearningRate = FiniteNumber(Keyword("learning-rate"), "learning rate"),
                Seed = Int(Keyword("seed"), "seed", int.MinValue),
                EpochsTrained = Int(Keyword("epochs"), "epoch count", 0),
            };
            int parameterCount = Int(Keyword("parameters"), "parameter count", 0);
            int parametersLine = _next;
            var architecture = NetworkFileSupport.Architecture(inputSize, loss, precision, layers.ToArray(), parametersLine);
            if (architecture.Fingerprint != fingerprint)
                throw new NetworkFileException(
                    Invariant($"the fingerprint '{fingerprint}' does not match the layers below it ('{architecture.Fingerprint}')"), fingerprintLineNumber);
            if (parameterCount != architecture.ParameterCount)
                throw new NetworkFileException(
                    Invariant($"the file declares {parameterCount} parameters but its architecture has {architecture.ParameterCount}"), parametersLine);

            var values = new double[parameterCount];
            foreach (var (blockHeader, offset, count) in Blocks(architecture))
            {
                string line = Read(Invariant($"'{blockHeader}'"));
                if (string.Join(' ', Tokens(line)) != blockHeader) throw Error(Invariant($"expected '{blockHeader}', found '{line}'"));
                int filled = 0;
                while (filled < count)
                {
                    var numbers = Tokens(Read(Invariant($"{count - filled} more numbers of '{blockHeader}'")));
                    if (numbers.Length == 0) throw Error(Invariant($"expected numbers of '{blockHeader}', found an empty line"));
                    if (filled + numbers.Length > count)
                        throw Error(Invariant($"'{blockHeader}' needs {count - filled} more numbers but the line has {numbers.Length}"));
                    foreach (string token in numbers)
                    {
                        double value = Number(token, precision, "parameter");
                        if (!double.IsFinite(value))
                            throw Error(Invariant($"parameter {offset + filled} ({NetworkFileSupport.Describe(architecture, offset + filled)}) is '{token}'; only finite numbers are allowed"));
                        values[offset + filled++] = value;
                    }
                }
            }

            int checksumLine = _next;
            var checksumTokens = Tokens(Read("the checksum line 'checksum fnv1a64 <hex>'"));
            if (checksumTokens.Length != 3 || checksumTokens[0] != "checksum" || checksumTokens[1] != "fnv1a64"
                || !ulong.TryParse(checksumTokens[2], NumberStyles.AllowHexSpecifier, c, out ulong stored))
                throw Error("expected 'checksum fnv1a64 <16 hex digits>'");
            for (int i = _next; i < _lines.Length; i++)
                if (_lines[i].Trim().Length != 0)
                    throw new NetworkFileException("unexpected content after the checksum line", i + 1);
            ulong hash = NetworkFileSupport.Fnv1a64Start;
            Span<byte> newline = [(byte)'\n'];
            for (int i = 0; i < checksumLine; i++)
            {
                hash = NetworkFileSupport.Fnv1a64(Encoding.UTF8.GetBytes(_lines[i]), hash);
                hash = NetworkFileSupport.Fnv1a64(newline, hash);
            }
            if (hash != stored)
                throw new NetworkFileException(
                    Invariant($"checksum mismatch (stored {stored:x16}, computed {hash:x16}): the file was corrupted or edited"), checksumLine + 1);
            return (architecture, metadata, values);
        }

        private string? Peek() => _next < _lines.Length ? _lines[_next] : null;

        private string Read(string what)
        {
            if (_next >= _lines.Length || (_next == _lines.Length - 1 && _lines[_next].Length == 0))
                throw new NetworkFileException(Invariant($"the file ends where {what} was expected; it is truncated"), Math.Min(_next + 1, _lines.Length));
            return _lines[_next++];
        }

        /// <summary>Reads "keyword value" and returns the value.</summary>
        private string Keyword(string keyword)
        {
            var t = Tokens(Read(Invariant($"'{keyword} <value>'")));
            if (t.Length != 2 || t[0] != keyword) throw Error(Invariant($"expected '{keyword} <value>'"));
            return t[1];
        }

        private static string[] Tokens(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private int Int(string token, string what, int min)
        {
            if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min)
                throw Error(Invariant($"the {what} '{token}' is not an integer ≥ {min}"));
            return value;
        }

        private double Number(string token, Precision precision, string what)
        {
            bool ok = precision == Precision.Single
                ? float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float single) & Assign(single, out double value)
                : double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            if (!ok) throw Error(Invariant($"the {what} '{token}' is not a number"));
            return value;
        }

        private double FiniteNumber(string token, string what)
        {
            double value = Number(token, Precision.Double, what);
            return double.IsFinite(value) ? value : throw Error(Invariant($"the {what} '{token}' is not a finite number"));
        }

        private static bool Assign(float single, out double value)
        {
            value = single;
            return true;
        }

        private TEnum EnumValue<TEnum>(string token, string what) where TEnum : struct, Enum
        {
            foreach (var name in Enum.GetNames<TEnum>())
                if (name == token) return Enum.Parse<TEnum>(name);
            throw Error(Invariant($"unknown {what} '{token}' (expected one of {string.Join(", ", Enum.GetNames<TEnum>())})"));
        }

        private NetworkFileException Error(string message, int? line = null) => new(message, line ?? _next);
    }
}
