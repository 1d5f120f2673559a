namespace NetGen.Tests.Runtime;

// Generated networks (float unless stated) for the learning-rate, dataset and message tests: one per target domain.

[Network(Loss.Hinge, LearningRate = 0.05)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Linear)]
public partial class HingeGuardNet;

[Network(Loss.SquareLoss, LearningRate = 0.05)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Tanh)]
public partial class SquareLossGuardNet;

[Network(Loss.CrossEntropy, LearningRate = 0.05)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class SoftmaxGuardNet;

[Network(Loss.BinaryCrossEntropy, LearningRate = 0.05)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class LogisticGuardNet;

[Network(Loss.HalfSquaredError, LearningRate = 0.05)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class RegressionGuardNet;

[Network(Loss.CrossEntropy, LearningRate = 0.05, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class SoftmaxGuardNetDouble;

/// <summary>Small valid datasets for the networks above.</summary>
internal static class GuardData
{
    /// <summary>rows × 3 inputs in [-1, 1]; targets from <paramref name="target"/>(row, column), <paramref name="width"/> per row.</summary>
    public static Dataset<T> Make<T>(int rows, int width, Func<int, int, double> target, int seed = 3)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new DeterministicRandom(seed);
        var x = new T[rows * 3];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateTruncating(random.NextUniform(-1, 1));
        var y = new T[rows * width];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < width; c++) y[r * width + c] = T.CreateTruncating(target(r, c));
        return new Dataset<T>(x, y, 3, width);
    }

    /// <summary>A valid target of <paramref name="loss"/> for row r, column c of a row of <paramref name="width"/> values.</summary>
    public static double ValidTarget(Loss loss, int width, int r, int c) => loss switch
    {
        Loss.Hinge or Loss.SquareLoss => (r + c) % 2 == 0 ? 1 : -1,
        Loss.CrossEntropy => r % width == c ? 1 : 0,
        Loss.BinaryCrossEntropy => r % 2,
        _ => (r - c) * 0.25,
    };
}
