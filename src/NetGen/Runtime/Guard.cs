using System.ComponentModel;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Argument checks that generated networks call at their public entry points, so every network reports bad
/// input with the same clear messages. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Guard
{
    /// <summary>Throws when a span does not have the length the network needs.</summary>
    public static void Length(int actual, int expected, string parameterName, string what)
    {
        if (actual != expected)
            throw new ArgumentException(
                $"Expected {parameterName} to hold {expected} values ({what}), but it holds {actual}.", parameterName);
    }

    /// <summary>Throws when a span of rows is not a whole number of rows of <paramref name="rowLength"/>.</summary>
    public static int Rows(int actual, int rowLength, string parameterName, string what)
    {
        if (actual % rowLength != 0)
            throw new ArgumentException(
                $"Expected {parameterName} to hold whole rows of {rowLength} values ({what}), but it holds {actual} values.", parameterName);
        return actual / rowLength;
    }

    /// <summary>Throws when a value is NaN or infinite (the documented policy: non-finite data is rejected).</summary>
    public static void Finite<T>(ReadOnlySpan<T> values, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (AllFinite(values)) return;
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
                throw new ArgumentException($"{parameterName}[{i}] is {values[i]}; inputs and targets must be finite numbers.", parameterName);
        }
    }

    /// <summary>
    /// Whether every value is finite, a vector at a time: <c>v · 0</c> is 0 for a finite lane and NaN for ±∞ or NaN,
    /// and a NaN survives the sum, so one comparison at the end answers for the whole span.
    /// </summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= 2 * Vector<T>.Count)
        {
            var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(values);
            Vector<T> sum0 = Vector<T>.Zero, sum1 = Vector<T>.Zero;
            int v = 0;
            for (; v + 2 <= vectors.Length; v += 2)
            {
                sum0 += vectors[v] * Vector<T>.Zero;
                sum1 += vectors[v + 1] * Vector<T>.Zero;
            }
            if (v < vectors.Length) sum0 += vectors[v] * Vector<T>.Zero;
            if (!Vector.EqualsAll(sum0 + sum1, Vector<T>.Zero)) return false;
            i = vectors.Length * Vector<T>.Count;
        }
        for (; i < values.Length; i++)
            if (!T.IsFinite(values[i])) return false;
        return true;
    }

    /// <summary>Throws when a target is outside the loss's domain.</summary>
    public static void Target<T>(ReadOnlySpan<T> target, Loss loss, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Finite(target, parameterName);
        for (int i = 0; i < target.Length; i++)
        {
            T y = target[i];
            bool ok = loss switch
            {
                Loss.CrossEntropy or Loss.BinaryCrossEntropy => y >= T.Zero && y <= T.One,
                Loss.Hinge or Loss.SquareLoss => y == T.One || y == -T.One,
                _ => true,
            };
            if (!ok)
                throw new ArgumentException(
                    $"{parameterName}[{i}] is {y}, but {loss} needs targets {(loss is Loss.Hinge or Loss.SquareLoss ? "of -1 or +1" : "between 0 and 1")}.",
                    parameterName);
        }
    }

    /// <summary>Throws when a class label is outside [0, classCount).</summary>
    public static void Label(int label, int classCount, string parameterName)
    {
        if ((uint)label >= (uint)classCount)
            throw new ArgumentOutOfRangeException(parameterName, label, $"Expected a class label from 0 to {classCount - 1}.");
    }

    /// <summary>Throws when a learning rate is not a positive finite number.</summary>
    public static void LearningRate<T>(T learningRate, string parameterName) where T : IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(learningRate) || learningRate <= T.Zero)
            throw new ArgumentOutOfRangeException(parameterName, learningRate, "The learning rate must be a positive, finite number.");
    }

    /// <summary>
    /// Throws before an update when the step's loss is not finite or when θ ← θ − α g would not leave every
    /// parameter finite (a NaN or infinite gradient, or a finite one that overflows with the learning rate), so a
    /// diverged step never reaches the weights.
    /// </summary>
    public static void FiniteStep<T>(T loss, ReadOnlySpan<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(loss))
            throw new ArithmeticException(
                $"The training step diverged (loss {loss}); the parameters were not updated. Lower the learning rate or scale the inputs.");
        FiniteUpdate(parameters, gradients, learningRate);
    }

    /// <summary>
    /// Throws when θ ← θ − α g could make a parameter NaN or infinite. The check is max|θ| + α·max|g| (vectorized,
    /// NaN-propagating): when that is finite every updated parameter is, since |θ − α g| ≤ |θ| + α|g| and rounding
    /// is monotonic. It only refuses finite updates within a rounding of the type's largest value.
    /// </summary>
    public static void FiniteUpdate<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> gradients, T learningRate)
        where T : IFloatingPointIeee754<T>
    {
        if (gradients.IsEmpty) return;
        T largestStep = learningRate * T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(gradients));
        T largestParameter = parameters.IsEmpty ? T.Zero : T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(parameters));
        if (!T.IsFinite(largestParameter + largestStep))
            throw new ArithmeticException(
                $"The training step diverged (largest gradient step {largestStep}); the parameters were not updated. Lower the learning rate or scale the inputs.");
    }
}
