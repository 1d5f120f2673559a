using System.Globalization;

namespace NetGen.Tests.Runtime;

/// <summary>
/// A learning rate (or optimizer coefficient) that is fine as a double but rounds to 0, a subnormal or 1 in the
/// network's precision is refused before training, wherever it enters: Guard (generated LearningRate/ApplyGradients),
/// TrainingOptions (LearningRate, the schedule's every epoch, β, μ, ε, weight decay) and Optimizer.Step.
/// </summary>
public sealed class LearningRatePrecisionTests
{
    // Doubles that a float network cannot use as a rate: 0 after rounding, or subnormal.
    private static readonly double[] UnusableInFloat =
        [1e-300, 1e-50, 1e-39, 1e-45, 5e-324, double.Epsilon, 1.1754942e-38 / 2, (double)float.Epsilon];

    // Doubles a float network can use: the smallest normal float and up.
    private static readonly double[] UsableInFloat = [1.1754943508222875e-38, 1e-30, 1e-8, 0.05, 3];

    [Fact]
    public void Guard_LearningRate_accepts_exactly_the_positive_normal_values()
    {
        float[] floats = [0f, -0f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, 1e-40f,
            BitConverter.Int32BitsToSingle(0x007FFFFF), float.MinValue, 1.17549435e-38f, 1e-30f, 0.01f, float.MaxValue];
        foreach (float rate in floats)
            CheckGuard(rate, float.IsNormal(rate) && rate > 0, "float");
        double[] doubles = [0, -0.0, -1, double.NaN, double.PositiveInfinity, double.Epsilon, 1e-310, 2.2250738585072014E-308, 1e-300, 0.01, double.MaxValue];
        foreach (double rate in doubles)
            CheckGuard(rate, double.IsNormal(rate) && rate > 0, "double");
    }

    private static void CheckGuard<T>(T rate, bool usable, string precision) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (usable)
        {
            Guard.LearningRate(rate, "learningRate");
            return;
        }
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Guard.LearningRate(rate, "learningRate"));
        Assert.Equal("learningRate", error.ParamName);
        Assert.Contains(rate.ToString(null, CultureInfo.InvariantCulture), error.Message);
        Assert.Contains(precision, error.Message);
    }

    [Fact]
    public void Generated_LearningRate_setter_and_ApplyGradients_refuse_subnormal_rates()
    {
        var net = new SoftmaxGuardNet();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.LearningRate = 1e-40f);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.LearningRate = float.Epsilon);
        Assert.Equal(0.05f, net.LearningRate);
        var before = net.Parameters.ToArray();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.ApplyGradients(1e-42f));
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void Fit_refuses_every_rate_that_is_unusable_in_the_networks_precision_before_training()
    {
        var data = GuardData.Make<float>(12, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c));
        foreach (var optimizer in Enum.GetValues<OptimizerKind>())
        {
            foreach (double rate in UnusableInFloat)
            {
                var net = new SoftmaxGuardNet();
                var before = net.Parameters.ToArray();
                var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
                    net.Fit(data, new TrainingOptions { LearningRate = rate, Optimizer = optimizer, Epochs = 2, BatchSize = 4 }));
                Assert.Equal("LearningRate", error.ParamName);
                Assert.Contains(rate.ToString(CultureInfo.InvariantCulture), error.Message);
                Assert.Contains("float", error.Message);
                Assert.Equal(before, net.Parameters.ToArray());
            }
            foreach (double rate in UsableInFloat)
                new SoftmaxGuardNet().Fit(data, new TrainingOptions { LearningRate = rate, Optimizer = optimizer, Epochs = 1, BatchSize = 4 });
        }
    }

    [Fact]
    public void A_rate_that_is_only_unusable_in_float_is_fine_for_a_double_network()
    {
        var data = GuardData.Make<double>(12, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c));
        new SoftmaxGuardNetDouble().Fit(data, new TrainingOptions { LearningRate = 1e-300, Epochs = 1, BatchSize = 4 });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SoftmaxGuardNetDouble().Fit(data, new TrainingOptions { LearningRate = 1e-310, Epochs = 1, BatchSize = 4 }));
        Assert.Contains("double", error.Message);
    }

    [Fact]
    public void A_schedule_that_decays_the_rate_below_a_normal_value_is_refused_naming_the_first_such_epoch()
    {
        var data = GuardData.Make<float>(12, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c));
        var random = new Random(20261201);
        for (int trial = 0; trial < 60; trial++)
        {
            int stepSize = random.Next(1, 5), epochs = random.Next(1, 40);
            double gamma = Math.Pow(10, -random.Next(1, 16)) * (1 + random.NextDouble()) / 2, baseRate = 0.1;
            var schedule = LearningRateSchedule.StepDecay(stepSize, gamma);
            int? firstBad = Enumerable.Range(1, epochs).Cast<int?>()
                .FirstOrDefault(e => !float.IsNormal((float)schedule.RateAt(baseRate, e!.Value)));
            var options = new TrainingOptions { LearningRate = baseRate, Schedule = schedule, Epochs = epochs, BatchSize = 4 };
            var net = new SoftmaxGuardNet();
            var before = net.Parameters.ToArray();
            if (firstBad is null)
            {
                net.Fit(data, options);
                continue;
            }
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(data, options));
            Assert.Equal("Schedule", error.ParamName);
            Assert.Contains($"by epoch {firstBad} of {epochs}", error.Message);
            Assert.Equal(before, net.Parameters.ToArray());
        }
    }

    [Theory]
    [InlineData("Beta1", 0.999999999)]
    [InlineData("Beta2", 0.99999999)]
    [InlineData("Momentum", 0.9999999999)]
    [InlineData("Epsilon", 1e-50)]
    [InlineData("Epsilon", 1e-40)]
    [InlineData("WeightDecay", 1e-60)]
    public void Optimizer_coefficients_that_round_badly_in_float_are_refused_but_fine_in_double(string option, double value)
    {
        var options = option switch
        {
            "Beta1" => new TrainingOptions { Beta1 = value },
            "Beta2" => new TrainingOptions { Beta2 = value },
            "Momentum" => new TrainingOptions { Momentum = value },
            "Epsilon" => new TrainingOptions { Epsilon = value },
            _ => new TrainingOptions { WeightDecay = value },
        } with { Optimizer = OptimizerKind.Adam, Epochs = 1, BatchSize = 4 };
        var floats = GuardData.Make<float>(12, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SoftmaxGuardNet().Fit(floats, options));
        Assert.Equal(option, error.ParamName);
        Assert.Contains("float", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Optimizer<float>(SoftmaxGuardNet.Architecture, options));
        var doubles = GuardData.Make<double>(12, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c));
        new SoftmaxGuardNetDouble().Fit(doubles, options);
    }

    [Fact]
    public void Optimizer_Step_refuses_a_rate_that_changes_nothing()
    {
        var optimizer = new Optimizer<float>(SoftmaxGuardNet.Architecture, new TrainingOptions { Optimizer = OptimizerKind.Adam });
        var parameters = new float[SoftmaxGuardNet.ParameterCount];
        var gradients = Enumerable.Repeat(1f, parameters.Length).ToArray();
        foreach (float rate in new[] { 0f, 1e-40f, float.Epsilon, -1f, float.NaN })
            Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Step(parameters, gradients, rate, 1f));
        Assert.Equal(0, optimizer.StepCount);
        Assert.All(parameters, p => Assert.Equal(0f, p));
    }
}
