using System.Numerics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NetGen.Tests.Interop;

/// <summary>Runs models in ONNX Runtime, reads the PyTorch references, and draws parameters that hit every kink exactly.</summary>
internal static class OnnxTestSupport
{
    public static string DataFolder => Path.Combine(RepoPaths.SharedData, "onnx");

    public static string ModelPath(string name) => Path.Combine(DataFolder, name + ".onnx");

    /// <summary>The PyTorch models in the data folder, each with a matching declaration under Networks/.</summary>
    public static readonly string[] PyTorchModels =
    [
        "leakyrelu_linear_5_7_2", "matmul_add_tanh_sigmoid_4_6_2", "piecewise_linear_3_4_2", "prelu_softmax_6_9_4",
        "relu_logits_8_16_16_10", "relu_sigmoid_nobias_4_6_1", "sigmoid_sigmoid_3_5_2", "step_sign_3_4_2",
        "tanh_softmax_4_8_3", "tanh_softmax_double_2_4_3",
    ];

    public static TheoryData<string> PyTorchModelNames => new(PyTorchModels);

    /// <summary>ONNX Runtime's outputs for <paramref name="rows"/> inputs of <paramref name="inputs"/> features each.</summary>
    public static T[] RunOrt<T>(byte[] model, T[] inputs, int rows, int features) where T : unmanaged
    {
        using var session = new InferenceSession(model);
        var x = new DenseTensor<T>(inputs, new[] { rows, features });
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", x) });
        var y = results.Single(r => r.Name == "y");
        return y.AsTensor<T>().ToArray();
    }

    /// <summary>NetGen's outputs, one <c>Predict</c> per row.</summary>
    public static T[] Predict<TK, T>(Network<TK, T> net, T[] inputs, int rows)
        where TK : struct, INetworkKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = Architecture(net);
        var outputs = new T[rows * arch.OutputSize];
        for (int r = 0; r < rows; r++)
            net.Predict(inputs.AsSpan(r * arch.InputSize, arch.InputSize), outputs.AsSpan(r * arch.OutputSize, arch.OutputSize));
        return outputs;
    }

    public static NetworkArchitecture Architecture<T>(INetwork<T> net) where T : unmanaged, IFloatingPointIeee754<T> => net.Architecture;

    /// <summary>
    /// Dyadic parameters (weights k/8, biases cycling 0, 1/2, -1/2, 1/4, -1: the kinks of every activation at the
    /// zero input) so that float sums are exact and a kink is hit exactly in NetGen and in ONNX Runtime alike.
    /// PReLU slopes are varied (negative and above one too) so they are not all the declared one.
    /// </summary>
    public static void SetKinkParameters<T>(INetwork<T> net, Span<T> parameters, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = net.Architecture;
        var random = new Random(seed);
        for (int i = 0; i < parameters.Length; i++) parameters[i] = T.CreateChecked(random.Next(-8, 9) / 8.0);
        double[] biases = { 0, 0.5, -0.5, 0.25, -1 };
        double[] slopes = { 0.25, -0.5, 1.5, 0.125 };
        for (int l = 0; l < arch.Layers.Count; l++)
        {
            for (int j = 0; j < arch.Layers[l].Size; j++)
            {
                if (arch.BiasOffset(l) >= 0) parameters[arch.BiasOffset(l) + j] = T.CreateChecked(biases[j % biases.Length]);
                if (arch.SlopeOffset(l) >= 0) parameters[arch.SlopeOffset(l) + j] = T.CreateChecked(slopes[j % slopes.Length]);
            }
        }
    }

    /// <summary>A zero row (every first-layer z is its bias, so on a kink) and rows of multiples of 1/4 in [-2, 2].</summary>
    public static T[] KinkInputs<T>(int rows, int features, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var inputs = new T[rows * features];
        for (int i = features; i < inputs.Length; i++) inputs[i] = T.CreateChecked(random.Next(-8, 9) / 4.0);
        return inputs;
    }

    /// <summary>The reference inputs and PyTorch's outputs stored beside a model.</summary>
    public static (double[] X, double[] Y, int Rows) References(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataFolder, name + ".json")));
        var x = json.RootElement.GetProperty("x").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray();
        var y = json.RootElement.GetProperty("y").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray();
        return (x, y, json.RootElement.GetProperty("x").GetArrayLength());
    }

    /// <summary>The largest absolute difference, failing on a length mismatch.</summary>
    public static double MaxDifference<T>(T[] expected, T[] actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(double.CreateChecked(expected[i]) - double.CreateChecked(actual[i]));
            if (double.IsNaN(d)) return double.PositiveInfinity;
            max = Math.Max(max, d);
        }
        return max;
    }
}
