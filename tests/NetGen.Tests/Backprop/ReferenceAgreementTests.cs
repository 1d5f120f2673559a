using System.Numerics;
using NetGen.Tests.Networks;
using NetGen.Tests.Reference;

namespace NetGen.Tests.Backprop;

/// <summary>
/// The generated code and the plain reference MLP (arrays and loops, the course's fc/bc functions) take the same
/// 100 training steps from the same weights; their parameters agree after every step.
/// </summary>
public class ReferenceAgreementTests
{
    [Fact]
    public void Xor_net_agrees_with_the_reference() =>
        Agree(new XorNet(), n => n.Parameters, (n, x, y) => n.TrainStep(x, y), XorNet.Architecture, XorNet.DefaultLearningRate, seed: 1);

    [Fact]
    public void Iris_net_agrees_with_the_reference() =>
        Agree(new IrisNet(), n => n.Parameters, (n, x, y) => n.TrainStep(x, y), IrisNet.Architecture, IrisNet.DefaultLearningRate, seed: 2, oneHot: true);

    [Fact]
    public void Vectorized_digits_net_agrees_with_the_reference() =>
        Agree(new DigitsNet(), n => n.Parameters, (n, x, y) => n.TrainStep(x, y), DigitsNet.Architecture, DigitsNet.DefaultLearningRate, seed: 3, oneHot: true);

    [Fact]
    public void Double_regression_net_agrees_with_the_reference() =>
        Agree(new RegressionNet(), n => n.Parameters, (n, x, y) => n.TrainStep(x, y), RegressionNet.Architecture, 0.01, seed: 4);

    private delegate T Step<TNet, T>(TNet net, ReadOnlySpan<T> input, ReadOnlySpan<T> target);

    private static void Agree<TNet, T>(TNet generated, Func<TNet, Span<T>> parameters, Step<TNet, T> step,
        NetworkArchitecture architecture, double learningRate, int seed, bool oneHot = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reference = new ReferenceMlp<T>(architecture);
        parameters(generated).CopyTo(reference.Parameters);
        var random = new DeterministicRandom(seed);
        var input = new T[architecture.InputSize];
        var target = new T[architecture.OutputSize];
        T rate = T.CreateChecked(learningRate);
        double tolerance = typeof(T) == typeof(float) ? 1e-5 : 1e-12;

        for (int stepIndex = 1; stepIndex <= 100; stepIndex++)
        {
            for (int i = 0; i < input.Length; i++) input[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
            if (oneHot)
            {
                Array.Clear(target);
                target[random.NextInt(target.Length)] = T.One;
            }
            else
            {
                for (int j = 0; j < target.Length; j++) target[j] = T.CreateChecked(random.NextDouble());
            }

            T generatedLoss = step(generated, input, target);
            T referenceLoss = reference.Backpropagate(input, target, accumulate: false);
            for (int k = 0; k < reference.Parameters.Length; k++) reference.Parameters[k] -= rate * reference.Gradients[k];

            Assert.True(Close(double.CreateChecked(generatedLoss), double.CreateChecked(referenceLoss), tolerance),
                $"step {stepIndex}: loss {generatedLoss} vs reference {referenceLoss}");
            var actual = parameters(generated);
            for (int k = 0; k < actual.Length; k++)
            {
                double a = double.CreateChecked(actual[k]), b = double.CreateChecked(reference.Parameters[k]);
                Assert.True(Close(a, b, tolerance), $"step {stepIndex}, parameter {k}: {a} vs reference {b}");
            }
        }
    }

    /// <summary>
    /// Relative agreement. Near zero, relative error measures only rounding noise of a different summation order,
    /// so values smaller than 0.05 (a fraction of the initial weight scale) are compared on the scale of 0.05.
    /// </summary>
    private static bool Close(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= tolerance * Math.Max(0.05, Math.Max(Math.Abs(a), Math.Abs(b)));
}
