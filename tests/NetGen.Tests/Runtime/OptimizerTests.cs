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

/// <summary>
/// The vectorized <see cref="Optimizer{T}.Step"/> (tail included) against the class summary's formulas written as a
/// plain scalar loop: the same bits after every step, for every optimizer, with and without weight decay.
/// </summary>
public class OptimizerAgreesWithTheScalarFormulasTests
{
    // 23 → 13 → 3: 312 + 42 = 354 parameters, not a multiple of any vector width.
    private static readonly NetworkArchitecture Arch = new(23, Loss.CrossEntropy, Precision.Single,
        new LayerDescription(13, Activation.PReLU, true, 0.1), new LayerDescription(3, Activation.Softmax, true, 0));

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.0)]
    [InlineData(OptimizerKind.Sgd, 0.01)]
    [InlineData(OptimizerKind.Momentum, 0.0)]
    [InlineData(OptimizerKind.Momentum, 0.01)]
    [InlineData(OptimizerKind.Adam, 0.0)]
    [InlineData(OptimizerKind.Adam, 0.01)]
    public void Vector_steps_equal_the_scalar_formulas_bit_for_bit(OptimizerKind kind, double weightDecay)
    {
        var options = new TrainingOptions { Optimizer = kind, WeightDecay = weightDecay, Momentum = 0.8, Beta1 = 0.85, Beta2 = 0.99 };
        var optimizer = new Optimizer<float>(Arch, options);
        int count = Arch.ParameterCount;
        var random = new Random(count + (int)kind);
        var actual = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var expected = (float[])actual.Clone();
        var decay = new float[count];
        for (int l = 0; l < Arch.Layers.Count; l++)
            decay.AsSpan(Arch.WeightOffset(l), Arch.WeightCount(l)).Fill((float)weightDecay);
        float[] velocity = new float[count], m = new float[count], v = new float[count];
        float beta1 = 0.85f, beta2 = 0.99f, beta1Power = 1, beta2Power = 1, momentum = 0.8f, epsilon = (float)1e-8;

        for (int step = 0; step < 5; step++)
        {
            var gradients = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            float rate = 0.01f * (step + 1), scale = 1f / (step + 2);
            optimizer.Step(actual, gradients, rate, scale);

            beta1Power *= beta1;
            beta2Power *= beta2;
            float correction1 = 1f / (1f - beta1Power), correction2 = 1f / (1f - beta2Power);
            for (int i = 0; i < count; i++)
            {
                float g = scale * gradients[i];
                if (weightDecay > 0) g += decay[i] * expected[i];
                switch (kind)
                {
                    case OptimizerKind.Sgd:
                        expected[i] = MathF.FusedMultiplyAdd(-rate, g, expected[i]);
                        break;
                    case OptimizerKind.Momentum:
                        velocity[i] = momentum * velocity[i] + g;
                        expected[i] -= rate * velocity[i];
                        break;
                    default:
                        m[i] = beta1 * m[i] + (1f - beta1) * g;
                        v[i] = beta2 * v[i] + (1f - beta2) * g * g;
                        expected[i] -= rate * (m[i] * correction1) / (MathF.Sqrt(v[i] * correction2) + epsilon);
                        break;
                }
            }
            Assert.Equal(expected, actual);
        }
    }
}
