namespace NetGen.Tests.Runtime;

public class OptimizerTests
{
    private static readonly NetworkArchitecture Arch = new(1, Loss.HalfSquaredError, Precision.Double,
        new LayerDescription(1, Activation.PReLU, true, 0.1));

    [Fact]
    public void SgdScalesTheGradient()
    {
        var o = new Optimizer<double>(Arch, new TrainingOptions { Optimizer = OptimizerKind.Sgd });
        double[] p = [1, 2, 3];
        o.Step(p, [4, 8, -4], 0.5, 0.25);
        Assert.Equal([0.5, 1.0, 3.5], p);
    }

    [Fact]
    public void MomentumAccumulatesVelocity()
    {
        var o = new Optimizer<double>(Arch, new TrainingOptions { Optimizer = OptimizerKind.Momentum, Momentum = 0.5 });
        double[] p = [0, 0, 0];
        o.Step(p, [1, 1, 1], 1, 1);
        o.Step(p, [1, 1, 1], 1, 1);
        Assert.Equal([-2.5, -2.5, -2.5], p); // v = 1, then 1.5
        o.Reset();
        o.Step(p, [1, 1, 1], 1, 1);
        Assert.Equal(-3.5, p[0]);
    }

    [Fact]
    public void AdamFirstStepIsTheLearningRateTimesTheSign()
    {
        var o = new Optimizer<double>(Arch, new TrainingOptions { Optimizer = OptimizerKind.Adam });
        double[] p = [0, 0, 0];
        o.Step(p, [3, -0.001, 0], 0.1, 1);
        Assert.Equal(-0.1, p[0], 6);
        Assert.Equal(0.1, p[1], 4);
        Assert.Equal(0.0, p[2]);
        Assert.Equal(1, o.StepCount);
    }

    [Fact]
    public void WeightDecayIsCoupledAndAppliesToWeightsOnly()
    {
        var o = new Optimizer<double>(Arch, new TrainingOptions { Optimizer = OptimizerKind.Sgd, WeightDecay = 0.1 });
        double[] p = [2, 2, 2]; // weight, bias, PReLU slope
        o.Step(p, [0, 0, 0], 1, 1);
        Assert.Equal([1.8, 2.0, 2.0], p);
    }
}
