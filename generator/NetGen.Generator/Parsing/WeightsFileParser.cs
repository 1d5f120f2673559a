using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Reads NetGen's text weights format (docs/file-format.md) at compile time and checks it against the declaration.
/// Every problem is an <see cref="WeightsFileException"/> whose message names the line, the layer or the value.
/// </summary>
internal static class WeightsFileParser
{
    private static readonly string[] ActivationNames = Enum.GetNames(typeof(ActivationKind));
    private static readonly string[] LossNames = Enum.GetNames(typeof(LossKind));

    public static double[] Parse(string text, NetworkSpec spec)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int next = 0;
        string Read(string what)
        {
            while (next < lines.Length)
            {
                string line = lines[next++].Trim();
                if (line.Length > 0) return line;
            }
            throw new WeightsFileException($"line {next}: the file ends where {what} was expected", WeightsProblem.Syntax);
        }
        string[] Tokens(string line) => line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        WeightsFileException Syntax(string message) => new($"line {next}: {message}", WeightsProblem.Syntax);
        string Keyword(string keyword)
        {
            var t = Tokens(Read($"'{keyword} ...'"));
            if (t.Length != 2 || t[0] != keyword) throw Syntax($"expected '{keyword} <value>'");
            return t[1];
        }
        int Int(string token, string what)
        {
            if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
                throw Syntax($"'{token}' is not a valid {what}");
            return value;
        }

        var header = Tokens(Read("the header 'netgen-weights 1'"));
        if (header.Length != 2 || header[0] != "netgen-weights") throw Syntax("not a NetGen text weights file (expected 'netgen-weights 1')");
        if (header[1] != "1") throw Syntax($"format version {header[1]} is not supported (expected 1)");
        if (!Read("the fingerprint").StartsWith("fingerprint ", StringComparison.Ordinal)) throw Syntax("expected 'fingerprint <text>'");

        int input = Int(Keyword("input"), "input size");
        if (input != spec.InputSize)
            throw Mismatch($"the input has {input} features in the file but {spec.InputSize} in the declaration");
        var fileLayers = new List<(int Size, string Activation, bool Bias, double Slope)>();
        while (next < lines.Length && lines[next].TrimStart().StartsWith("layer ", StringComparison.Ordinal) && lines[next].Contains(" dense "))
        {
            var t = Tokens(Read("a layer"));
            if (t.Length != 8 || t[2] != "dense" || t[6] != "slope") throw Syntax("expected 'layer <k> dense <size> <Activation> bias|nobias slope <number>'");
            fileLayers.Add((Int(t[3], "layer size"), t[4], t[5] == "bias", ParseNumber(t[7], isDouble: true, () => Syntax($"'{t[7]}' is not a number"))));
        }
        CompareLayers(fileLayers, spec);
        string loss = Keyword("loss");
        if (loss != LossNames[(int)spec.Loss]) throw Mismatch($"the loss is {loss} in the file but {spec.Loss} in the declaration");
        string precision = Keyword("precision");
        string declared = spec.IsDouble ? "Double" : "Single";
        if (precision != declared) throw Mismatch($"the parameters are {precision} in the file but {declared} in the declaration");
        Keyword("learning-rate");
        Keyword("seed");
        Keyword("epochs");
        var layout = new Emitting.NetworkLayout(spec);
        int count = Int(Keyword("parameters"), "parameter count");
        if (count != layout.ParameterCount) throw Mismatch($"the file has {count} parameters but the declaration needs {layout.ParameterCount}");

        var values = new double[count];
        foreach (var layer in layout.Layers)
        {
            ReadBlock(layer.Number, "weights", layer.WeightOffset, layer.FanIn * layer.Size);
            if (layer.BiasOffset >= 0) ReadBlock(layer.Number, "biases", layer.BiasOffset, layer.Size);
            if (layer.SlopeOffset >= 0) ReadBlock(layer.Number, "slopes", layer.SlopeOffset, layer.Size);
        }
        int checksumLine = next;
        var checksum = Tokens(Read("the checksum line"));
        if (checksum.Length != 3 || checksum[0] != "checksum" || checksum[1] != "fnv1a64") throw Syntax("expected 'checksum fnv1a64 <hex>'");
        var body = new StringBuilder();
        for (int i = 0; i < checksumLine; i++) body.Append(lines[i].TrimEnd('\r')).Append('\n');
        string actual = Fnv1a64(Encoding.UTF8.GetBytes(body.ToString())).ToString("x16", CultureInfo.InvariantCulture);
        if (!string.Equals(actual, checksum[2], StringComparison.OrdinalIgnoreCase))
            throw new WeightsFileException($"line {next}: the checksum does not match the contents (the file was edited or corrupted)", WeightsProblem.Syntax);
        return values;

        void ReadBlock(int layerNumber, string kind, int offset, int length)
        {
            string expected = $"layer {layerNumber} {kind} {length}";
            string line = Read($"'{expected}'");
            if (string.Join(" ", Tokens(line)) != expected) throw Syntax($"expected '{expected}', found '{line}'");
            int filled = 0;
            while (filled < length)
            {
                foreach (string token in Tokens(Read($"{length - filled} more numbers of '{expected}'")))
                {
                    if (filled == length) throw Syntax($"'{expected}' has more than {length} numbers");
                    double value = ParseNumber(token, spec.IsDouble, () => Syntax($"'{token}' is not a number"));
                    if (double.IsNaN(value) || double.IsInfinity(value))
                        throw new WeightsFileException($"line {next}: layer {layerNumber} {kind}[{filled}] is {token}; baked weights must be finite", WeightsProblem.NotFinite);
                    values[offset + filled++] = value;
                }
            }
        }
    }

    private static void CompareLayers(List<(int Size, string Activation, bool Bias, double Slope)> file, NetworkSpec spec)
    {
        if (file.Count != spec.Layers.Count)
            throw Mismatch($"the file has {file.Count} layers but the declaration has {spec.Layers.Count}");
        for (int l = 0; l < file.Count; l++)
        {
            var declared = spec.Layers[l];
            var found = file[l];
            string name = ActivationNames[(int)declared.Activation];
            if (found.Size != declared.Size)
                throw Mismatch($"layer {l + 1} has {found.Size} neurons in the file but {declared.Size} in the declaration");
            if (found.Activation != name)
                throw Mismatch($"layer {l + 1} uses {found.Activation} in the file but {name} in the declaration");
            if (found.Bias != declared.HasBias)
                throw Mismatch($"layer {l + 1} {(found.Bias ? "has" : "has no")} bias in the file but {(declared.HasBias ? "has" : "has no")} bias in the declaration");
            if (declared.Activation == ActivationKind.LeakyReLU && found.Slope != declared.Slope)
                throw Mismatch($"layer {l + 1} has slope {found.Slope.ToString("R", CultureInfo.InvariantCulture)} in the file but {declared.Slope.ToString("R", CultureInfo.InvariantCulture)} in the declaration");
        }
    }

    private static double ParseNumber(string token, bool isDouble, Func<Exception> error)
    {
        if (token is "NaN" or "Infinity" or "-Infinity" or "∞" or "-∞")
            return token == "NaN" ? double.NaN : token.StartsWith("-", StringComparison.Ordinal) ? double.NegativeInfinity : double.PositiveInfinity;
        if (isDouble)
            return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw error();
        return float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) ? f : throw error();
    }

    private static WeightsFileException Mismatch(string message) => new(message, WeightsProblem.Architecture);

    private static ulong Fnv1a64(byte[] bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}

internal enum WeightsProblem { Syntax, Architecture, NotFinite }

internal sealed class WeightsFileException : Exception
{
    public WeightsFileException(string message, WeightsProblem problem) : base(message) => Problem = problem;

    public WeightsProblem Problem { get; }
}
