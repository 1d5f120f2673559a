using NetGen.Tests.Networks;

namespace NetGen.Tests.Forward;

/// <summary>
/// The generated Predict against values computed by hand from the documented layout
/// (per layer: weights input-major W[i*m + j], then biases).
/// </summary>
public class PredictTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void Xor_net_with_zero_weights_outputs_one_half()
    {
        var net = new XorNet();
        net.Parameters.Clear();
        var output = new float[1];
        net.Predict([1f, 0f], output);
        Assert.Equal(0.5f, output[0]); // tanh(0) = 0, sigmoid(0) = 1/2 exactly
    }

    [Fact]
    public void Xor_net_matches_hand_computation()
    {
        var net = new XorNet();
        float[] p = Enumerable.Range(0, XorNet.ParameterCount).Select(k => (k % 3 - 1) * 0.25f + k * 0.01f).ToArray();
        p.CopyTo(net.Parameters);
        float[] x = [0.3f, -0.7f];

        // Layer 1: W1[2x4] at p[0..8), b1 at p[8..12); layer 2: W2[4x1] at p[12..16), b2 at p[16].
        var a1 = new double[4];
        for (int j = 0; j < 4; j++) a1[j] = Math.Tanh(p[8 + j] + x[0] * p[0 * 4 + j] + x[1] * p[1 * 4 + j]);
        double z2 = p[16] + a1[0] * p[12] + a1[1] * p[13] + a1[2] * p[14] + a1[3] * p[15];
        double expected = Sigmoid(z2);

        var output = new float[1];
        net.Predict(x, output);
        Assert.Equal(expected, output[0], 5);
    }

    [Fact]
    public void Iris_net_softmax_matches_hand_computation_and_sums_to_one()
    {
        var net = new IrisNet();
        float[] p = Enumerable.Range(0, IrisNet.ParameterCount).Select(k => MathF.Sin(k * 0.7f) * 0.5f).ToArray();
        p.CopyTo(net.Parameters);
        float[] x = [5.1f, 3.5f, 1.4f, 0.2f];

        var a1 = new double[8];
        for (int j = 0; j < 8; j++)
        {
            double z = p[32 + j];
            for (int i = 0; i < 4; i++) z += x[i] * p[i * 8 + j];
            a1[j] = Math.Tanh(z);
        }
        var z2 = new double[3];
        for (int j = 0; j < 3; j++)
        {
            z2[j] = p[40 + 24 + j];
            for (int i = 0; i < 8; i++) z2[j] += a1[i] * p[40 + i * 3 + j];
        }
        double sum = z2.Sum(Math.Exp);

        var output = new float[3];
        net.Predict(x, output);
        for (int j = 0; j < 3; j++) Assert.Equal(Math.Exp(z2[j]) / sum, output[j], 5);
        Assert.Equal(1.0, output.Sum(), 5);
    }

    [Fact]
    public void Double_regression_net_without_bias_matches_hand_computation()
    {
        // 3 -> 5 ReLU -> 4 sigmoid (no bias) -> 2 linear, in double.
        var net = new RegressionNet();
        double[] p = Enumerable.Range(0, RegressionNet.ParameterCount).Select(k => Math.Cos(k * 1.3) * 0.6).ToArray();
        Assert.Equal(3 * 5 + 5 + 5 * 4 + 4 * 2 + 2, RegressionNet.ParameterCount);
        p.CopyTo(net.Parameters);
        double[] x = [0.5, -1.5, 2.0];

        var a1 = new double[5];
        for (int j = 0; j < 5; j++)
        {
            double z = p[15 + j];
            for (int i = 0; i < 3; i++) z += x[i] * p[i * 5 + j];
            a1[j] = Math.Max(0, z);
        }
        var a2 = new double[4];
        for (int j = 0; j < 4; j++)
        {
            double z = 0;
            for (int i = 0; i < 5; i++) z += a1[i] * p[20 + i * 4 + j];
            a2[j] = Sigmoid(z);
        }
        var output = new double[2];
        net.Predict(x, output);
        for (int j = 0; j < 2; j++)
        {
            double z = p[48 + j];
            for (int i = 0; i < 4; i++) z += a2[i] * p[40 + i * 2 + j];
            Assert.Equal(z, output[j], 12);
        }
    }

    [Fact]
    public void Vectorized_layer_gives_the_same_bits_as_the_unrolled_order()
    {
        // DigitsNet's layers (64x32, 32x10) are over the unroll budget, so they are emitted as SIMD kernels; each z
        // must equal the sequential fused sum fma(x_n, w_n, ... fma(x0, w0, b)) bit for bit, and softmax uses FastMath.Exp.
        var net = new DigitsNet();
        float[] x = Enumerable.Range(0, 64).Select(i => (i % 17) / 16f).ToArray();
        var output = new float[10];
        net.Predict(x, output);

        var p = net.Parameters.ToArray();
        var a1 = new float[32];
        for (int j = 0; j < 32; j++)
        {
            float z = p[64 * 32 + j];
            for (int i = 0; i < 64; i++) z = MathF.FusedMultiplyAdd(x[i], p[i * 32 + j], z);
            a1[j] = z > 0 ? z : 0;
        }
        var z2 = new float[10];
        for (int j = 0; j < 10; j++)
        {
            float z = p[64 * 32 + 32 + 320 + j];
            for (int i = 0; i < 32; i++) z = MathF.FusedMultiplyAdd(a1[i], p[64 * 32 + 32 + i * 10 + j], z);
            z2[j] = z;
        }
        float max = z2.Max();
        var e = z2.Select(z => NetGen.Numerics.FastMath.Exp(z - max)).ToArray();
        float sum = 0;
        foreach (var v in e) sum += v;
        for (int j = 0; j < 10; j++) Assert.Equal(e[j] / sum, output[j]);
    }

    [Fact]
    public void Sizes_and_architecture_are_exposed()
    {
        Assert.Equal(4, IrisNet.InputSize);
        Assert.Equal(3, IrisNet.OutputSize);
        Assert.Equal(4 * 8 + 8 + 8 * 3 + 3, IrisNet.ParameterCount);
        Assert.Equal(new[] { 4, 8, 3 }, IrisNet.LayerSizes.ToArray());
        Assert.Equal(IrisNet.ParameterCount, IrisNet.Architecture.ParameterCount);
        Assert.Equal("in 4; dense 8 Tanh bias; dense 3 Softmax bias; loss CrossEntropy; Single", IrisNet.Architecture.Fingerprint);
    }
}
