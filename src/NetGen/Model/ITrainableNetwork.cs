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

    /// <summary>Forward pass for one sample, without touching the training workspace.</summary>
    void Predict(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>The loss of an output against a target (no validation).</summary>
    T ComputeLoss(ReadOnlySpan<T> output, ReadOnlySpan<T> target);
}
