namespace NetGen;

public abstract partial class Network<TKernels, T>
{
    /// <summary>This network as the runtime's training loops see it (a struct, so calls specialize and inline).</summary>
    public Model AsModel() => new(this);

    /// <summary>
    /// The network as <see cref="Trainer"/> and <see cref="Evaluator"/> see it: the kernels over the network's own
    /// buffers, without validation (the loops validate a dataset once).
    /// </summary>
    public readonly struct Model : ITrainableNetwork<T>
    {
        private readonly Network<TKernels, T> _network;

        /// <summary>Wraps <paramref name="network"/>.</summary>
        public Model(Network<TKernels, T> network) => _network = network ?? throw new ArgumentNullException(nameof(network));

        /// <inheritdoc />
        public NetworkArchitecture Architecture => default(TKernels).Architecture;

        /// <inheritdoc />
        public Span<T> Parameters => _network.Parameters;

        /// <inheritdoc />
        public Span<T> Gradients => _network._gradients;

        /// <inheritdoc />
        public T Backpropagate(ReadOnlySpan<T> input, ReadOnlySpan<T> target, bool accumulate) =>
            default(TKernels).Backpropagate(_network.Parameters, _network._gradients, input, target, _network._workspace, accumulate);

        /// <inheritdoc />
        public int BatchWorkspaceSize(int batchSize) => Network<TKernels, T>.BatchWorkspaceSize(batchSize);

        /// <inheritdoc />
        public T BackpropagateBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, Span<T> gradients, Span<T> workspace, bool accumulate) =>
            Network<TKernels, T>.BackpropagateRows(_network.Parameters, inputs, targets, count, gradients, workspace, accumulate);

        /// <inheritdoc />
        public void BatchForwardRange(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, Span<T> z, Span<T> a, int count, int from, int to) =>
            default(TKernels).BatchForwardRange(layer, parameters, x, z, a, count, from, to);

        /// <inheritdoc />
        public void BatchDeltaRange(int layer, ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> x, ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> da,
            ReadOnlySpan<T> y, Span<T> d, int count, int from, int to, bool accumulate) =>
            default(TKernels).BatchDeltaRange(layer, parameters, gradients, x, z, a, da, y, d, count, from, to, accumulate);

        /// <inheritdoc />
        public void BatchInputGradientRange(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> d, Span<T> dx, Span<T> scratch, int count, int from, int to) =>
            default(TKernels).BatchInputGradientRange(layer, parameters, d, dx, scratch, count, from, to);

        /// <inheritdoc />
        public T BatchLoss(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int count) => default(TKernels).BatchLoss(z, a, y, count);

        /// <inheritdoc />
        [System.Runtime.CompilerServices.SkipLocalsInit] // the forward pass writes every scratch value before reading it
        public void Predict(ReadOnlySpan<T> input, Span<T> output)
        {
            var kernels = default(TKernels);
            kernels.Forward(_network.Parameters, input, output, ScratchBuffer.For(kernels.ScratchSize, stackalloc T[Math.Min(kernels.ScratchSize, ScratchBuffer.StackLimit)]));
        }

        /// <inheritdoc />
        public T ComputeLoss(ReadOnlySpan<T> output, ReadOnlySpan<T> target) => default(TKernels).Loss(output, target);
    }
}
