using NetGen.Tests.Reference;

namespace NetGen.Tests.Runtime;

/// <summary>Checks the reference backpropagation against finite differences (double precision).</summary>
public class ReferenceGradientCheckTests
{
    [Theory]
    [InlineData(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 3)]
    [InlineData(Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 1)]
    [InlineData(Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3)]
    [InlineData(Activation.PReLU, Activation.Linear, Loss.HalfSquaredError, 2)]
    [InlineData(Activation.LeakyReLU, Activation.Tanh, Loss.Hinge, 1)]
    [InlineData(Activation.ReLU, Activation.Linear, Loss.MeanSquaredError, 3)]
    [InlineData(Activation.PiecewiseLinear, Activation.Linear, Loss.SquareLoss, 1)]
    [InlineData(Activation.Tanh, Activation.Softmax, Loss.HalfSquaredError, 3)]
    [InlineData(Activation.Sigmoid, Activation.Sigmoid, Loss.CrossEntropy, 3)]
    [InlineData(Activation.PReLU, Activation.PReLU, Loss.MeanSquaredError, 2)]
    public void BackpropagationMatchesFiniteDifferences(Activation hidden, Activation output, Loss loss, int outputs)
    {
        var arch = new NetworkArchitecture(3, loss, Precision.Double,
            new LayerDescription(5, hidden, true, 0.2),
            new LayerDescription(4, Activation.Tanh, false, 0.01),
            new LayerDescription(outputs, output, true, 0.3));
        var net = new ReferenceMlp<double>(arch).Initialize(Initializer.XavierUniform, 3);
        var random = new DeterministicRandom(11);
        // Move PReLU slopes and biases away from their initial values so their gradients are exercised.
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += random.NextUniform(-0.3, 0.3);
        double[] input = [0.7, -1.3, 0.4];
        double[] target = outputs == 1
            ? [loss is Loss.Hinge or Loss.SquareLoss ? -1.0 : 0.0]
            : loss == Loss.CrossEntropy ? OneHot(outputs, 1) : Enumerable.Range(0, outputs).Select(j => 0.3 * j - 0.2).ToArray();

        net.Backpropagate(input, target, accumulate: false);
        var analytic = (double[])net.Gradients.Clone();
        const double h = 1e-4;
        var prediction = new double[outputs];
        double LossAt()
        {
            net.Predict(input, prediction);
            return net.ComputeLoss(prediction, target);
        }
        for (int p = 0; p < net.Parameters.Length; p++)
        {
            double saved = net.Parameters[p];
            double F(double offset) { net.Parameters[p] = saved + offset; return LossAt(); }
            double numeric = (-F(2 * h) + 8 * F(h) - 8 * F(-h) + F(-2 * h)) / (12 * h);
            net.Parameters[p] = saved;
            double relative = Math.Abs(numeric - analytic[p]) / Math.Max(1e-5, Math.Abs(numeric) + Math.Abs(analytic[p]));
            Assert.True(relative <= 1e-6, $"parameter {p}: analytic {analytic[p]:R}, numeric {numeric:R}, relative error {relative:E2}");
        }
    }

    [Fact]
    public void AccumulateAddsAndOverwriteReplaces()
    {
        var arch = TestData.Mlp(2, Loss.HalfSquaredError, Precision.Double, (3, Activation.Tanh), (1, Activation.Linear));
        var net = TestData.Network<double>(arch);
        net.Backpropagate([0.5, -0.5], [1.0], accumulate: false);
        var once = (double[])net.Gradients.Clone();
        net.Backpropagate([0.5, -0.5], [1.0], accumulate: true);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], net.Gradients[i], 12);
        net.Backpropagate([0.5, -0.5], [1.0], accumulate: false);
        Assert.Equal(once, net.Gradients);
    }

    [Fact]
    public void ActivationsFollowTheCourseDefinitions()
    {
        Assert.Equal(0.5, ReferenceMlp<double>.Activate(Activation.Step, 0, 0));
        Assert.Equal(0.0, ReferenceMlp<double>.Activate(Activation.Step, -2, 0));
        Assert.Equal(-1.0, ReferenceMlp<double>.Activate(Activation.Sign, -0.1, 0));
        Assert.Equal(0.0, ReferenceMlp<double>.Activate(Activation.Sign, 0, 0));
        Assert.Equal(1.0, ReferenceMlp<double>.Activate(Activation.PiecewiseLinear, 0.7, 0));
        Assert.Equal(0.6, ReferenceMlp<double>.Activate(Activation.PiecewiseLinear, 0.1, 0), 12);
        Assert.Equal(-0.02, ReferenceMlp<double>.Activate(Activation.LeakyReLU, -2, 0.01), 12);
        Assert.Equal(0.0, ReferenceMlp<double>.Derivative(Activation.PiecewiseLinear, 0.6, 1, 0));
    }

    private static double[] OneHot(int n, int k)
    {
        var v = new double[n];
        v[k] = 1;
        return v;
    }
}
