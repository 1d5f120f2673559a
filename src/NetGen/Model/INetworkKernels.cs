using System.ComponentModel;
using System.Numerics;

namespace NetGen;

/// <summary>
/// What the generator writes for one network: its sizes and its fixed-size kernels, as a struct. Everything else
/// (validation, training loops, evaluation, files) lives once in <see cref="Network{TKernels, T}"/>, which is
/// generic over this struct, so the JIT compiles it once per network with direct, inlinable calls into the kernels.
/// Kernels never validate: the runtime checks lengths, finiteness and targets before calling them.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public interface INetworkKernels<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The declared architecture: sizes, activations, loss, precision, parameter layout.</summary>
    NetworkArchitecture Architecture { get; }

    /// <summary>The initializer declared on [Network] (resolved per layer by <see cref="ParameterInitializer"/>).</summary>
    Initializer Initializer { get; }

    /// <summary>The learning rate declared on [Network].</summary>
    T DefaultLearningRate { get; }

    /// <summary>The seed declared on [Network].</summary>
    int DefaultSeed { get; }

    /// <summary>Number of input features.</summary>
    int InputSize { get; }

    /// <summary>Number of outputs.</summary>
    int OutputSize { get; }

    /// <summary>Number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>Elements of scratch <see cref="Forward"/> needs (z and a of every layer).</summary>
    int ScratchSize { get; }

    /// <summary>Elements of workspace <see cref="Backpropagate"/> needs (z, a, ∂C/∂a and δ of every layer).</summary>
    int WorkspaceSize { get; }

    /// <summary>Per-row elements of the workspace of <see cref="BackpropagateBatch"/>.</summary>
    int BatchWorkspacePerRow { get; }

    /// <summary>Fixed elements of the workspace of <see cref="BackpropagateBatch"/> (room to transpose a weight matrix).</summary>
    int BatchWorkspaceFixed { get; }

    /// <summary>Per-row elements of the scratch of <see cref="ForwardRows"/>.</summary>
    int RowScratchPerRow { get; }

    /// <summary>Forward pass of one sample: <paramref name="output"/> from <paramref name="input"/>.</summary>
    void Forward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> output, Span<T> scratch);

    /// <summary>
    /// Forward then backward pass of one sample: writes (or, with <paramref name="accumulate"/>, adds) its gradient
    /// into <paramref name="gradients"/>; returns its loss.
    /// </summary>
    T Backpropagate(ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> workspace, bool accumulate);

    /// <summary>The loss of one output row against its target.</summary>
    T Loss(ReadOnlySpan<T> output, ReadOnlySpan<T> target);

    /// <summary>
    /// Forward and backward pass of <paramref name="count"/> (at least 1) rows as matrices: writes (or adds) the summed gradient;
    /// returns the summed loss. Only reads <paramref name="parameters"/>, so threads with their own buffers may share it.
    /// </summary>
    T BackpropagateBatch(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, Span<T> gradients, Span<T> workspace, bool accumulate);

    /// <summary>Forward pass of <paramref name="count"/> rows as matrices.</summary>
    void ForwardRows(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, Span<T> outputs, int count, Span<T> scratch);

    /// <summary>
    /// Layer <paramref name="layer"/>'s activation (0-based, as <see cref="NetworkArchitecture.Layers"/>) over
    /// <paramref name="count"/> rows: <c>a = f(z)</c> on the first <c>count × size</c> elements, softmax per row, PReLU
    /// slopes read from <paramref name="parameters"/> (the biases are already in z). For runtime kernels that compute z
    /// their own way (<see cref="BFloat16Predictor{TKernels}"/>, <see cref="Int8Predictor{TKernels}"/>); the formulas stay the generator's.
    /// </summary>
    void ActivateRows(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> z, Span<T> a, int count);

    // Per-layer pieces of BackpropagateBatch over a range of neurons, so threads can share a layer by neurons
    // (BatchRunner's neuron split). Layers are 0-based; buffers are the layer's [count × size] matrices, row-major,
    // whole (the range selects columns). Each element gets the operations of the whole-layer pass in the same order,
    // so any split gives its bits. A row-wise (softmax) layer takes the whole range only.

    /// <summary>
    /// Forward pass of layer <paramref name="layer"/> over its neurons <c>[from, to)</c>: <c>z[:, from..to) = x·W[:, from..to) + b[from..to)</c>
    /// and <c>a = f(z)</c> there; <paramref name="x"/> is the previous layer's a (or the inputs).
    /// </summary>
    void BatchForwardRange(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, Span<T> z, Span<T> a, int count, int from, int to);

    /// <summary>
    /// Backward pass of layer <paramref name="layer"/> over its neurons <c>[from, to)</c>: δ there (from ∂C/∂a in
    /// <paramref name="da"/>, or for the output layer from the targets <paramref name="y"/>, writing <paramref name="da"/>
    /// when the loss needs it), then the gradients of those columns of W, of b and of the PReLU slopes, written or,
    /// with <paramref name="accumulate"/>, added.
    /// </summary>
    void BatchDeltaRange(int layer, ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> x, ReadOnlySpan<T> z, ReadOnlySpan<T> a,
        Span<T> da, ReadOnlySpan<T> y, Span<T> d, int count, int from, int to, bool accumulate);

    /// <summary>
    /// The input gradient of layer <paramref name="layer"/> (≥ 1) for the previous layer's neurons <c>[from, to)</c>:
    /// <c>dx[:, from..to) = d·W[from..to, :]ᵀ</c>; reads only those rows of W. <paramref name="scratch"/> holds at
    /// least <see cref="BatchWorkspaceFixed"/> elements.
    /// </summary>
    void BatchInputGradientRange(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> d, Span<T> dx, Span<T> scratch, int count, int from, int to);

    /// <summary>The summed loss of <paramref name="count"/> output rows (z and a of the output layer), as <see cref="BackpropagateBatch"/> returns it.</summary>
    T BatchLoss(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int count);
}
