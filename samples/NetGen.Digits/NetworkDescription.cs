using Spectre.Console;
using static NetGen.Digits.Formatting;

namespace NetGen.Digits;

/// <summary>How steps 2, 3 and 8 describe a network, from its architecture and declared defaults (no reflection).</summary>
internal static class NetworkDescription
{
    /// <summary>
    /// The network's declaration as written in Networks.cs, rebuilt from what the generated code records: the loss,
    /// the layers, and the named arguments of [Network] and [Dense] that differ from their defaults. (A [Dense] Shape
    /// and [Network] BakedWeights are not recorded at run time; the presets use neither.)
    /// </summary>
    public static string Declaration(string name, NetworkArchitecture arch, float learningRate, Initializer initializer, int seed)
    {
        var defaults = new NetworkAttribute(arch.Loss);
        var named = new List<string>();
        if (learningRate != (float)defaults.LearningRate) named.Add($"LearningRate = {learningRate.ToString("R", Ci)}");
        if (initializer != defaults.Initializer) named.Add($"Initializer = Initializer.{initializer}");
        if (seed != defaults.Seed) named.Add($"Seed = {seed.ToString(Ci)}");
        if (arch.Precision != defaults.Precision) named.Add($"Precision = Precision.{arch.Precision}");
        var lines = new List<string> { $"[Network({string.Join(", ", named.Prepend($"Loss.{arch.Loss}"))})]", $"[Input({arch.InputSize.ToString(Ci)})]" };
        foreach (LayerDescription layer in arch.Layers)
        {
            var dense = new DenseAttribute(layer.Size, layer.Activation);
            var arguments = new List<string> { layer.Size.ToString(Ci), $"Activation.{layer.Activation}" };
            if (layer.HasBias != dense.Bias) arguments.Add($"Bias = {(layer.HasBias ? "true" : "false")}");
            if ((layer.Activation is Activation.LeakyReLU or Activation.PReLU) && layer.Slope != dense.Slope)
                arguments.Add($"Slope = {layer.Slope.ToString("R", Ci)}");
            lines.Add($"[Dense({string.Join(", ", arguments)})]");
        }
        lines.Add($"public partial class {name};");
        return string.Join('\n', lines);
    }

    /// <summary>Step 2's table: every layer's size, activation, weights and biases.</summary>
    public static Table LayerTable(NetworkArchitecture arch)
    {
        var layers = new Table().Border(TableBorder.Simple).Title("Architecture");
        layers.AddColumn("Layer");
        layers.AddColumn(new TableColumn("Neurons").RightAligned());
        layers.AddColumn("Activation");
        layers.AddColumn(new TableColumn("Weights").RightAligned());
        layers.AddColumn(new TableColumn("Biases").RightAligned());
        layers.AddRow("input", arch.InputSize.ToString("N0", Ci), "–", "", "");
        for (int l = 0; l < arch.Layers.Count; l++)
        {
            var layer = arch.Layers[l];
            layers.AddRow(l == arch.Layers.Count - 1 ? $"{l + 1} (output)" : $"{l + 1} (hidden)", layer.Size.ToString("N0", Ci),
                layer.Activation.ToString(), $"{arch.FanIn(l)}x{layer.Size} = {arch.WeightCount(l).ToString("N0", Ci)}",
                (layer.HasBias ? layer.Size : 0).ToString("N0", Ci));
        }
        return layers;
    }

    /// <summary>Step 3's lines: the distribution each layer's weights are drawn from.</summary>
    public static IEnumerable<string> InitializerLines(NetworkArchitecture arch, Initializer initializer)
    {
        for (int l = 0; l < arch.Layers.Count; l++)
        {
            var kind = initializer == Initializer.Auto ? ParameterInitializer.AutoFor(arch.Layers[l].Activation) : initializer;
            yield return $"layer {l + 1} ({arch.Layers[l].Activation}): {Distribution(kind, arch.FanIn(l), arch.Layers[l].Size)}";
        }
    }

    /// <summary>The layer sizes from input to output, e.g. 64-32-10.</summary>
    public static string Sizes(NetworkArchitecture arch) =>
        string.Join('-', new[] { arch.InputSize }.Concat(arch.Layers.Select(l => l.Size)));

    private static string Distribution(Initializer kind, int fanIn, int fanOut) => kind switch
    {
        Initializer.He => $"He normal, N(0, 2/{fanIn}), σ = {Math.Sqrt(2.0 / fanIn).ToString("0.000", Ci)}",
        Initializer.XavierUniform => $"Xavier uniform, U(−r, r) with r = √(6/({fanIn}+{fanOut})) = {Math.Sqrt(6.0 / (fanIn + fanOut)).ToString("0.000", Ci)}",
        Initializer.XavierNormal => $"Xavier normal, N(0, 2/({fanIn}+{fanOut}))",
        Initializer.SmallUniform => "small uniform, U(−0.05, 0.05)",
        Initializer.PyTorchDefault => $"PyTorch's nn.Linear default, U(−r, r) with r = 1/√{fanIn} = {(1 / Math.Sqrt(fanIn)).ToString("0.000", Ci)}, biases too",
        _ => kind.ToString(),
    };
}
