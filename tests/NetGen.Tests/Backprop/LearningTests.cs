using Xunit.Abstractions;

namespace NetGen.Tests.Backprop;

/// <summary>The course's caterpillar/XOR problem: [0,1] and [1,0] are class 1, [0,0] and [1,1] are class 0.</summary>
public sealed class LearningTests(ITestOutputHelper output)
{
    private static readonly float[][] Inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    private static readonly float[][] Targets = [[0], [1], [1], [0]];

    private static void Draw(Span<float> parameters, int seed)
    {
        var rng = new Random(seed);
        for (int k = 0; k < parameters.Length; k++) parameters[k] = (float)(2 * rng.NextDouble() - 1);
    }

    private static (float Loss, int Misclassified) Evaluate<TNet>(TNet net) where TNet : INetwork<float>
    {
        float total = 0;
        int wrong = 0;
        var a = new float[1];
        for (int s = 0; s < 4; s++)
        {
            net.Predict(Inputs[s], a);
            total += net.ComputeLoss(a, Targets[s]);
            if (a[0] > 0.5f != Targets[s][0] > 0.5f || a[0] == 0.5f) wrong++;
        }
        return (total, wrong);
    }

    [Fact]
    public void Two_hidden_sigmoid_units_learn_xor_with_online_sgd()
    {
        var net = new Xor221 { LearningRate = 2f };
        Draw(net.Parameters, seed: 3);
        int epoch = 0;
        for (; epoch < 20_000 && Evaluate(net).Loss >= 0.01f; epoch++)
            for (int s = 0; s < 4; s++) net.TrainStep(Inputs[s], Targets[s]);
        var (loss, wrong) = Evaluate(net);
        output.WriteLine($"2-2-1: total loss {loss:G4} after {epoch} epochs, {wrong} misclassified");
        Assert.True(loss < 0.01f, $"total loss {loss} after {epoch} epochs");
        Assert.Equal(0, wrong);
    }

    /// <summary>
    /// A single sigmoid neuron says "class 1" exactly when z = w₁x₁ + w₂x₂ + b > 0, a half-plane. XOR needs
    /// z(0,1) > 0 and z(1,0) > 0, whose sum is w₁ + w₂ + 2b > 0, and z(0,0) < 0 and z(1,1) < 0, whose sum is the
    /// same w₁ + w₂ + 2b, now < 0: a contradiction, so no line separates XOR and for ANY weights at least one sample
    /// is on the wrong side (a ≤ 0.5 for a 1, a ≥ 0.5 for a 0), costing at least ½·0.5² = 0.125. Training cannot
    /// change that; in practice it settles near a = 0.5 for every sample, a total loss of about 0.5.
    /// </summary>
    [Fact]
    public void A_single_sigmoid_neuron_cannot_learn_xor()
    {
        var net = new Xor21 { LearningRate = 2f };
        Draw(net.Parameters, seed: 3);
        float lowest = float.PositiveInfinity;
        for (int epoch = 0; epoch < 20_000; epoch++)
        {
            for (int s = 0; s < 4; s++) net.TrainStep(Inputs[s], Targets[s]);
            var (loss, wrong) = Evaluate(net);
            lowest = Math.Min(lowest, loss);
            Assert.True(wrong >= 1, $"epoch {epoch}: all four samples classified correctly, which no line can do");
            Assert.True(loss >= 0.125f, $"epoch {epoch}: loss {loss} below the proven bound 0.125");
        }
        var final = Evaluate(net);
        output.WriteLine($"2-1: final total loss {final.Loss:G4}, lowest {lowest:G4}, {final.Misclassified} misclassified");
        Assert.True(final.Loss > 0.45f, $"final total loss {final.Loss}");
    }
}
