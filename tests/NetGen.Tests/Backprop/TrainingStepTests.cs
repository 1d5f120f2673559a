using NetGen.Tests.Networks;
using static NetGen.Tests.Backprop.TestKit;

namespace NetGen.Tests.Backprop;

/// <summary>Batch inference, gradient accumulation, and that a small step goes downhill.</summary>
public sealed class TrainingStepTests
{
    public static TheoryData<string> Networks => new()
    {
        "HidTanh", "HidPReLU", "OutSoftmaxCe", "OutSoftmaxMse", "OutSigmoidBce", "OutTanhSquareLoss", "OutLinearHinge",
        "ShapeDeep", "ShapeNoBias", "ShapeVectorized", "ShapeVectorizedPReLU", "ShapeVectorizedSoftmax", "ShapeForcedVectorized",
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void PredictBatch_equals_row_by_row_Predict_bit_for_bit(string network) =>
        Dispatch(typeof(TrainingStepTests), nameof(CheckBatch), network);

    private static void CheckBatch<TNet>() where TNet : INetwork<double>, new()
    {
        var arch = new TNet().Architecture;
        var net = new TNet();
        var rng = new Random(5);
        RandomParameters(arch, net.Parameters, rng);
        const int rows = 7;
        var inputs = new double[rows * arch.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = 4 * rng.NextDouble() - 2;
        var batch = new double[rows * arch.OutputSize];
        net.PredictBatch(inputs, batch);
        var one = new double[arch.OutputSize];
        for (int r = 0; r < rows; r++)
        {
            net.Predict(inputs.AsSpan(r * arch.InputSize, arch.InputSize), one);
            Assert.Equal(one, batch.AsSpan(r * arch.OutputSize, arch.OutputSize).ToArray());
        }
        net.PredictBatch(ReadOnlySpan<double>.Empty, Span<double>.Empty); // zero rows is fine
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) net.PredictBatch(inputs, batch);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PredictBatch_matches_Predict_for_float_networks()
    {
        var digits = new DigitsNet();
        var rng = new Random(9);
        var inputs = new float[5 * DigitsNet.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)rng.NextDouble();
        var batch = new float[5 * DigitsNet.OutputSize];
        digits.PredictBatch(inputs, batch);
        var one = new float[DigitsNet.OutputSize];
        for (int r = 0; r < 5; r++)
        {
            digits.Predict(inputs.AsSpan(r * DigitsNet.InputSize, DigitsNet.InputSize), one);
            Assert.Equal(one, batch.AsSpan(r * DigitsNet.OutputSize, DigitsNet.OutputSize).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void One_small_step_reduces_the_loss(string network) =>
        Dispatch(typeof(TrainingStepTests), nameof(CheckOneStep), network);

    private static void CheckOneStep<TNet>() where TNet : INetwork<double>, new()
    {
        var arch = new TNet().Architecture;
        var net = new TNet { LearningRate = 1e-3 };
        var rng = new Random(11);
        var a = new double[arch.OutputSize];
        for (int trial = 0; trial < 5; trial++)
        {
            var (x, y) = GradientCheckTests.Draw(arch, net.Parameters, rng);
            net.Predict(x, a);
            double before = net.ComputeLoss(a, y);
            double reported = net.TrainStep(x, y);
            Assert.Equal(before, reported, 1e-12);
            net.Predict(x, a);
            double after = net.ComputeLoss(a, y);
            if (net.Gradients.ToArray().Any(g => g != 0)) Assert.True(after < before, $"trial {trial}: loss {before} -> {after}");
            else Assert.Equal(before, after);
        }
    }

    [Fact]
    public void One_small_step_reduces_the_loss_of_float_networks()
    {
        var iris = new IrisNet { LearningRate = 1e-2f };
        float[] x = [5.1f, 3.5f, 1.4f, 0.2f];
        var a = new float[3];
        iris.Predict(x, a);
        float before = IrisNet.ComputeLoss(a, [1, 0, 0]);
        iris.TrainStep(x, 0);
        iris.Predict(x, a);
        Assert.True(IrisNet.ComputeLoss(a, [1, 0, 0]) < before);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Accumulate_adds_and_not_accumulating_overwrites(string network) =>
        Dispatch(typeof(TrainingStepTests), nameof(CheckAccumulate), network);

    private static void CheckAccumulate<TNet>() where TNet : INetwork<double>, new()
    {
        var arch = new TNet().Architecture;
        var net = new TNet();
        var rng = new Random(13);
        var (x1, y1) = GradientCheckTests.Draw(arch, net.Parameters, rng);
        var x2 = RandomInput(arch, rng);
        var y2 = RandomTarget(arch, rng);
        double l1 = net.Backpropagate(x1, y1, accumulate: false);
        var g1 = net.Gradients.ToArray();
        double l2 = net.Backpropagate(x2, y2, accumulate: false);
        var g2 = net.Gradients.ToArray();
        // Not accumulating overwrites whatever was there, so this equals g2 alone bit for bit.
        net.Backpropagate(x1, y1, accumulate: true);
        net.Backpropagate(x2, y2, accumulate: false);
        Assert.Equal(g2, net.Gradients.ToArray());
        // Accumulating adds: g1 then + g2.
        Assert.Equal(l1, net.Backpropagate(x1, y1, accumulate: false));
        Assert.Equal(l2, net.Backpropagate(x2, y2, accumulate: true));
        var sum = net.Gradients.ToArray();
        for (int k = 0; k < sum.Length; k++)
            Assert.True(Math.Abs(sum[k] - (g1[k] + g2[k])) <= 1e-15 * (Math.Abs(g1[k]) + Math.Abs(g2[k])), $"parameter {k}: {sum[k]} != {g1[k]} + {g2[k]}");
        // And a third sample keeps adding.
        net.Backpropagate(x1, y1, accumulate: true);
        var three = net.Gradients.ToArray();
        for (int k = 0; k < three.Length; k++)
            Assert.Equal(sum[k] + g1[k], three[k], (Math.Abs(sum[k]) + Math.Abs(g1[k])) * 1e-15 + 1e-300); // kernels add with a fused multiply-add
    }
}
