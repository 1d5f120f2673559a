// The ONE reader of NetGen's text weights format (docs/file-format.md). It is compiled into the runtime (NetGen,
// net8.0/net10.0: NetworkFile.LoadText/ParseText) and linked into the source generator (netstandard2.0:
// [Network(BakedWeights = ...)]), so both accept exactly the same files. Hence: no generic math, no spans, no
// runtime types; it parses into doubles and neutral descriptions, and each side maps those to its own model.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Persistence.Shared;

/// <summary>What kind of problem a text weights file has (the generator maps it to a diagnostic id).</summary>
internal enum WeightsTextProblem
{
    /// <summary>Malformed, truncated, corrupted (checksum) or internally inconsistent.</summary>
    Syntax,

    /// <summary>A valid file for another architecture than the one expected.</summary>
    Architecture,

    /// <summary>A parameter is NaN or infinite.</summary>
    NotFinite,
}

/// <summary>A text weights file was rejected; <see cref="Line"/> is the 1-based line when the problem has one.</summary>
internal sealed class WeightsTextException : Exception
{
    public WeightsTextException(string detail, int? line, WeightsTextProblem problem)
        : base(line is int l ? "line " + l.ToString(CultureInfo.InvariantCulture) + ": " + detail : detail)
    {
        Detail = detail;
        Line = line;
        Problem = problem;
    }

    /// <summary>The message without the "line n: " prefix.</summary>
    public string Detail { get; }

    public int? Line { get; }

    public WeightsTextProblem Problem { get; }
}

/// <summary>One "layer k dense ..." line. <see cref="Activation"/> indexes the activation names given to the reader.</summary>
internal sealed class WeightsTextLayer
{
    public WeightsTextLayer(int size, int activation, string activationName, bool hasBias, double slope)
    {
        Size = size;
        Activation = activation;
        ActivationName = activationName;
        HasBias = hasBias;
        Slope = slope;
    }

    public int Size { get; }
    public int Activation { get; }
    public string ActivationName { get; }
    public bool HasBias { get; }
    public double Slope { get; }
}

/// <summary>One parameter block: its header line, where it goes in the parameter buffer, how many numbers.</summary>
internal sealed class WeightsTextBlock
{
    public WeightsTextBlock(int layer, string kind, int offset, int count)
    {
        Layer = layer;
        Kind = kind;
        Offset = offset;
        Count = count;
    }

    /// <summary>1-based layer number.</summary>
    public int Layer { get; }

    /// <summary>"weights", "biases" or "slopes".</summary>
    public string Kind { get; }
    public int Offset { get; }
    public int Count { get; }

    public string Header => "layer " + Layer.ToString(CultureInfo.InvariantCulture) + " " + Kind + " " + Count.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Everything above the parameter blocks, validated for internal consistency.</summary>
internal sealed class WeightsTextHeader
{
    public int InputSize { get; set; }
    public List<WeightsTextLayer> Layers { get; } = new();
    public int Loss { get; set; }
    public string LossName { get; set; } = "";
    public bool IsDouble { get; set; }
    public string PrecisionName => IsDouble ? "Double" : "Single";
    public double LearningRate { get; set; }
    public int Seed { get; set; }
    public int EpochsTrained { get; set; }
    public int ParameterCount { get; set; }
    public string Fingerprint { get; set; } = "";

    /// <summary>The 1-based line of "parameters P" (where architecture problems are reported).</summary>
    public int ParametersLine { get; set; }

    /// <summary>The parameter blocks in buffer order (docs/file-format.md, "Parameter order").</summary>
    public List<WeightsTextBlock> Blocks()
    {
        var blocks = new List<WeightsTextBlock>();
        int offset = 0, fanIn = InputSize;
        for (int l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            blocks.Add(new WeightsTextBlock(l + 1, "weights", offset, fanIn * layer.Size));
            offset += fanIn * layer.Size;
            if (layer.HasBias)
            {
                blocks.Add(new WeightsTextBlock(l + 1, "biases", offset, layer.Size));
                offset += layer.Size;
            }
            if (layer.ActivationName == WeightsTextReader.PReLU)
            {
                blocks.Add(new WeightsTextBlock(l + 1, "slopes", offset, layer.Size));
                offset += layer.Size;
            }
            fanIn = layer.Size;
        }
        return blocks;
    }

    /// <summary>Where parameter <paramref name="index"/> lives, e.g. "layer 2 biases [3]".</summary>
    public string Describe(int index)
    {
        foreach (var block in Blocks())
            if (index >= block.Offset && index < block.Offset + block.Count)
                return "layer " + block.Layer.ToString(CultureInfo.InvariantCulture) + " " + block.Kind + " [" + (index - block.Offset).ToString(CultureInfo.InvariantCulture) + "]";
        return "index " + index.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Reads the text weights format. Order of checks (the same for every caller): header lines → fingerprint and
/// parameter count consistent with the layers → the caller's <c>checkHeader</c> (the expected architecture) → the
/// declared parameters fit in what the file can hold → only then the parameter buffer is allocated and the numbers
/// read (finite) → checksum line → nothing but empty lines after it → checksum value.
/// </summary>
internal static class WeightsTextReader
{
    public const string PReLU = "PReLU";
    public const string LeakyReLU = "LeakyReLU";
    public const int FormatVersion = 1;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="activationNames"/> and <paramref name="lossNames"/> are the
    /// enum member names, in value order. <paramref name="checkHeader"/> may throw to reject the architecture before
    /// any parameter memory is allocated. Every rejection is a <see cref="WeightsTextException"/>, except what
    /// <paramref name="checkHeader"/> throws itself.
    /// </summary>
    public static (WeightsTextHeader Header, double[] Values) Read(
        string text, string[] activationNames, string[] lossNames, Action<WeightsTextHeader>? checkHeader)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        return new Parser(text, activationNames, lossNames).Parse(checkHeader);
    }

    /// <summary>The fingerprint of an architecture; equals NetworkArchitecture.Fingerprint in the runtime.</summary>
    public static string Fingerprint(WeightsTextHeader header)
    {
        var text = new StringBuilder();
        text.Append("in ").Append(header.InputSize.ToString(CultureInfo.InvariantCulture));
        foreach (var layer in header.Layers)
        {
            text.Append("; dense ").Append(layer.Size.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(layer.ActivationName)
                .Append(layer.HasBias ? " bias" : " nobias");
            if (layer.ActivationName == LeakyReLU)
                text.Append(" slope ").Append(layer.Slope.ToString("R", CultureInfo.InvariantCulture));
        }
        text.Append("; loss ").Append(header.LossName).Append("; ").Append(header.PrecisionName);
        return text.ToString();
    }

    /// <summary>FNV-1a 64 of <paramref name="bytes"/>, continuing from <paramref name="hash"/>.</summary>
    public static ulong Fnv1a64(byte[] bytes, ulong hash = FnvOffset)
    {
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        return hash;
    }

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private sealed class Parser
    {
        private readonly string[] _lines;
        private readonly string[] _activationNames;
        private readonly string[] _lossNames;
        private int _next; // index of the next line to read

        public Parser(string text, string[] activationNames, string[] lossNames)
        {
            _lines = text.Split('\n');
            for (int i = 0; i < _lines.Length; i++) _lines[i] = _lines[i].TrimEnd('\r');
            _activationNames = activationNames;
            _lossNames = lossNames;
        }

        public (WeightsTextHeader, double[]) Parse(Action<WeightsTextHeader>? checkHeader)
        {
            var c = CultureInfo.InvariantCulture;
            var header = Tokens(Read("the header 'netgen-weights 1'"));
            if (header.Length != 2 || header[0] != "netgen-weights")
                throw Error("not a NetGen text weights file (expected 'netgen-weights 1')");
            if (header[1] != FormatVersion.ToString(c))
                throw Error("unsupported format version '" + header[1] + "': this NetGen reads version " + FormatVersion.ToString(c));
            string fingerprintLine = Read("the fingerprint");
            int fingerprintLineNumber = _next;
            if (!fingerprintLine.StartsWith("fingerprint ", StringComparison.Ordinal)) throw Error("expected 'fingerprint <text>'");
            string fingerprint = fingerprintLine.Substring("fingerprint ".Length).Trim();

            var result = new WeightsTextHeader { InputSize = Int(Keyword("input"), "input size", 1) };
            while (_next < _lines.Length && _lines[_next].StartsWith("layer ", StringComparison.Ordinal))
            {
                var t = Tokens(Read("a layer"));
                if (t.Length != 8 || t[2] != "dense" || t[6] != "slope")
                    throw Error("expected 'layer <k> dense <size> <Activation> bias|nobias slope <number>'");
                int number = Int(t[1], "layer number", 1);
                if (number != result.Layers.Count + 1)
                    throw Error("expected layer " + (result.Layers.Count + 1).ToString(c) + ", found layer " + t[1]);
                int size = Int(t[3], "layer size", 1);
                int activation = Name(t[4], _activationNames, "activation");
                if (t[5] != "bias" && t[5] != "nobias") throw Error("expected 'bias' or 'nobias', found '" + t[5] + "'");
                double slope = FiniteNumber(t[7], "slope");
                result.Layers.Add(new WeightsTextLayer(size, activation, t[4], t[5] == "bias", slope));
            }
            if (result.Layers.Count == 0) throw Error("expected at least one 'layer <k> dense ...' line", _next + 1);
            string loss = Keyword("loss");
            result.Loss = Name(loss, _lossNames, "loss");
            result.LossName = loss;
            result.IsDouble = Name(Keyword("precision"), new[] { "Single", "Double" }, "precision") == 1;
            result.LearningRate = FiniteNumber(Keyword("learning-rate"), "learning rate");
            result.Seed = Int(Keyword("seed"), "seed", int.MinValue);
            result.EpochsTrained = Int(Keyword("epochs"), "epoch count", 0);
            result.ParameterCount = Int(Keyword("parameters"), "parameter count", 0);
            result.ParametersLine = _next;
            result.Fingerprint = Fingerprint(result);

            long architectureCount = ArchitectureParameterCount(result);
            if (architectureCount > int.MaxValue)
                throw Error("The file describes an invalid architecture: it has " + architectureCount.ToString(c)
                    + " parameters, more than a network can hold (" + int.MaxValue.ToString(c) + ")", result.ParametersLine);
            if (fingerprint != result.Fingerprint)
                throw Error("the fingerprint '" + fingerprint + "' does not match the layers below it ('" + result.Fingerprint + "')", fingerprintLineNumber);
            if (result.ParameterCount != architectureCount)
                throw Error("the file declares " + result.ParameterCount.ToString(c) + " parameters but its architecture has "
                    + architectureCount.ToString(c), result.ParametersLine);

            // Never allocate what the header merely claims: first the caller's expected architecture, then what the
            // rest of the file can hold (every number needs a character and a separator).
            checkHeader?.Invoke(result);
            long remaining = 0;
            for (int i = _next; i < _lines.Length; i++) remaining += _lines[i].Length + 1;
            if ((long)result.ParameterCount * 2 > remaining)
                throw Error("the file declares " + result.ParameterCount.ToString(c) + " parameters but only " + remaining.ToString(c)
                    + " characters follow, too few to hold them; it is truncated or corrupted", result.ParametersLine);

            var values = new double[result.ParameterCount];
            foreach (var block in result.Blocks()) ReadBlock(block, result, values);
            ReadChecksum();
            return (result, values);
        }

        private static long ArchitectureParameterCount(WeightsTextHeader header)
        {
            long count = 0, fanIn = header.InputSize;
            foreach (var layer in header.Layers)
            {
                count += fanIn * layer.Size + (layer.HasBias ? layer.Size : 0) + (layer.ActivationName == PReLU ? layer.Size : 0);
                if (count > int.MaxValue) return count; // stop before a long could overflow
                fanIn = layer.Size;
            }
            return count;
        }

        private void ReadBlock(WeightsTextBlock block, WeightsTextHeader header, double[] values)
        {
            string expected = block.Header;
            string line = Read("'" + expected + "'");
            if (string.Join(" ", Tokens(line)) != expected) throw Error("expected '" + expected + "', found '" + line + "'");
            int filled = 0;
            while (filled < block.Count)
            {
                int missing = block.Count - filled;
                var numbers = Tokens(Read(missing.ToString(CultureInfo.InvariantCulture) + " more numbers of '" + expected + "'"));
                if (numbers.Length == 0) throw Error("expected numbers of '" + expected + "', found an empty line");
                if (numbers.Length > missing)
                    throw Error("'" + expected + "' needs " + missing.ToString(CultureInfo.InvariantCulture) + " more numbers but the line has "
                        + numbers.Length.ToString(CultureInfo.InvariantCulture));
                foreach (string token in numbers)
                {
                    int index = block.Offset + filled;
                    double value = Number(token, header.IsDouble, "parameter");
                    if (!IsFinite(value))
                        throw new WeightsTextException("parameter " + index.ToString(CultureInfo.InvariantCulture) + " (" + header.Describe(index)
                            + ") is '" + token + "'; only finite numbers are allowed", _next, WeightsTextProblem.NotFinite);
                    values[index] = value;
                    filled++;
                }
            }
        }

        private void ReadChecksum()
        {
            int checksumLine = _next;
            var t = Tokens(Read("the checksum line 'checksum fnv1a64 <hex>'"));
            if (t.Length != 3 || t[0] != "checksum" || t[1] != "fnv1a64" || !IsHex16(t[2]))
                throw Error("expected 'checksum fnv1a64 <16 hex digits>'");
            ulong stored = ulong.Parse(t[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            for (int i = _next; i < _lines.Length; i++)
                if (_lines[i].Trim().Length != 0)
                    throw Error("unexpected content after the checksum line", i + 1);
            ulong hash = FnvOffset;
            var newline = new[] { (byte)'\n' };
            for (int i = 0; i < checksumLine; i++)
                hash = Fnv1a64(newline, Fnv1a64(Encoding.UTF8.GetBytes(_lines[i]), hash));
            if (hash != stored)
                throw Error("checksum mismatch (stored " + stored.ToString("x16", CultureInfo.InvariantCulture) + ", computed "
                    + hash.ToString("x16", CultureInfo.InvariantCulture) + "): the file was corrupted or edited", checksumLine + 1);
        }

        private static bool IsHex16(string token)
        {
            if (token.Length != 16) return false;
            foreach (char ch in token)
                if (!(ch is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F')) return false;
            return true;
        }

        private string Read(string what)
        {
            if (_next >= _lines.Length || (_next == _lines.Length - 1 && _lines[_next].Length == 0))
                throw Error("the file ends where " + what + " was expected; it is truncated", Math.Min(_next + 1, _lines.Length));
            return _lines[_next++];
        }

        /// <summary>Reads "keyword value" and returns the value.</summary>
        private string Keyword(string keyword)
        {
            var t = Tokens(Read("'" + keyword + " <value>'"));
            if (t.Length != 2 || t[0] != keyword) throw Error("expected '" + keyword + " <value>'");
            return t[1];
        }

        /// <summary>Space-separated tokens; other whitespace at a token's ends is ignored.</summary>
        private static string[] Tokens(string line)
        {
            var tokens = new List<string>();
            foreach (string part in line.Split(' '))
            {
                string token = part.Trim();
                if (token.Length > 0) tokens.Add(token);
            }
            return tokens.ToArray();
        }

        private int Int(string token, string what, int min)
        {
            if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min)
                throw Error("the " + what + " '" + token + "' is not an integer ≥ " + min.ToString(CultureInfo.InvariantCulture));
            return value;
        }

        /// <summary>A number as the precision holds it (a Single is parsed as float, so it is rounded once, exactly as saved).</summary>
        private double Number(string token, bool isDouble, string what)
        {
            double value;
            bool ok;
            if (isDouble) ok = double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            else
            {
                ok = float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float single);
                value = single;
            }
            if (!ok) throw Error("the " + what + " '" + token + "' is not a number");
            return value;
        }

        private double FiniteNumber(string token, string what)
        {
            double value = Number(token, isDouble: true, what);
            return IsFinite(value) ? value : throw Error("the " + what + " '" + token + "' is not a finite number");
        }

        private int Name(string token, string[] names, string what)
        {
            for (int i = 0; i < names.Length; i++)
                if (names[i] == token) return i;
            throw Error("unknown " + what + " '" + token + "' (expected one of " + string.Join(", ", names) + ")");
        }

        private WeightsTextException Error(string message, int? line = null) =>
            new(message, line ?? _next, WeightsTextProblem.Syntax);
    }
}
