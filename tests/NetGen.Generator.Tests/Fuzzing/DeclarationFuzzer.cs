using System.Globalization;
using System.Text;

namespace NetGen.Tests.Fuzzing;

/// <summary>One generated declaration, and whether it is valid by construction.</summary>
internal sealed record FuzzCase(int Number, string Source, bool Valid, string Mutations)
{
    public string Namespace => $"Fuzz.C{Number}";
    public string FilePath => $"Case{Number}.cs";

    /// <summary>Further partial declarations of the network class, each in its own file (syntax tree).</summary>
    public string[] ExtraSources { get; init; } = [];

    /// <summary>How many networks the case declares (a twin differs only in case); each valid one gets a source.</summary>
    public int Networks { get; init; } = 1;

    public IEnumerable<string> FilePaths => new[] { FilePath }.Concat(ExtraSources.Select((_, k) => $"Case{Number}.p{k}.cs"));
}

/// <summary>
/// Builds random network declarations: first a valid one (every rule NetGen enforces is respected), then, for
/// most cases, one or more mutations, each of which makes the declaration invalid on its own (a NetGen rule or
/// a C# rule is broken). So every case knows whether it should compile cleanly or be reported.
/// </summary>
internal sealed class DeclarationFuzzer(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Activations =
        ["Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "PReLU", "Step", "Sign", "PiecewiseLinear"];
    private static readonly string[] NegativeCapable = ["Linear", "Tanh", "LeakyReLU", "PReLU", "Sign"];
    private static readonly string[] Losses = ["HalfSquaredError", "MeanSquaredError", "CrossEntropy", "BinaryCrossEntropy", "Hinge", "SquareLoss"];
    private static readonly string[] Names =
        ["Net", "Xor", "Classifier", "@event", "Réseau", "Net_2", "N", "@class", "@record", "网络", "Σigma", "Ñet", "@namespace", "MNIST"];
    private static readonly string[] NamespaceSuffixes = ["", "", "", ".@event", ".@class.Models", ".Modèles", ".MNIST", ".Mnist"];
    /// <summary>Names NetGen declares in the partial class (see the generator's GeneratedMembers).</summary>
    private static readonly string[] TakenNames = ["InputSize", "OutputSize", "Layer1Size", "Layer9Size", "Architecture", "Kernels", "LayerSizes", "DefaultSeed", "ClassCount", "DefaultLearningRate", "Baked"];

    private sealed class Layer
    {
        public string Size = "1";
        public long SizeValue = 1;
        public string Activation = "Linear";
        public List<string> Named = [];
        public bool HasBias = true;
    }

    private sealed class Decl
    {
        public string Loss = "HalfSquaredError";
        public List<string> NetworkNamed = [];
        public string? InputSize = "2";
        public long InputValue = 2;
        public List<Layer> Layers = [];
        public List<string> ExtraAttributes = [];
        public string TypeKeyword = "class";
        public string Modifiers = "public partial";
        public string Name = "Net";
        public string TypeParameters = "";
        public List<string> Containers = [];
        public string? NetworkOverride, InputOverride;
        public bool DropNetwork;
        public string Prefix = "", Suffix = "";
        public bool CombineLists;
        public int Spelling;
        public string NamespaceSuffix = "";
        public bool Twin;
        public List<string> Members = [];
        public string BaseList = "";
        public int ExtraFiles;
        public bool MoveLastDense;
    }

    /// <summary>Partial declarations over several files need top-level classes (containers would have to be repeated).</summary>
    private static bool CanSplit(Decl d) => d.Containers.Count == 0 && d.TypeKeyword == "class" && d.Prefix.Length == 0 && d.Suffix.Length == 0;

    /// <summary>The same name with its letters' case flipped ("Net" → "nET"), or null when no letter has case.</summary>
    private static string? CaseTwin(string name)
    {
        string flipped = new(name.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.IsLower(c) ? char.ToUpperInvariant(c) : c).ToArray());
        return flipped == name ? null : flipped;
    }

    public FuzzCase Next(int number, double invalidShare = 0.85)
    {
        var d = ValidDeclaration();
        var mutations = new List<string>();
        if (_random.NextDouble() < invalidShare)
        {
            int count = _random.Next(10) == 0 ? 2 : 1;
            for (int i = 0; i < count; i++) mutations.Add(Mutate(d));
        }
        var extra = new List<string>();
        for (int k = 0; k < d.ExtraFiles; k++)
            extra.Add($"using NetGen;\nnamespace Fuzz.C{number}{d.NamespaceSuffix};\npartial class {d.Name} {{ public int Extra{k} => {k}; }}\n");
        if (d.MoveLastDense && d.Layers.Count > 0)
        {
            var moved = d.Layers[^1];
            d.Layers.RemoveAt(d.Layers.Count - 1);
            extra.Add($"using NetGen;\nnamespace Fuzz.C{number}{d.NamespaceSuffix};\n[{Attribute(d, "Dense")}{Args(moved.Size + ", " + Qualified("Activation", moved.Activation), moved.Named)}]\npartial class {d.Name} {{ }}\n");
        }
        return new FuzzCase(number, Render(d, $"Fuzz.C{number}{d.NamespaceSuffix}"), mutations.Count == 0, string.Join("; ", mutations))
        {
            ExtraSources = extra.ToArray(),
            Networks = d.Twin ? 2 : 1,
        };
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private Decl ValidDeclaration()
    {
        var d = new Decl
        {
            Loss = Pick(Losses), Name = Pick(Names), Spelling = _random.Next(4), CombineLists = _random.Next(4) == 0,
            NamespaceSuffix = Pick(NamespaceSuffixes),
        };
        d.Twin = _random.Next(6) == 0 && CaseTwin(d.Name) is not null;
        d.InputValue = SmallSize();
        d.InputSize = d.InputValue.ToString(CultureInfo.InvariantCulture);
        if (_random.Next(8) == 0) d.InputSize = $"{d.InputValue - 1} + 1";
        int hidden = _random.Next(3);
        for (int i = 0; i < hidden; i++) d.Layers.Add(NewLayer(Pick(Activations)));
        string output = d.Loss switch
        {
            "CrossEntropy" => "Softmax",
            "BinaryCrossEntropy" => "Sigmoid",
            "Hinge" or "SquareLoss" => Pick(NegativeCapable),
            _ => _random.Next(6) == 0 ? "Softmax" : Pick(Activations),
        };
        d.Layers.Add(NewLayer(output));
        if (output == "Softmax" && d.Layers[^1].SizeValue == 1) { d.Layers[^1].SizeValue = 2; d.Layers[^1].Size = "2"; }

        if (_random.Next(3) == 0) d.NetworkNamed.Add("LearningRate = " + Pick(new[] { "0.5", "0.01", "1e-3", "2", "1", "0.1f", "1e-20", "1000", "1e-50", "1e300" }));
        if (_random.Next(5) == 0) d.NetworkNamed.Add("Initializer = Initializer." + Pick(new[] { "Auto", "SmallUniform", "XavierUniform", "XavierNormal", "He", "PyTorchDefault" }));
        if (_random.Next(4) == 0) d.NetworkNamed.Add("Precision = Precision." + Pick(new[] { "Single", "Double" }));
        // A named weights file would need an AdditionalFiles entry (NG0020 otherwise), so valid cases name none.
        if (_random.Next(20) == 0) d.NetworkNamed.Add("BakedWeights = null");
        if (_random.Next(5) == 0) d.NetworkNamed.Add("Seed = " + Pick(new[] { "0", "-1", "int.MaxValue", "int.MinValue", "12345" }));
        // Rates and slopes beyond float's range are valid only in a double network.
        if (d.NetworkNamed.Any(n => n.Contains("e300") || n.Contains("e-50")) || d.Layers.Any(l => l.Named.Any(n => n.Contains("e300"))))
        {
            d.NetworkNamed.RemoveAll(n => n.StartsWith("Precision", StringComparison.Ordinal));
            d.NetworkNamed.Add("Precision = Precision.Double");
        }
        Shuffle(d.NetworkNamed);

        if (_random.Next(3) == 0) d.Modifiers = Pick(new[] { "internal partial", "partial", "public sealed partial", "internal sealed partial" });
        if (_random.Next(4) == 0)
        {
            int depth = 1 + _random.Next(2);
            for (int i = 0; i < depth; i++)
                d.Containers.Add(Pick(new[] { "partial class", "public partial class", "partial struct", "partial record", "partial record struct", "internal static partial class", "partial interface" }) +
                                 " " + Pick(new[] { "Outer", "Host", "@class", "Models", "Hôte" }) + i);
        }
        if (CanSplit(d) && !d.Twin && _random.Next(5) == 0) d.ExtraFiles = 1 + _random.Next(2);
        return d;
    }

    // Small layers keep the emitted (unrolled) code, and so the fuzz run, short.
    private long SmallSize() => _random.Next(20) == 0 ? _random.Next(17, 70) : _random.Next(1, 5);

    private Layer NewLayer(string activation)
    {
        var layer = new Layer { Activation = activation, SizeValue = SmallSize() };
        layer.Size = layer.SizeValue.ToString(CultureInfo.InvariantCulture);
        if (_random.Next(5) == 0) { layer.Named.Add("Bias = false"); layer.HasBias = false; }
        if (activation is "LeakyReLU" or "PReLU" && _random.Next(2) == 0)
            layer.Named.Add("Slope = " + Pick(new[] { "0.2", "0.01", "-0.5", "0", "1e-30", "3", "1e300" }));
        if (_random.Next(8) == 0) layer.Named.Add("Shape = CodeShape.Vectorized");
        Shuffle(layer.Named);
        return layer;
    }

    /// <summary>Breaks exactly one rule; returns what it did.</summary>
    private string Mutate(Decl d)
    {
        int[] touchLayers = [0, 1, 2, 4, 5, 6, 7, 12, 13, 19];
        int[] touchLayers2 = [24, 25, 26];
        int choice = _random.Next(27);
        while (d.Layers.Count == 0 && (touchLayers.Contains(choice) || touchLayers2.Contains(choice))) choice = _random.Next(27);
        if (choice == 25 && !(CanSplit(d) && !d.Twin && d.Layers.Count > 0)) choice = 24;
        switch (choice)
        {
            case 0: // a size outside 1..65536
            {
                string size = Pick(new[] { "0", "-1", "-5", "int.MinValue", "int.MaxValue", "65537", "100000", "-0", "(int)-3.0" });
                if (_random.Next(3) == 0)
                {
                    long v = _random.Next(-5, 1);
                    if (_random.Next(2) == 0) v = _random.Next(65_537, 100_001);
                    size = v.ToString(CultureInfo.InvariantCulture);
                }
                if (_random.Next(3) == 0) d.InputSize = size; else Pick(d.Layers).Size = size;
                return "size " + size;
            }
            case 1: // too many parameters in total
                d.InputSize = "5000";
                d.Layers[0].Size = Pick(new[] { "5000", "65536", "4096" });
                foreach (var layer in d.Layers) layer.Named.RemoveAll(n => n.StartsWith("Shape", StringComparison.Ordinal));
                return "too many parameters";
            case 2: // an undefined enum value
            {
                int which = _random.Next(5);
                string cast = which switch
                {
                    0 => $"(Activation){Pick(new[] { "10", "42", "-1", "int.MaxValue", "int.MinValue" })}",
                    1 => $"(Loss){Pick(new[] { "6", "-1", "99" })}",
                    2 => $"(Initializer){Pick(new[] { "6", "-2" })}",
                    3 => $"(Precision){Pick(new[] { "2", "-1" })}",
                    _ => $"(CodeShape){Pick(new[] { "3", "-1" })}",
                };
                if (which == 0) Pick(d.Layers).Activation = cast;
                else if (which == 1) d.Loss = cast;
                else if (which == 2) d.NetworkNamed.Add("Initializer = " + cast);
                else if (which == 3) d.NetworkNamed.Add("Precision = " + cast);
                else Pick(d.Layers).Named.Add("Shape = " + cast);
                return "enum " + cast;
            }
            case 3: // a learning rate that is not positive and finite
            {
                bool isDouble = d.NetworkNamed.Contains("Precision = Precision.Double");
                string rate = !isDouble && _random.Next(4) == 0 ? Pick(new[] { "1e300", "1e-50", "1e39", "-1e300" }) : Pick(new[] { "0", "0.0", "-0.0", "-0.1", "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "0.0 / 0.0", "1.0 / 0.0", "double.MinValue", "-1e-300", "1e309", "-double.Epsilon" });
                d.NetworkNamed.RemoveAll(n => n.StartsWith("LearningRate", StringComparison.Ordinal));
                d.NetworkNamed.Add("LearningRate = " + rate);
                return "learning rate " + rate;
            }
            case 4: // a slope that is not finite, or a slope where no slope applies
            {
                var layer = Pick(d.Layers);
                layer.Named.RemoveAll(n => n.StartsWith("Slope", StringComparison.Ordinal));
                if (layer.Activation is "LeakyReLU" or "PReLU")
                {
                    string slope = Pick(new[] { "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "0.0 / 0.0", "-1.0 / 0.0" });
                    layer.Named.Add("Slope = " + slope);
                    return "slope " + slope;
                }
                layer.Named.Add("Slope = " + Pick(new[] { "0.2", "0", "double.NaN" }));
                return "slope on " + layer.Activation;
            }
            case 5: // missing constructor arguments
                switch (_random.Next(4))
                {
                    case 0: d.InputOverride = Pick(new[] { "Input", "Input()" }); return "Input without size";
                    case 1: d.NetworkOverride = Pick(new[] { "Network", "Network()", "Network(LearningRate = 0.1)" }); return "Network without loss";
                    default: Pick(d.Layers).Activation = ""; return "Dense without activation";
                }
            case 6: // extra constructor arguments
                switch (_random.Next(3))
                {
                    case 0: d.InputSize += ", 3"; return "Input with two sizes";
                    case 1: d.Loss += ", 0.1"; return "Network with extra argument";
                    default: Pick(d.Layers).Activation += ", true"; return "Dense with extra argument";
                }
            case 7: // wrong argument types
            {
                string[] inputs = ["\"two\"", "2.5", "2L", "true", "null", "Activation.Tanh", "2u", "2.0f"];
                string[] activations = ["1", "\"Tanh\"", "Loss.Hinge", "2.0", "null", "true"];
                string[] named = ["LearningRate = \"0.1\"", "Seed = 1.5", "Seed = \"1\"", "Precision = Activation.Tanh", "Initializer = 1", "BakedWeights = 3", "BakedWeights = \"\"", "BakedWeights = \" \"", "Speed = 1", "Loss = Loss.Hinge"];
                string[] layerNamed = ["Bias = 1", "Bias = \"yes\"", "Slope = \"x\"", "Shape = 1", "Size = 3", "Activation = Activation.Tanh", "Dropout = 0.5"];
                switch (_random.Next(5))
                {
                    case 0: d.InputSize = Pick(inputs); return "Input(" + d.InputSize + ")";
                    case 1: Pick(d.Layers).Activation = Pick(activations); return "activation type";
                    case 2: Pick(d.Layers).Size = Pick(new[] { "3.0", "\"3\"", "3L", "Activation.Tanh" }); return "size type";
                    case 3: d.NetworkNamed.Add(Pick(named)); return "network named argument";
                    default: Pick(d.Layers).Named.Add(Pick(layerNamed)); return "layer named argument";
                }
            }
            case 8: // duplicated [Network] or [Input] (twice, when an earlier mutation removed the original)
                if (_random.Next(2) == 0)
                {
                    for (int k = d.DropNetwork ? 2 : 1; k > 0; k--) d.ExtraAttributes.Add($"Network(Loss.{Pick(Losses)})");
                    return "two [Network]";
                }
                for (int k = d.InputSize is null && d.InputOverride is null ? 2 : 1; k > 0; k--) d.ExtraAttributes.Add($"Input({_random.Next(1, 5)})");
                return "two [Input]";
            case 9: d.InputSize = null; d.InputOverride = null; d.ExtraAttributes.RemoveAll(a => a.StartsWith("Input", StringComparison.Ordinal)); return "no [Input]";
            case 10: d.DropNetwork = true; d.ExtraAttributes.RemoveAll(a => a.StartsWith("Network", StringComparison.Ordinal)); return "no [Network]";
            case 11: d.Layers.Clear(); return "no [Dense]";
            case 12: // softmax before the last layer
                d.Layers.Insert(_random.Next(d.Layers.Count), NewLayer("Softmax"));
                return "hidden softmax";
            case 13: // loss that does not fit the output
            {
                var output = d.Layers[^1];
                switch (_random.Next(3))
                {
                    case 0: d.Loss = "CrossEntropy"; output.Activation = Pick(new[] { "Sigmoid", "Tanh", "Linear" }); break;
                    case 1: d.Loss = "BinaryCrossEntropy"; output.Activation = Pick(new[] { "Softmax", "Tanh", "ReLU" }); break;
                    default: d.Loss = Pick(new[] { "Hinge", "SquareLoss" }); output.Activation = Pick(new[] { "Sigmoid", "ReLU", "Softmax", "Step", "PiecewiseLinear" }); break;
                }
                output.Named.RemoveAll(n => n.StartsWith("Slope", StringComparison.Ordinal));
                return $"{d.Loss} with {output.Activation}";
            }
            case 14: // the type itself cannot hold a network
            {
                (string modifiers, string keyword) = Pick(new[]
                {
                    ("public", "class"), ("public static partial", "class"), ("public abstract partial", "class"),
                    ("public partial", "record"), ("public partial", "record class"), ("public partial", "record struct"),
                    ("public partial", "struct"), ("public partial", "interface"), ("public", "struct"),
                    ("public readonly partial", "struct"), ("public partial", "enum"),
                });
                d.Modifiers = modifiers;
                d.TypeKeyword = keyword;
                return $"{modifiers} {keyword}";
            }
            case 15: d.TypeParameters = Pick(new[] { "<T>", "<T, U>", "<T> where T : struct" }); return "generic";
            case 16: // nested in a type that is not partial, or is generic
                d.Containers.Insert(_random.Next(d.Containers.Count + 1),
                    Pick(new[] { "public class Outer", "class Outer", "struct Outer", "public static class Outer", "partial class Outer<T>", "partial struct Outer<T>", "record Outer" }));
                return "bad container";
            case 17: // broken syntax around the declaration
            {
                string[] prefixes = ["@@", "}", "[", "[Input(2]", "[Dense(3, Activation.)]", "#", "class", "partial", "[Input(\"2)]", "using;", "static", "Dense(1, Activation.Tanh)]", "{"];
                string[] suffixes = ["{", "[Dense(1, Activation.Tanh)]", "}}", "$", "partial class", "(", "\"unterminated", "/* unclosed"];
                if (_random.Next(2) == 0) d.Prefix = Pick(prefixes); else d.Suffix = Pick(suffixes);
                if (_random.Next(3) == 0) d.Name = Pick(new[] { "", "1Net", "class", "Net Net" });
                return $"syntax '{d.Prefix}' '{d.Suffix}' {d.Name}";
            }
            case 18: // constructor arguments that are not constants
                d.InputSize = Pick(new[] { "int.Parse(\"2\")", "checked(int.MaxValue + 1)", "Size", "new int()", "default", "nameof(Net)", "typeof(int)" });
                return "Input(" + d.InputSize + ")";
            case 19: // unbalanced brackets inside one of the layer attributes
                Pick(d.Layers).Size = Pick(new[] { "(3", "3)", "[3", "3]", "{3" });
                return "unbalanced brackets";
            case 21: // a file-local network class, or one inside a file-local class
                if (d.Containers.Count == 0) d.Modifiers = "file partial";
                else d.Containers[0] = "file partial class FileOuter";
                return "file type";
            case 22: // a member whose name NetGen takes
            {
                string name = Pick(TakenNames);
                d.Members.Add(Pick(new[] { $"public int {name};", $"public int {name} {{ get; set; }}", $"public void {name}() {{ }}", $"public class {name} {{ }}", $"public event System.Action? {name};" }));
                return "member " + name;
            }
            case 23: // a base class (NetGen supplies it)
                d.BaseList = " : " + Pick(new[] { "System.Exception", "System.Random", "System.IO.MemoryStream", "System.Collections.Generic.List<int>" });
                return "base" + d.BaseList;
            case 24: // an enum argument that is not one named member, though its value may be defined
            {
                string written = Pick(new[] { "(Activation.Tanh | Activation.Sigmoid)", "(Activation)2", "default", "(Activation.Linear)|Activation.Tanh", "0" });
                Pick(d.Layers).Activation = written;
                return "activation " + written;
            }
            case 25: // the last [Dense] on another partial declaration in another file
                d.MoveLastDense = true;
                return "[Dense] in another file";
            case 26: // softmax on one output neuron
            {
                var output = d.Layers[^1];
                d.Loss = Pick(new[] { "CrossEntropy", "HalfSquaredError" });
                output.Activation = "Softmax";
                output.Size = "1";
                output.Named.RemoveAll(n => n.StartsWith("Slope", StringComparison.Ordinal));
                return "softmax on one output";
            }
            default: // the network attributes on a member instead of the type
                d.NetworkOverride = "__on_member__";
                return "[Network] on a method";
        }
    }

    private void Shuffle<T>(List<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private string Attribute(Decl d, string name) => (d.Spelling, name) switch
    {
        (0, _) => name,
        (1, _) => name + "Attribute",
        (2, _) => "NetGen." + name,
        _ => "global::NetGen." + name + "Attribute",
    };

    private static string Args(string first, List<string> named) =>
        "(" + string.Join(", ", new[] { first }.Where(a => a.Length > 0).Concat(named)) + ")";

    /// <summary>Prefixes a member name with its enum (Tanh → Activation.Tanh); leaves casts, literals and other enums alone.</summary>
    private static string Qualified(string enumName, string value) =>
        value.Length > 0 && char.IsUpper(value[0]) && !value.StartsWith("Loss.", StringComparison.Ordinal) ? enumName + "." + value : value;

    private string Render(Decl d, string ns)
    {
        var layerAttributes = d.Layers.Select(l =>
            Attribute(d, "Dense") + Args(l.Activation.Length == 0 ? l.Size : l.Size + ", " + Qualified("Activation", l.Activation), l.Named)).ToList();
        var attributes = new List<string>(layerAttributes);
        bool onMember = d.NetworkOverride == "__on_member__";
        if (!d.DropNetwork && !onMember)
        {
            string network = d.NetworkOverride is { } o
                ? o.Replace("Network", Attribute(d, "Network"))
                : Attribute(d, "Network") + Args(Qualified("Loss", d.Loss), d.NetworkNamed);
            attributes.Insert(_random.Next(attributes.Count + 1), network);
        }
        if (d.InputOverride is not null) attributes.Insert(_random.Next(attributes.Count + 1), d.InputOverride.Replace("Input", Attribute(d, "Input")));
        else if (d.InputSize is not null) attributes.Insert(_random.Next(attributes.Count + 1), Attribute(d, "Input") + "(" + d.InputSize + ")");
        foreach (var extra in d.ExtraAttributes) attributes.Insert(_random.Next(attributes.Count + 1), extra);

        var sb = new StringBuilder();
        sb.Append("using NetGen;\n\nnamespace ").Append(ns).Append(";\n\n");
        foreach (var container in d.Containers) sb.Append(container).Append(" {\n");
        if (d.Prefix.Length > 0) sb.Append(d.Prefix).Append('\n');
        if (d.CombineLists) sb.Append('[').Append(string.Join(", ", attributes)).Append("]\n");
        else foreach (var attribute in attributes) sb.Append('[').Append(attribute).Append("]\n");
        string body = onMember
            ? $" {{ [{Attribute(d, "Network")}(Loss.{Pick(Losses)})] public void Train() {{ }} }}"
            : d.Members.Count > 0 ? " { " + string.Join(" ", d.Members) + " }"
            : _random.Next(2) == 0 ? ";" : " { }";
        if (d.TypeKeyword == "enum") body = " { A }";
        if (d.TypeKeyword == "interface" && body == ";") body = " { }";
        sb.Append(d.Modifiers).Append(' ').Append(d.TypeKeyword).Append(' ').Append(d.Name).Append(d.TypeParameters).Append(d.BaseList).Append(body).Append('\n');
        // A twin differs only in case: a second network whose generated file name must not collide with the first.
        if (d.Twin && CaseTwin(d.Name) is { } twin)
        {
            if (d.CombineLists) sb.Append('[').Append(string.Join(", ", attributes)).Append("]\n");
            else foreach (var attribute in attributes) sb.Append('[').Append(attribute).Append("]\n");
            sb.Append(d.Modifiers).Append(' ').Append(d.TypeKeyword).Append(' ').Append(twin).Append(d.TypeParameters).Append(d.BaseList).Append(body).Append('\n');
        }
        if (d.Suffix.Length > 0) sb.Append(d.Suffix).Append('\n');
        foreach (var _ in d.Containers) sb.Append("}\n");
        return sb.ToString();
    }
}
