using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.CodeAnalysis;
using NetGen.Interop.Onnx;

namespace NetGen.Tests.Generator.Onnx;

/// <summary>
/// The PyTorch-exported models in <c>../shared/data/onnx</c> (see its README) as the generator sees them: encoded the
/// way build/NetGen.targets encodes them (<see cref="Encode"/>, checked against the real target by
/// <see cref="OnnxBuildRouteTests"/>), with a declaration written from the model's JSON description.
/// </summary>
internal static class OnnxTestModels
{
    public static string Folder => Path.Combine(RepoPaths.SharedData, "onnx");

    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Folder, "*.onnx").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Folder, name + ".onnx"));

    public static ModelProto Model(string name) => ModelProto.Parser.ParseFrom(Bytes(name));

    /// <summary>The text build/NetGen.targets writes for a model at <paramref name="fullPath"/>.</summary>
    public static string Encode(string fullPath, byte[] bytes) =>
        "NetGen ONNX model 1\n" + fullPath + "\n" + Convert.ToBase64String(bytes) + "\n";

    /// <summary>A model as the compiler hands it to the generator after build/NetGen.targets.</summary>
    public static AdditionalText Encoded(byte[] bytes, string fullPath = "/project/models/net.onnx") =>
        new InMemoryAdditionalText("/project/obj/netgen-onnx/" + Path.GetFileName(fullPath) + ".0badf00d.txt", Encode(fullPath, bytes));

    public static AdditionalText Encoded(ModelProto model, string fullPath = "/project/models/net.onnx") => Encoded(model.ToByteArray(), fullPath);

    public sealed record Layer(int In, int Out, string Activation, bool Bias);

    public sealed record Description(IReadOnlyList<Layer> Layers, bool IsDouble, double[][] X, double[][] Y);

    public static Description Describe(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")));
        var root = json.RootElement;
        var layers = root.GetProperty("layers").EnumerateArray().Select(l => new Layer(
            l.GetProperty("in").GetInt32(), l.GetProperty("out").GetInt32(), l.GetProperty("activation").GetString()!,
            l.GetProperty("bias").GetBoolean())).ToList();
        double[][] Rows(string property) => root.GetProperty(property).EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return new Description(layers, root.GetProperty("dtype").GetString() == "float64", Rows("x"), Rows("y"));
    }

    /// <summary>NetGen's activation for the JSON's name ("logits": the graph ends at the last affine map).</summary>
    public static string ActivationOf(string json) => json switch
    {
        "tanh" => "Tanh",
        "sigmoid" => "Sigmoid",
        "relu" => "ReLU",
        "leaky_relu" => "LeakyReLU",
        "prelu" => "PReLU",
        "linear" or "logits" => "Linear",
        "piecewise_linear" => "PiecewiseLinear",
        "step" => "Step",
        "sign" => "Sign",
        "softmax" => "Softmax",
        _ => throw new ArgumentException("unknown activation " + json),
    };

    /// <summary>A declaration that matches the model (class <c>Demo.Net</c>, BakedWeights "models/net.onnx").</summary>
    public static string Declaration(string name, Func<int, string, string>? editLayer = null, string networkOptions = "")
    {
        var model = Describe(name);
        var text = new StringBuilder();
        text.AppendLine("using NetGen;");
        text.AppendLine("namespace Demo;");
        string precision = model.IsDouble ? ", Precision = Precision.Double" : "";
        text.AppendLine($"[Network(Loss.MeanSquaredError, BakedWeights = \"models/net.onnx\"{precision}{networkOptions})]");
        text.AppendLine($"[Input({model.Layers[0].In})]");
        for (int l = 0; l < model.Layers.Count; l++)
        {
            var layer = model.Layers[l];
            string dense = $"Dense({layer.Out}, Activation.{ActivationOf(layer.Activation)}{(layer.Bias ? "" : ", Bias = false")})";
            text.AppendLine("[" + (editLayer?.Invoke(l, dense) ?? dense) + "]");
        }
        text.AppendLine("public partial class Net;");
        return text.ToString();
    }

    /// <summary>
    /// A static <c>Probe.Run(x)</c> that calls <c>Net.Baked.Predict</c>, so a test can run the baked network of an
    /// in-memory compilation by reflection (spans cannot cross reflection).
    /// </summary>
    public static string Probe(bool isDouble)
    {
        string t = isDouble ? "double" : "float";
        return $$"""
            namespace Demo;
            public static class Probe
            {
                public static {{t}}[] Run({{t}}[] x) { var y = new {{t}}[Net.OutputSize]; Net.Baked.Predict(x, y); return y; }
            }
            """;
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
