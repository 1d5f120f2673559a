using System.Numerics;

namespace NetGen;

/// <summary>
/// What the runtime's training loops, evaluation and persistence need from a generated network.
/// Every generated network has a nested <c>readonly struct Model</c> implementing this; the runtime's loops are
/// generic over that struct, so the JIT specializes them per network and the calls inline (no interface dispatch).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface ITrainableNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The network's shape and parameter layout.</summary>
    NetworkArchitecture Architecture { get; }

    /// <summary>The parameter buffer (layout documented on <see cref="NetworkArchitecture"/>).</summary>
    Span<T> Parameters { get; }

    /// <summary>The gradient buffer, same layout as <see cref="Parameters"/>.</summary>
    Span<T> Gradients { get; }

    /// <summary>
    /// Forward pass then backward pass for one sample. Adds the sample's gradient to <see cref="Gradients"/> when
    /// <paramref name="accumulate"/> is true, overwrites it otherwise. Returns the sample's loss.
    /// Spans are not validated here: callers validate once per dataset.
    /// </summary>
    T Backpropagate(ReadOnlySpan<T> input, ReadOnlySpan<T> target, bool accumulate);

    /// <summary>Elements of workspace <see cref="BackpropagateBatch"/> needs for up to <paramref name="batchSize"/> rows.</summary>
    int BatchWorkspaceSize(int batchSize);

    /// <summary>
    /// Forward and backward pass over <paramref name="count"/> samples laid out row after row (row-major
    /// <c>[count × InputSize]</c> and <c>[count × OutputSize]</c>). Adds the batch's summed gradient to
    /// <paramref name="gradients"/> (same layout as <see cref="Parameters"/>; not necessarily <see cref="Gradients"/>)
    /// when <paramref name="accumulate"/> is true, overwrites it otherwise (no need to clear it first); returns the
    /// summed loss. Uses only <paramref name="workspace"/> (at least
    /// <see cref="BatchWorkspaceSize"/>(<paramref name="count"/>) elements) as scratch and only reads the parameters,
    /// so several threads may call it at once with their own gradient and workspace buffers. No validation.
    /// </summary>
    T BackpropagateBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, Span<T> gradients, Span<T> workspace, bool accumulate);

    /// <summary>
    /// <see cref="INetworkKernels{T}.BatchForwardRange"/>: layer <paramref name="layer"/>'s forward pass over its neurons
    /// <c>[from, to)</c> (the pieces of <see cref="BackpropagateBatch"/> that threads can share by neurons), reading
    /// <paramref name="parameters"/> (<see cref="Parameters"/>, or a buffer with its layout that holds at least
    /// those neurons' current values). No validation.
    /// </summary>
    void BatchForwardRange(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, Span<T> z, Span<T> a, int count, int from, int to);

    /// <summary><see cref="INetworkKernels{T}.BatchDeltaRange"/> reading <paramref name="parameters"/> (as for <see cref="BatchForwardRange"/>), writing <paramref name="gradients"/>. No validation.</summary>
    void BatchDeltaRange(int layer, ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> x, ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> da,
        ReadOnlySpan<T> y, Span<T> d, int count, int from, int to, bool accumulate);

    /// <summary><see cref="INetworkKernels{T}.BatchInputGradientRange"/> reading <paramref name="parameters"/> (as for <see cref="BatchForwardRange"/>; scratch: <see cref="BatchWorkspaceSize"/>(0) elements). No validation.</summary>
    void BatchInputGradientRange(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> d, Span<T> dx, Span<T> scratch, int count, int from, int to);

    /// <summary><see cref="INetworkKernels{T}.BatchLoss"/>: the summed loss of <paramref name="count"/> output rows.</summary>
    T BatchLoss(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int count);

    /// <summary>Forward pass for one sample, without touching the training workspace.</summary>
    void Predict(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>The loss of an output against a target (no validation).</summary>
    T ComputeLoss(ReadOnlySpan<T> output, ReadOnlySpan<T> target);
}
