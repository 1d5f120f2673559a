using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>How several threads share a (mini-)batch step (<see cref="TrainingOptions.Split"/>).</summary>
internal enum BatchSplit
{
    /// <summary>By neurons when <see cref="NeuronSplit.Pays"/>, else by rows.</summary>
    Auto,
    /// <summary>Each thread takes a share of the batch's rows (data-parallel); see <see cref="BatchRunner{TNet, T}"/>.</summary>
    Rows,
    /// <summary>Each thread takes a share of every wide layer's neurons (model-parallel), when the network has such a layer.</summary>
    Neurons,
}

/// <summary>When a step is split by neurons (the rules; <see cref="NeuronSplit{T}"/> is the plan).</summary>
internal static class NeuronSplit
{
    /// <summary>
    /// Most rows per thread for which <see cref="BatchSplit.Auto"/> splits by neurons. Up to 32: there a split by rows
    /// does not pay (each thread streams the whole weights for a few rows, then a gradient is reduced across cores);
    /// from 64 rows per thread it does (1.3-1.8x at 128-512 rows on the 784-128-10 network, BENCHMARKS.md) and it
    /// needs no barrier between layers, which a busy machine makes costly.
    /// </summary>
    public const int NeuronRowsPerThread = 32;

    /// <summary>Elements per 64-byte cache line in the network's precision.</summary>
    public static int Line(NetworkArchitecture architecture) => architecture.Precision == Precision.Double ? 8 : 16;

    /// <summary>
    /// Whether layer <paramref name="layer"/> (0-based) is shared by <paramref name="threads"/> threads: a hidden
    /// layer with an elementwise activation and at least a cache line of neurons per thread.
    /// </summary>
    public static bool Shares(NetworkArchitecture architecture, int layer, int threads) =>
        layer < architecture.Layers.Count - 1 && architecture.Layers[layer].Activation != Activation.Softmax
        && architecture.Layers[layer].Size >= threads * Line(architecture);

    /// <summary>Whether a step of <paramref name="batchSize"/> rows can be split by neurons: a shared layer and one chunk of rows.</summary>
    public static bool Possible(NetworkArchitecture architecture, int batchSize, int threads)
    {
        if (threads < 2 || batchSize > BatchRunner.MaxChunkRows) return false;
        for (int l = 0; l < architecture.Layers.Count - 1; l++)
            if (Shares(architecture, l, threads)) return true;
        return false;
    }

    /// <summary>The automatic choice: by neurons when possible and the batch is at most <see cref="NeuronRowsPerThread"/> rows per thread.</summary>
    public static bool Pays(NetworkArchitecture architecture, int batchSize, int threads) =>
        Possible(architecture, batchSize, threads) && batchSize <= NeuronRowsPerThread * threads;
}

/// <summary>One phase of a neuron-split step; phases are separated by barriers.</summary>
internal enum NeuronPhase
{
    /// <summary>Gather and check the batch's rows (piece t: a share of the rows).</summary>
    Gather,
    /// <summary>Forward pass of a hidden layer (piece t: a share of its neurons, or the whole layer).</summary>
    Forward,
    /// <summary>The output layer, whole: forward, loss, δ, its gradient, and its biases and slopes updated.</summary>
    Output,
    /// <summary>
    /// Layer l: ∂A_l = Δ_{l+1}·W_{l+1}ᵀ over its neurons (then those rows of W_{l+1} are updated: no one reads them
    /// again), δ_l and its gradients, then its biases and slopes (and for the first layer its weights) updated.
    /// </summary>
    Back,
}

/// <summary>
/// The plan of a step split by neurons (model-parallel), for <see cref="BatchRunner{TNet, T}"/>: which layers are
/// shared, where they are cut, the phases, and the shared buffers. Thread t owns a contiguous block of the neurons
/// of every shared layer (a hidden layer with an elementwise activation and at least a cache line of neurons per
/// thread); the output layer and narrow or softmax layers are done whole by one thread. For a 784-128-10 network a
/// step is: rows gathered (by rows) | layer 1 forward (by neurons) | layer 2 whole: forward, loss, δ₂, ∂W₂, ∂b₂ |
/// ∂A₁ = δ₂·W₂ᵀ, δ₁, ∂W₁, ∂b₁ and the update of W₂'s rows, W₁'s columns and b₁ (by neurons). Each thread streams
/// only its own columns of W₁ (forward, gradient, update), kept with their gradient in buffers of its own for the
/// whole epoch (<see cref="PieceParameters"/>), so they stay in its core's cache from step to step; no gradient is
/// reduced across threads.
/// <para>
/// Every element is computed by the same kernel operations in the same order as in the unsplit step (the range
/// kernels give any block of columns the whole product's bits), and the update is the same per-element rule, so a
/// neuron-split step gives exactly the one-thread step's bits, whatever the thread count.
/// </para>
/// <para>
/// Cuts fall on multiples of a cache line from column 0 (whole vectors for the kernels). The network's parameters
/// start on a cache line (<see cref="AlignedBuffer{T}"/>) and the gradient and per-layer matrices are placed at the same
/// offset within a line, so threads writing neighbouring blocks of a row share no line when a row is a whole number of
/// lines (one shared line per row at each cut, as a misaligned array gave, cost the 784-128-10 split about a quarter).
/// </para>
/// </summary>
internal sealed unsafe class NeuronSplit<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly int Line = 64 / Unsafe.SizeOf<T>();

    public NeuronSplit(NetworkArchitecture architecture, Span<T> parameters, int batchSize, int threads, int scratchSize)
    {
        Architecture = architecture;
        int layers = architecture.Layers.Count;
        // The parameters' offset within a cache line, in elements: cuts and buffers follow it.
        int phase = (int)(((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(parameters)) & 63) / Unsafe.SizeOf<T>());
        Bounds = new int[layers][];
        Z = new AlignedBuffer<T>[layers];
        A = new AlignedBuffer<T>[layers];
        Da = new AlignedBuffer<T>[layers];
        D = new AlignedBuffer<T>[layers];
        for (int l = 0; l < layers; l++)
        {
            int m = architecture.Layers[l].Size, first = (phase + architecture.WeightOffset(l)) % Line;
            // Cuts on whole lines from column 0, so every block is a whole number of vectors: the matrix kernels' scalar
            // tail (a partial vector) made a 62-column block 3x slower than a 64-column one. With the parameters on a
            // line they are the weights' real line boundaries.
            Bounds[l] = NeuronSplit.Shares(architecture, l, threads) ? Cuts(m, threads) : [0, m];
            Z[l] = new AlignedBuffer<T>(batchSize * m, first);
            A[l] = new AlignedBuffer<T>(batchSize * m, first);
            Da[l] = new AlignedBuffer<T>(batchSize * m, first);
            D[l] = new AlignedBuffer<T>(batchSize * m, first);
        }
        Gradients = new AlignedBuffer<T>(architecture.ParameterCount, phase);
        Inputs = new AlignedBuffer<T>(batchSize * architecture.InputSize, 0);
        Targets = new AlignedBuffer<T>(batchSize * architecture.OutputSize, 0);
        Scratch = new T[threads][];
        for (int t = 0; t < threads; t++) Scratch[t] = new T[scratchSize];
        // Only the first layer's weights are read by columns alone (no layer before it reads them by rows), so only
        // they can move to buffers of their own: the layout's first block (weights, biases, slopes) and no more.
        int pieces = Bounds[0].Length - 1, firstBlock = architecture.WeightOffset(1);
        PieceParameters = new AlignedBuffer<T>[pieces > 1 ? pieces : 0];
        PieceGradients = new AlignedBuffer<T>[PieceParameters.Length];
        for (int i = 0; i < PieceParameters.Length; i++)
        {
            PieceParameters[i] = new AlignedBuffer<T>(firstBlock, phase);
            PieceGradients[i] = new AlignedBuffer<T>(firstBlock, phase);
        }

        var phases = new List<(NeuronPhase Kind, int Layer, int Pieces)> { (NeuronPhase.Gather, -1, threads) };
        for (int l = 0; l < layers - 1; l++) phases.Add((NeuronPhase.Forward, l, Bounds[l].Length - 1));
        phases.Add((NeuronPhase.Output, layers - 1, 1));
        for (int l = layers - 2; l >= 0; l--) phases.Add((NeuronPhase.Back, l, Bounds[l].Length - 1));
        Phases = phases.ToArray();
    }

    public NetworkArchitecture Architecture { get; }

    /// <summary>Per layer: the neuron blocks' boundaries (piece i has <c>[Bounds[l][i], Bounds[l][i + 1])</c>); <c>[0, size]</c> for a whole layer.</summary>
    public int[][] Bounds { get; }

    /// <summary>The step's phases in order: what runs, on which layer, in how many pieces.</summary>
    public (NeuronPhase Kind, int Layer, int Pieces)[] Phases { get; }

    /// <summary>Per layer, <c>[batch × size]</c>: z, a, ∂C/∂a and δ (shared: threads write disjoint columns).</summary>
    public AlignedBuffer<T>[] Z { get; }
    public AlignedBuffer<T>[] A { get; }
    public AlignedBuffer<T>[] Da { get; }
    public AlignedBuffer<T>[] D { get; }

    /// <summary>The step's gradient (parameter layout; every element written before it is read).</summary>
    public AlignedBuffer<T> Gradients { get; }

    /// <summary>
    /// Gathered rows when the sample order is shuffled (each thread gathers its share). Gathering every row on every
    /// thread, so that no row crosses cores, made the 784-128-10 step slower: the gather took longer than it saved.
    /// </summary>
    public AlignedBuffer<T> Inputs { get; }
    public AlignedBuffer<T> Targets { get; }

    /// <summary>Per thread: room to transpose rows of a weight matrix.</summary>
    public T[][] Scratch { get; }

    /// <summary>
    /// Per piece of the first layer when it is shared (else empty): a buffer with the start of the network's layout
    /// (the first layer's block) in which that piece's neurons of the first layer (their weights, bias and slope) are
    /// current from <see cref="LoadFirstLayer"/> to <see cref="StoreFirstLayer"/>, and the piece's gradient buffer.
    /// The pieces' columns of one weight row are neighbours: in one shared matrix, each core's updates drew the other's
    /// lines into its cache (prefetched with their neighbours), and half-columns updates ran 3x slower on two cores
    /// than on one.
    /// </summary>
    public AlignedBuffer<T>[] PieceParameters { get; }
    public AlignedBuffer<T>[] PieceGradients { get; }

    /// <summary>Whether the first layer's neurons are kept in <see cref="PieceParameters"/>.</summary>
    public bool OwnsFirstLayer => PieceParameters.Length > 0;

    /// <summary>Copies the first layer's parameters from <paramref name="parameters"/> into every piece's buffer.</summary>
    public void LoadFirstLayer(ReadOnlySpan<T> parameters)
    {
        foreach (var buffer in PieceParameters) parameters.Slice(0, buffer.Span.Length).CopyTo(buffer.Span);
    }

    /// <summary>Copies each piece's neurons of the first layer (its columns of every weight row, its biases and slopes) back into <paramref name="parameters"/>.</summary>
    public void StoreFirstLayer(Span<T> parameters)
    {
        int size = Architecture.Layers[0].Size, biases = Architecture.BiasOffset(0), slopes = Architecture.SlopeOffset(0);
        for (int i = 0; i < PieceParameters.Length; i++)
        {
            ReadOnlySpan<T> source = PieceParameters[i].Span;
            int from = Bounds[0][i], count = Bounds[0][i + 1] - from;
            for (int at = Architecture.WeightOffset(0) + from, r = 0; r < Architecture.InputSize; r++, at += size)
                source.Slice(at, count).CopyTo(parameters.Slice(at, count));
            if (biases >= 0) source.Slice(biases + from, count).CopyTo(parameters.Slice(biases + from, count));
            if (slopes >= 0) source.Slice(slopes + from, count).CopyTo(parameters.Slice(slopes + from, count));
        }
    }

    /// <summary><paramref name="threads"/> blocks of about equal size, cut at the multiples of a line nearest the equal cuts.</summary>
    private static int[] Cuts(int size, int threads)
    {
        var bounds = new int[threads + 1];
        bounds[threads] = size;
        for (int t = 1; t < threads; t++)
        {
            int ideal = (int)((long)size * t / threads);
            int cut = (ideal + Line / 2) / Line * Line;
            bounds[t] = Math.Clamp(cut, bounds[t - 1], size);
        }
        return bounds;
    }
}
