using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// Argument checks that generated networks call at their public entry points, so every network reports bad
/// input with the same clear messages. Not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Guard
{
    /// <summary>Throws when a span does not have the length the network needs.</summary>
    /// <remarks>
    /// Inlined into every entry point (one compare), with the message built out of line. The <c>throw</c> stays here,
    /// in the caller: the JIT then knows the length equals the (constant) expected one after the check, and drops the
    /// bounds checks and size tests of the code that follows (a call that merely throws does not tell it that).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Length(int actual, int expected, string parameterName, string what)
    {
        if (actual != expected) throw LengthException(actual, expected, parameterName, what);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException LengthException(int actual, int expected, string parameterName, string what) =>
        new(Invariant($"Expected {parameterName} to hold {expected} values ({what}), but it holds {actual}."), parameterName);

    /// <summary>Throws when a span of rows is not a whole number of rows of <paramref name="rowLength"/>.</summary>
    public static int Rows(int actual, int rowLength, string parameterName, string what)
    {
        if (actual % rowLength != 0)
            throw new ArgumentException(
                Invariant($"Expected {parameterName} to hold whole rows of {rowLength} values ({what}), but it holds {actual} values."), parameterName);
        return actual / rowLength;
    }

    /// <summary>Throws when a value is NaN or infinite (the documented policy: non-finite data is rejected).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Finite<T>(ReadOnlySpan<T> values, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!AllFinite(values)) ThrowNotFinite(values, parameterName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite<T>(ReadOnlySpan<T> values, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
                throw new ArgumentException(Invariant($"{parameterName}[{i}] is {values[i]}; inputs and targets must be finite numbers."), parameterName);
        }
    }

    /// <summary>
    /// Whether every value is finite, a vector at a time: <c>v − v</c> is +0 for a finite lane and NaN for ±∞ or NaN,
    /// and a NaN survives an OR of the bits, so one comparison at the end answers for the whole span. A span that is
    /// not a whole number of vectors ends with one vector over its last elements (a few of them checked twice).
    /// </summary>
    /// <remarks>
    /// Inlined: a span shorter than a vector (a small network's input or target, whose length the JIT knows after
    /// <see cref="Length"/>) is a short scalar loop in place, not a call; longer spans call the vector loop.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count) return AllFiniteVectors(values);
        ref T v = ref MemoryMarshal.GetReference(values);
        T bad = T.Zero;
        for (int k = 0; k < values.Length; k++) bad += Unsafe.Add(ref v, k) - Unsafe.Add(ref v, k);
        return bad == T.Zero;
    }

    /// <summary>The vector loop of <see cref="AllFinite{T}"/>, for at least one vector's worth of values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllFiniteVectors<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = values.Length, width = Vector<T>.Count;
        ref T v = ref MemoryMarshal.GetReference(values);
        var last = Vector.LoadUnsafe(ref v, (nuint)(length - width));
        Vector<T> bad0 = last - last, bad1 = Vector<T>.Zero;
        int i = 0;
        for (; i + 2 * width <= length; i += 2 * width)
        {
            var x0 = Vector.LoadUnsafe(ref v, (nuint)i);
            var x1 = Vector.LoadUnsafe(ref v, (nuint)(i + width));
            bad0 |= x0 - x0;
            bad1 |= x1 - x1;
        }
        if (i + width <= length)
        {
            var x = Vector.LoadUnsafe(ref v, (nuint)i);
            bad0 |= x - x;
        }
        return Vector.EqualsAll(bad0 | bad1, Vector<T>.Zero);
    }

    /// <summary>
    /// <see cref="Finite{T}"/> on <paramref name="input"/> and <see cref="Target{T}"/> on <paramref name="target"/>, with
    /// one vectorized test of both on the way in (a training step's per-sample checks); the messages only when it fails.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sample<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Loss loss) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(AllFinite(input) & RowCheck.TargetsValid(target, loss))) ThrowSample(input, target, loss);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSample<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Loss loss) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Finite(input, "input");
        Target(target, loss, "target");
    }

    /// <summary>Throws when a target is outside the loss's domain.</summary>
    public static void Target<T>(ReadOnlySpan<T> target, Loss loss, string parameterName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Finite(target, parameterName);
        for (int i = 0; i < target.Length; i++)
        {
            if (!InTargetDomain(target[i], loss))
                throw new ArgumentException(Invariant($"{parameterName}[{i}] is {target[i]}, but {loss} {TargetDomain(loss)}."), parameterName);
        }
    }

    /// <summary>Whether a finite target value is one <paramref name="loss"/> is defined for.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool InTargetDomain<T>(T y, Loss loss) where T : IFloatingPointIeee754<T> => loss switch
    {
        Loss.CrossEntropy or Loss.BinaryCrossEntropy => y >= T.Zero && y <= T.One,
        Loss.Hinge or Loss.SquareLoss => y == T.One || y == -T.One,
        _ => true,
    };

    /// <summary>Whether <paramref name="loss"/> restricts its targets at all (so a dataset check can skip the loop).</summary>
    internal static bool RestrictsTargets(Loss loss) => loss is Loss.CrossEntropy or Loss.BinaryCrossEntropy or Loss.Hinge or Loss.SquareLoss;

    /// <summary>The target rule of <paramref name="loss"/>, to follow its name in a message.</summary>
    internal static string TargetDomain(Loss loss) =>
        loss is Loss.Hinge or Loss.SquareLoss ? "needs targets of -1 or +1" : "needs targets between 0 and 1";

    /// <summary>Throws when a class label is outside [0, classCount).</summary>
    public static void Label(int label, int classCount, string parameterName)
    {
        if ((uint)label >= (uint)classCount)
            throw NumberFormat.OutOfRange(parameterName, label, Invariant($"Expected a class label from 0 to {classCount - 1}."));
    }

    /// <summary>
    /// Throws when a learning rate is not a positive, finite, normal number of <typeparamref name="T"/>: zero, a
    /// subnormal (1e-45 in float) or anything smaller would train for epochs and change nothing, silently.
    /// </summary>
    public static void LearningRate<T>(T learningRate, string parameterName) where T : IFloatingPointIeee754<T>
    {
        if (T.IsNormal(learningRate) && learningRate > T.Zero) return;
        string problem = T.IsNaN(learningRate) ? "not a number"
            : T.IsInfinity(learningRate) ? "infinite"
            : learningRate <= T.Zero ? "not positive"
            : $"a subnormal {FloatingPoint<T>.Name} value, too small to change the parameters";
        throw NumberFormat.OutOfRange(parameterName, learningRate,
            $"The learning rate {NumberFormat.Of(learningRate)} is {problem}; it must be {FloatingPoint<T>.PositiveNormalRule}.");
    }

    /// <summary>
    /// Throws when a learning rate given as a <see cref="double"/> (options, schedules) is not a positive normal
    /// number once converted to the network's <typeparamref name="T"/>: 1e-300 is a fine double but 0 as a float.
    /// </summary>
    internal static void LearningRateIn<T>(double learningRate, string parameterName, string what) where T : IFloatingPointIeee754<T>
    {
        if (FloatingPoint<T>.PositiveNormalProblem(learningRate) is not { } problem) return;
        throw NumberFormat.OutOfRange(parameterName, learningRate,
            $"{what} {NumberFormat.Of(learningRate)} is {problem}; for a {FloatingPoint<T>.Name} network it must be {FloatingPoint<T>.PositiveNormalRule}.");
    }

    /// <summary>
    /// Throws when the buffers given to a network's <c>BackpropagateBatch(inputs, targets, count, gradients,
    /// workspace, accumulate)</c> cannot hold <paramref name="count"/> rows: a negative count, fewer than
    /// <paramref name="count"/> rows of <paramref name="inputSize"/> inputs or <paramref name="outputSize"/> targets,
    /// fewer than <paramref name="parameterCount"/> gradients, or less workspace than
    /// <c>count × workspacePerRow + workspaceFixed</c>. Longer buffers are fine (only the first rows are used).
    /// Products are computed in 64 bits, so a huge count is reported instead of overflowing.
    /// </summary>
    public static void BatchShape<T>(int count, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> gradients, ReadOnlySpan<T> workspace,
        int inputSize, int outputSize, int parameterCount, int workspacePerRow, int workspaceFixed)
    {
        if (count < 0)
            throw NumberFormat.OutOfRange(nameof(count), count, "The batch row count must be at least 0.");
        RowsAvailable(inputs.Length, count, inputSize, nameof(inputs), "inputs");
        RowsAvailable(targets.Length, count, outputSize, nameof(targets), "targets");
        if (gradients.Length < parameterCount)
            throw new ArgumentException(
                Invariant($"Expected gradients to hold at least {parameterCount} values (one per parameter), but it holds {gradients.Length}."), nameof(gradients));
        long needed = (long)count * workspacePerRow + workspaceFixed;
        if (workspace.Length < needed)
            throw new ArgumentException(
                Invariant($"A batch of {count} rows needs a workspace of {needed} values ({count} × {workspacePerRow} + {workspaceFixed}), but it holds {workspace.Length}."),
                nameof(workspace));
    }

    private static void RowsAvailable(int length, int count, int rowLength, string parameterName, string what)
    {
        long needed = (long)count * rowLength;
        if (length < needed)
            throw new ArgumentException(
                Invariant($"A batch of {count} rows needs {needed} {what} ({count} × {rowLength}), but {parameterName} holds {length} values ({length / Math.Max(1, rowLength)} whole rows)."),
                parameterName);
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
                Invariant($"The training step diverged (loss {loss}); the parameters were not updated. Lower the learning rate or scale the inputs."));
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
                Invariant($"The training step diverged (largest gradient step {largestStep}); the parameters were not updated. Lower the learning rate or scale the inputs."));
    }
}
