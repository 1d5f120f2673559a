using NetGen.Tests.Networks;

namespace NetGen.Tests.Backprop;

/// <summary>The public entry points reject bad arguments with clear messages and never corrupt the parameters.</summary>
public sealed class BadInputTests
{
    private static void AssertUnchanged(float[] before, ReadOnlySpan<float> after) => Assert.Equal(before, after.ToArray());

    [Fact]
    public void Wrong_lengths_name_the_expected_length()
    {
        var net = new XorNet();
        var e = Assert.Throws<ArgumentException>(() => net.Predict(new float[3], new float[1]));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("hold 2 values", e.Message);
        Assert.Contains("holds 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.Predict(new float[2], new float[2]));
        Assert.Equal("output", e.ParamName);
        Assert.Contains("hold 1 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.TrainStep(new float[1], new float[1]));
        Assert.Contains("hold 2 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.TrainStep(new float[2], new float[3]));
        Assert.Equal("target", e.ParamName);
        Assert.Contains("hold 1 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.Backpropagate(new float[2], ReadOnlySpan<float>.Empty, false));
        Assert.Contains("hold 1 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => XorNet.ComputeLoss(new float[2], new float[1]));
        Assert.Contains("hold 1 values", e.Message);

        var iris = new IrisNet();
        e = Assert.Throws<ArgumentException>(() => iris.TrainStep(new float[5], 0));
        Assert.Contains("hold 4 values", e.Message);
        e = Assert.Throws<ArgumentException>(() => iris.PredictBatch(new float[9], new float[6]));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("rows of 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => iris.PredictBatch(new float[8], new float[7]));
        Assert.Equal("outputs", e.ParamName);
        Assert.Contains("hold 6 values", e.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_inputs_and_targets_are_rejected(float bad)
    {
        var net = new XorNet();
        var before = net.Parameters.ToArray();
        Assert.Throws<ArgumentException>(() => net.Predict([0, bad], new float[1]));
        Assert.Throws<ArgumentException>(() => net.PredictBatch([0, 1, bad, 0], new float[2]));
        var e = Assert.Throws<ArgumentException>(() => net.TrainStep([bad, 0], [1]));
        Assert.Contains("input[0]", e.Message);
        e = Assert.Throws<ArgumentException>(() => net.TrainStep([0, 1], [bad]));
        Assert.Contains("target[0]", e.Message);
        Assert.Throws<ArgumentException>(() => net.Backpropagate([0, 1], [bad], accumulate: false));
        Assert.Throws<ArgumentException>(() => net.Backpropagate([0, bad], [1], accumulate: false));
        AssertUnchanged(before, net.Parameters);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(2f)]
    [InlineData(-0.999f)]
    public void Hinge_and_square_loss_need_plus_or_minus_one(float bad)
    {
        var hinge = new FloatHinge();
        var e = Assert.Throws<ArgumentException>(() => hinge.TrainStep([0.1f, 0.2f], [1, bad]));
        Assert.Contains("target[1]", e.Message);
        Assert.Contains("-1 or +1", e.Message);
        var square = new FloatSquareLoss();
        e = Assert.Throws<ArgumentException>(() => square.Backpropagate([0.1f, 0.2f], [bad], accumulate: false));
        Assert.Contains("-1 or +1", e.Message);
        Assert.Throws<ArgumentException>(() => FloatSquareLoss.ComputeLoss([0.3f], [bad]));
        // ±1 are fine, and labels encode to ±1.
        hinge.TrainStep([0.1f, 0.2f], [1, -1]);
        square.TrainStep([0.1f, 0.2f], [-1]);
        hinge.TrainStep([0.1f, 0.2f], 1);
        square.TrainStep([0.1f, 0.2f], 0);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    public void Cross_entropy_targets_must_be_in_the_unit_interval(float bad)
    {
        var iris = new IrisNet();
        var e = Assert.Throws<ArgumentException>(() => iris.TrainStep(new float[4], [0, bad, 0]));
        Assert.Contains("between 0 and 1", e.Message);
        var bce = new FloatBce();
        e = Assert.Throws<ArgumentException>(() => bce.TrainStep([0, 1], [bad]));
        Assert.Contains("between 0 and 1", e.Message);
        Assert.Throws<ArgumentException>(() => IrisNet.ComputeLoss([0.2f, 0.3f, 0.5f], [bad, 0, 1]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void Class_labels_out_of_range_are_rejected(int label)
    {
        var iris = new IrisNet();
        var before = iris.Parameters.ToArray();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => iris.TrainStep(new float[4], label));
        Assert.Equal("label", e.ParamName);
        Assert.Contains("from 0 to 2", e.Message);
        AssertUnchanged(before, iris.Parameters);
        // A single output has two classes, 0 and 1.
        var xor = new XorNet();
        Assert.Throws<ArgumentOutOfRangeException>(() => xor.TrainStep([0, 1], label == 3 ? 2 : label));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Learning_rates_must_be_positive_and_finite(float bad)
    {
        var net = new XorNet();
        net.Backpropagate([0, 1], [1], accumulate: false);
        var before = net.Parameters.ToArray();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.ApplyGradients(bad));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => net.LearningRate = bad);
        Assert.Equal("LearningRate", e.ParamName);
        Assert.Equal(XorNet.DefaultLearningRate, net.LearningRate);
        AssertUnchanged(before, net.Parameters);
    }

    [Fact]
    public void Huge_inputs_make_the_step_diverge_and_leave_the_parameters_unchanged()
    {
        var net = new FloatLinear();
        var before = net.Parameters.ToArray();
        // Finite inputs, but ½(a − y)² overflows float.
        var e = Assert.Throws<ArithmeticException>(() => net.TrainStep([1e30f, -1e30f], [1]));
        Assert.Contains("diverged", e.Message);
        AssertUnchanged(before, net.Parameters);
        // The same holds for a double network with inputs near double's range (all weights 0.5: the outputs are
        // about 6e300, and their square overflows).
        var linear = new HidLinear();
        linear.Parameters.Fill(0.5);
        var beforeDouble = linear.Parameters.ToArray();
        Assert.Throws<ArithmeticException>(() => linear.TrainStep([1e300, 1e300, 1e300], [0, 0]));
        Assert.Equal(beforeDouble, linear.Parameters.ToArray());
    }

    [Fact]
    public void A_huge_learning_rate_diverges_without_touching_the_parameters()
    {
        var net = new FloatLinear { LearningRate = 1e30f };
        float[] before = [];
        var e = Assert.Throws<ArithmeticException>(() =>
        {
            for (int step = 0; step < 100; step++)
            {
                before = net.Parameters.ToArray();
                net.TrainStep([0.5f, -0.25f], [1]);
                Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p), "a step wrote a non-finite parameter without throwing"));
            }
        });
        Assert.Contains("diverged", e.Message);
        AssertUnchanged(before, net.Parameters);
    }

    [Fact]
    public void An_update_that_would_overflow_the_parameters_throws_and_leaves_them_unchanged()
    {
        // The loss and the gradient are finite, but θ − α g is not: that step has diverged too.
        var net = new FloatLinear { LearningRate = float.MaxValue };
        var before = net.Parameters.ToArray();
        // Gradients of several units (the inputs are 50): α·g is beyond float's range.
        Assert.Throws<ArithmeticException>(() => net.TrainStep([50f, -50f], [1]));
        AssertUnchanged(before, net.Parameters);
        net.Backpropagate([50f, -50f], [1], accumulate: false);
        Assert.All(net.Gradients.ToArray(), g => Assert.True(float.IsFinite(g)));
        Assert.Throws<ArithmeticException>(() => net.ApplyGradients(float.MaxValue));
        AssertUnchanged(before, net.Parameters);
    }
}
