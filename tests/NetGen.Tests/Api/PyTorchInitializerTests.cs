using NetGen.Tests.Networks;

namespace NetGen.Tests.Api;

/// <summary>
/// <see cref="Initializer.PyTorchDefault"/>: nn.Linear's reset_parameters, weights and biases U(−r, r) with
/// r = 1/√fanIn; every other initializer leaves biases at zero.
/// </summary>
public sealed class PyTorchInitializerTests
{
    [Fact]
    public void Weights_and_biases_are_uniform_within_one_over_the_root_of_the_fan_in()
    {
        var arch = new NetworkArchitecture(400, Loss.MeanSquaredError, Precision.Double,
            new LayerDescription(300, Activation.ReLU, true, 0.01), new LayerDescription(50, Activation.Tanh, true, 0.01));
        var p = new double[arch.ParameterCount];
        ParameterInitializer.Initialize<double>(arch, p, Initializer.PyTorchDefault, 9);
        for (int l = 0; l < arch.Layers.Count; l++)
        {
            double r = 1 / Math.Sqrt(arch.FanIn(l));
            CheckUniform(p.AsSpan(arch.WeightOffset(l), arch.WeightCount(l)).ToArray(), r, $"layer {l} weights");
            CheckUniform(p.AsSpan(arch.BiasOffset(l), arch.Layers[l].Size).ToArray(), r, $"layer {l} biases");
        }
    }

    /// <summary>All within [−r, r), and for U(−r, r): mean 0 (sd r/√(3n)), variance r²/3, the extremes near ±r.</summary>
    private static void CheckUniform(double[] values, double r, string what)
    {
        int n = values.Length;
        Assert.All(values, v => Assert.True(v >= -r && v < r, $"{what}: {v} outside ±{r}"));
        double mean = values.Average();
        double variance = values.Select(v => (v - mean) * (v - mean)).Sum() / n;
        Assert.True(Math.Abs(mean) < 5 * r / Math.Sqrt(3 * n), $"{what}: mean {mean}");
        // The variance of a sample variance of U(−r, r) is about (r⁴/5 − r⁴/9)/n = 4r⁴/(45n).
        Assert.True(Math.Abs(variance - r * r / 3) < 5 * r * r * Math.Sqrt(4.0 / 45 / n), $"{what}: variance {variance}, expected {r * r / 3}");
        double spread = 10 * r / n; // the gap to ±r exceeds 10r/n with probability e^-5 at most
        Assert.True(values.Max() > r - spread && values.Min() < -r + spread, $"{what}: extremes {values.Min()}, {values.Max()}");
    }

    [Theory]
    [InlineData(Initializer.Auto)]
    [InlineData(Initializer.SmallUniform)]
    [InlineData(Initializer.XavierUniform)]
    [InlineData(Initializer.XavierNormal)]
    [InlineData(Initializer.He)]
    public void Every_other_initializer_starts_the_biases_at_zero(Initializer kind)
    {
        var arch = TorchInitNet.Architecture;
        var p = new float[arch.ParameterCount];
        p.AsSpan().Fill(3f);
        ParameterInitializer.Initialize<float>(arch, p, kind, 1);
        for (int l = 0; l < arch.Layers.Count; l++)
            if (arch.BiasOffset(l) >= 0) Assert.All(p.AsSpan(arch.BiasOffset(l), arch.Layers[l].Size).ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void A_declared_PyTorchDefault_network_draws_its_biases_and_keeps_the_slopes_at_the_declared_value()
    {
        var net = new TorchInitNet(); // 30 -> 20 ReLU -> 6 PReLU (no bias) -> 3 softmax
        Assert.Equal(Initializer.PyTorchDefault, ((INetworkKernels<float>)default(TorchInitNet.Kernels)).Initializer);
        var expected = new float[TorchInitNet.ParameterCount];
        ParameterInitializer.Initialize<float>(TorchInitNet.Architecture, expected, Initializer.PyTorchDefault, TorchInitNet.DefaultSeed);
        Assert.Equal(expected, net.Parameters.ToArray());

        foreach (var layer in net.Layers)
        {
            float r = 1 / MathF.Sqrt(layer.Inputs);
            var weights = new float[layer.Inputs * layer.Outputs];
            layer.CopyWeightsTo(weights, WeightOrder.InputMajor);
            Assert.All(weights, w => Assert.InRange(w, -r, r));
            Assert.All(layer.Biases.ToArray(), b => Assert.InRange(b, -r, r));
            if (layer.HasBias) Assert.Contains(layer.Biases.ToArray(), b => b != 0);
            if (layer.HasSlopes) Assert.All(layer.Slopes.ToArray(), s => Assert.Equal(0.25f, s));
        }
    }
}
