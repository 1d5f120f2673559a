using System.Numerics.Tensors;
using NetGen.Tests.Networks;

namespace NetGen.Tests.Api;

/// <summary>
/// <c>net.Layers[l]</c>: one layer's weights, biases and slopes, read and written without offsets. The expected
/// positions come from the README's layout rule (weight from input i to neuron j at <c>offset + i·m + j</c>),
/// written out here independently of the runtime's ParameterLayout.
/// </summary>
public sealed class LayerViewTests
{
    [Fact]
    public void Layers_are_zero_based_input_side_first_and_add_up_to_the_parameter_count()
    {
        var net = new ConventionNet();
        Assert.Equal(ConventionNet.LayerCount, net.Layers.Count);
        int total = 0, index = 0;
        foreach (var layer in net.Layers)
        {
            Assert.Equal(index++, layer.Index);
            total += layer.Inputs * layer.Outputs + (layer.HasBias ? layer.Outputs : 0) + (layer.HasSlopes ? layer.Outputs : 0);
        }
        Assert.Equal(ConventionNet.ParameterCount, total);
        Assert.Equal((ConventionNet.InputSize, ConventionNet.Layer1Size), (net.Layers[0].Inputs, net.Layers[0].Outputs));
        Assert.Equal((ConventionNet.Layer2Size, ConventionNet.OutputSize), (net.Layers[^1].Inputs, net.Layers[^1].Outputs));
        Assert.Equal(Activation.PReLU, net.Layers[1].Activation);
        Assert.Equal("layer 2: dense 3 -> 2, Linear, no bias", net.Layers[2].ToString());
    }

    [Fact]
    public void Every_view_reads_and_writes_the_raw_parameter_buffer()
    {
        var net = new ConventionNet();
        var arch = ConventionNet.Architecture;
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            int n = arch.FanIn(l), m = arch.Layers[l].Size, offset = arch.WeightOffset(l);
            TensorSpan<double> weights = layer.Weights;
            Assert.Equal(new nint[] { m, n }, weights.Lengths.ToArray());
            for (int j = 0; j < m; j++)
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(net.Parameters[offset + i * m + j], layer.GetWeight(j, i));
                    Assert.Equal(net.Parameters[offset + i * m + j], weights[j, i]);
                    double value = 1000 * l + 10 * j + i + 0.5;
                    layer.SetWeight(j, i, value);
                    Assert.Equal(value, net.Parameters[offset + i * m + j]);
                    Assert.Equal(value, weights[j, i]);
                    weights[j, i] = -value; // the tensor view writes in place too
                    Assert.Equal(-value, net.Parameters[offset + i * m + j]);
                }
            if (layer.HasBias)
            {
                Assert.Equal(net.Parameters.Slice(offset + n * m, m).ToArray(), layer.Biases.ToArray());
                layer.Biases[m - 1] = 7.25;
                Assert.Equal(7.25, net.Parameters[offset + n * m + m - 1]);
            }
        }
    }

    [Fact]
    public void PyTorch_output_major_weights_are_transposed_into_the_input_major_buffer_and_back()
    {
        var net = new TorchInitNet(); // float, 30 -> 20 -> 6 -> 3
        var layer = net.Layers[0];
        var arch = TorchInitNet.Architecture;
        int n = layer.Inputs, m = layer.Outputs;
        var torch = Enumerable.Range(0, m * n).Select(k => k * 0.001f - 0.3f).ToArray(); // weight[j, i] at j·n + i
        layer.CopyWeightsFrom(torch, WeightOrder.OutputMajor);
        for (int j = 0; j < m; j++)
            for (int i = 0; i < n; i++)
                Assert.Equal(torch[j * n + i], net.Parameters[arch.WeightOffset(0) + i * m + j]);

        var back = new float[m * n];
        layer.CopyWeightsTo(back, WeightOrder.OutputMajor);
        Assert.Equal(torch, back);
        layer.CopyWeightsTo(back, WeightOrder.InputMajor);
        Assert.Equal(net.Parameters.Slice(arch.WeightOffset(0), m * n).ToArray(), back);

        var inputMajor = Enumerable.Range(0, m * n).Select(k => -k * 0.002f).ToArray();
        layer.CopyWeightsFrom(inputMajor, WeightOrder.InputMajor);
        Assert.Equal(inputMajor, net.Parameters.Slice(arch.WeightOffset(0), m * n).ToArray());
    }

    [Fact]
    public void A_network_loaded_from_PyTorch_order_predicts_what_the_PyTorch_formula_gives()
    {
        // y = W3 · prelu(W2 · tanh(W1 x + b1) + b2, slopes) with W as [out, in]: nn.Linear's forward, written out here.
        var net = new ConventionNet();
        int[] sizes = [3, 4, 3, 2];
        var random = new Random(3);
        var w = new double[3][];
        var b = new double[3][];
        for (int l = 0; l < 3; l++)
        {
            w[l] = Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => random.NextDouble() - 0.5).ToArray();
            b[l] = Enumerable.Range(0, sizes[l + 1]).Select(_ => random.NextDouble() - 0.5).ToArray();
            net.Layers[l].CopyWeightsFrom(w[l], WeightOrder.OutputMajor);
            if (net.Layers[l].HasBias) net.Layers[l].CopyBiasesFrom(b[l]);
        }
        double[] slopes = [0.1, -0.3, 0.7];
        net.Layers[1].CopySlopesFrom(slopes);

        double[] x = [0.3, -1.2, 0.8];
        var a = x;
        for (int l = 0; l < 3; l++)
        {
            var z = new double[sizes[l + 1]];
            for (int j = 0; j < z.Length; j++)
            {
                z[j] = l == 2 ? 0 : b[l][j];
                for (int i = 0; i < a.Length; i++) z[j] += w[l][j * a.Length + i] * a[i];
            }
            a = l switch
            {
                0 => z.Select(Math.Tanh).ToArray(),
                1 => z.Select((v, j) => v > 0 ? v : slopes[j] * v).ToArray(),
                _ => z,
            };
        }
        var output = new double[2];
        net.Predict(x, output);
        for (int j = 0; j < 2; j++) Assert.Equal(a[j], output[j], 1e-12);
    }

    [Fact]
    public void Bias_free_and_non_PReLU_layers_say_so()
    {
        var net = new TorchInitNet();
        var noBias = net.Layers[1];
        Assert.False(noBias.HasBias);
        Assert.True(noBias.Biases.IsEmpty);
        var error = Assert.Throws<InvalidOperationException>(() => noBias.CopyBiasesFrom(new float[6]));
        Assert.Contains("Layer 1 has no biases", error.Message);

        var relu = net.Layers[0];
        Assert.False(relu.HasSlopes);
        Assert.True(relu.Slopes.IsEmpty);
        Assert.Contains("not PReLU", Assert.Throws<InvalidOperationException>(() => relu.CopySlopesFrom(new float[20])).Message);
    }

    [Fact]
    public void PReLU_slopes_start_at_the_declared_slope_and_are_written_in_place()
    {
        var net = new TorchInitNet();
        var arch = TorchInitNet.Architecture;
        var prelu = net.Layers[1];
        Assert.True(prelu.HasSlopes);
        Assert.All(prelu.Slopes.ToArray(), s => Assert.Equal(0.25f, s));
        float[] slopes = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f];
        prelu.CopySlopesFrom(slopes);
        Assert.Equal(slopes, net.Parameters.Slice(arch.SlopeOffset(1), 6).ToArray());
        prelu.Slopes[0] = -1f;
        Assert.Equal(-1f, net.Parameters[arch.SlopeOffset(1)]);
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_clear_message_and_nothing_written()
    {
        var net = new ConventionNet();
        var before = net.Parameters.ToArray();
        var layer = net.Layers[0]; // 3 inputs, 4 neurons

        var length = Assert.Throws<ArgumentException>(() => layer.CopyWeightsFrom(new double[11], WeightOrder.OutputMajor));
        Assert.Contains("4 x 3 = 12 weights", length.Message);
        Assert.Contains("holds 11", length.Message);
        Assert.Throws<ArgumentException>(() => layer.CopyWeightsTo(new double[13], WeightOrder.InputMajor));
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.CopyWeightsFrom(new double[12], (WeightOrder)7));

        var torch = new double[12];
        torch[7] = double.NaN; // OutputMajor: neuron 2, input 1
        var nan = Assert.Throws<ArgumentException>(() => layer.CopyWeightsFrom(torch, WeightOrder.OutputMajor));
        Assert.Contains("source[7]", nan.Message);
        Assert.Contains("[2, 1]", nan.Message);
        Assert.Contains("NaN", nan.Message);

        Assert.Throws<ArgumentException>(() => layer.SetWeight(0, 0, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => layer.CopyBiasesFrom([0, 1, double.NegativeInfinity, 3]));
        Assert.Contains("holds 3", Assert.Throws<ArgumentException>(() => layer.CopyBiasesFrom([0, 1, 2])).Message);
        Assert.Throws<ArgumentException>(() => net.Layers[1].CopySlopesFrom([0.1, double.NaN, 0.2]));
        Assert.Equal(before, net.Parameters.ToArray());

        Assert.Throws<ArgumentOutOfRangeException>(() => layer.GetWeight(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.SetWeight(0, 3, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.GetWeight(-1, 0));
        var index = Assert.Throws<ArgumentOutOfRangeException>(() => net.Layers[3]);
        Assert.Contains("[0, 3)", index.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Layers[-1]);
    }

    [Fact]
    public void The_interface_exposes_the_same_views()
    {
        INetwork<double> net = new ConventionNet();
        net.Layers[2].SetWeight(1, 2, 0.125);
        Assert.Equal(0.125, ((ConventionNet)net).Layers[2].GetWeight(1, 2));
    }
}
