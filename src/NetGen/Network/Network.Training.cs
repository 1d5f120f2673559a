using System.Runtime.CompilerServices;

namespace NetGen;

public abstract partial class Network<TKernels, T>
{
    private int _epochsTrained;
    private double? _trainedLearningRate;

    /// <summary>
    /// The declared loss, read once: a static readonly field is a constant to the optimizing JIT, so the per-sample
    /// target check of <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/> compiles to the one loss's test only
    /// (through <c>Architecture</c>, an object, it was a load and a switch over every loss on each step).
    /// </summary>
    private static readonly Loss DeclaredLoss = default(TKernels).Architecture.Loss;

    /// <summary>Number of classes a label may name: the outputs, or 2 for a single output.</summary>
    private static int Classes => default(TKernels).OutputSize == 1 ? 2 : default(TKernels).OutputSize;

    /// <summary>Forward, backward and update for one sample; returns the sample's loss before the update.</summary>
    /// <exception cref="ArgumentException">A length is wrong, a value is not finite, or the target is outside the loss's domain.</exception>
    /// <exception cref="ArithmeticException">The loss or the update is not finite; the parameters are unchanged.</exception>
    public T TrainStep(ReadOnlySpan<T> input, ReadOnlySpan<T> target)
    {
        T loss = Backpropagate(input, target, accumulate: false);
        if (!T.IsFinite(loss) || !GradientStep.TryApply<T>(Parameters, _gradients, _learningRate))
        {
            // The exact check failed (nothing was written), so the bound-based guard throws with its explanation.
            Guard.FiniteStep(loss, Parameters, _gradients, _learningRate);
            throw new ArithmeticException("The training step diverged; the parameters were not updated. Lower the learning rate or scale the inputs.");
        }
        _trainedLearningRate = null; // the file records LearningRate, the rate of this step
        return loss;
    }

    /// <summary><see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/> with the target encoded from a class label (see <see cref="EncodeLabel"/>).</summary>
    public T TrainStep(ReadOnlySpan<T> input, int label)
    {
        EncodeLabel(label, _target);
        return TrainStep(input, _target);
    }

    /// <summary>
    /// Writes the target for <paramref name="label"/>: one-hot for several outputs, 1 or 0 for a single one; with hinge
    /// or square loss, −1 takes the place of 0.
    /// </summary>
    public static void EncodeLabel(int label, Span<T> target)
    {
        var kernels = default(TKernels);
        Guard.Label(label, Classes, nameof(label));
        Guard.Length(target.Length, kernels.OutputSize, nameof(target), "the network's output size");
        T off = kernels.Architecture.Loss is Loss.Hinge or Loss.SquareLoss ? -T.One : T.Zero;
        if (kernels.OutputSize == 1)
        {
            target[0] = label == 1 ? T.One : off;
            return;
        }
        target.Fill(off);
        target[label] = T.One;
    }

    /// <summary>
    /// Forward and backward pass for one sample: writes its gradient into <see cref="Gradients"/>, or adds it there
    /// when <paramref name="accumulate"/> is true (for batches). Returns the sample's loss.
    /// </summary>
    /// <remarks>
    /// Never inlined: inlined into <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, with the checked update
    /// called after it in the same frame, T1's step took 88.6 ns on Zen 4 against 72.9 ns as a call (medians of six
    /// fresh processes each; T2 and T3 the same either way; the cause was not found).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Backpropagate(ReadOnlySpan<T> input, ReadOnlySpan<T> target, bool accumulate)
    {
        var kernels = default(TKernels);
        Guard.Length(input.Length, kernels.InputSize, nameof(input), "the network's input size");
        Guard.Length(target.Length, kernels.OutputSize, nameof(target), "the network's output size");
        Guard.Sample(input, target, DeclaredLoss);
        return kernels.Backpropagate(Parameters, _gradients, input, target, _workspace, accumulate);
    }

    /// <summary>θ ← θ − α g with the current <see cref="Gradients"/>.</summary>
    /// <exception cref="ArithmeticException">The update would make a parameter non-finite; the parameters are unchanged.</exception>
    public void ApplyGradients(T learningRate)
    {
        Guard.LearningRate(learningRate, nameof(learningRate));
        if (!GradientStep.TryApply<T>(Parameters, _gradients, learningRate))
        {
            Guard.FiniteUpdate<T>(Parameters, _gradients, learningRate);
            throw new ArithmeticException("The update would make a parameter non-finite; the parameters were not updated. Lower the learning rate or scale the inputs.");
        }
    }

    /// <summary>The loss of <paramref name="output"/> against <paramref name="target"/>.</summary>
    public static T ComputeLoss(ReadOnlySpan<T> output, ReadOnlySpan<T> target)
    {
        var kernels = default(TKernels);
        Guard.Length(output.Length, kernels.OutputSize, nameof(output), "the network's output size");
        Guard.Length(target.Length, kernels.OutputSize, nameof(target), "the network's output size");
        Guard.Target(target, kernels.Architecture.Loss, nameof(target));
        return kernels.Loss(output, target);
    }

    T INetwork<T>.ComputeLoss(ReadOnlySpan<T> output, ReadOnlySpan<T> target) => ComputeLoss(output, target);

    /// <summary>Elements of workspace <see cref="BackpropagateBatch"/> needs for <paramref name="batchSize"/> rows.</summary>
    public static int BatchWorkspaceSize(int batchSize)
    {
        if (batchSize < 0) throw NumberFormat.OutOfRange(nameof(batchSize), batchSize, "The batch row count must be at least 0.");
        return checked(batchSize * default(TKernels).BatchWorkspacePerRow + default(TKernels).BatchWorkspaceFixed);
    }

    /// <summary>
    /// Forward and backward pass over <paramref name="count"/> samples stored row after row in <paramref name="inputs"/>
    /// and <paramref name="targets"/>: adds the batch's summed gradient to <paramref name="gradients"/> (same layout as
    /// <see cref="Parameters"/>) when <paramref name="accumulate"/> is true, overwrites it otherwise; returns the summed
    /// loss. <paramref name="workspace"/> needs <see cref="BatchWorkspaceSize"/>(<paramref name="count"/>) elements.
    /// Only reads the parameters, so threads with their own gradient and workspace buffers may call it concurrently.
    /// Checks the shapes, not the values (validate a dataset once, as <see cref="Fit"/> does).
    /// </summary>
    public T BackpropagateBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, Span<T> gradients, Span<T> workspace, bool accumulate)
    {
        var kernels = default(TKernels);
        Guard.BatchShape<T>(count, inputs, targets, gradients, workspace,
            kernels.InputSize, kernels.OutputSize, kernels.ParameterCount, kernels.BatchWorkspacePerRow, kernels.BatchWorkspaceFixed);
        return BackpropagateRows(Parameters, inputs, targets, count, gradients, workspace, accumulate);
    }

    /// <summary>The batched kernels, which need at least one row; no rows is no loss and, overwriting, a zero gradient.</summary>
    private static T BackpropagateRows(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count,
        Span<T> gradients, Span<T> workspace, bool accumulate)
    {
        if (count > 0) return default(TKernels).BackpropagateBatch(parameters, inputs, targets, count, gradients, workspace, accumulate);
        if (!accumulate) gradients.Slice(0, default(TKernels).ParameterCount).Clear();
        return T.Zero;
    }

    /// <summary>
    /// Trains on <paramref name="training"/> (online, batch or mini-batch gradient descent, per <paramref name="options"/>;
    /// the learning rate defaults to <see cref="LearningRate"/>), stopping at the first rule met: max epochs, target
    /// loss, or early stopping on <paramref name="validation"/>.
    /// </summary>
    public TrainingResult Fit(Dataset<T> training, TrainingOptions? options = null, Dataset<T>? validation = null)
    {
        double rate = options?.LearningRate ?? double.CreateChecked(_learningRate);
        var result = Trainer.Fit(AsModel(), training, options, validation, double.CreateChecked(_learningRate));
        _epochsTrained += result.Epochs;
        _trainedLearningRate = rate;
        return result;
    }

    /// <summary>Loss, accuracy and confusion matrix of the network on <paramref name="data"/>.</summary>
    public EvaluationResult Evaluate(Dataset<T> data) => Evaluator.Evaluate(AsModel(), data);
}
