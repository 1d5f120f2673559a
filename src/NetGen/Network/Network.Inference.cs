using System.Buffers;
using System.Runtime.CompilerServices;

namespace NetGen;

public abstract partial class Network<TKernels, T>
{
    /// <summary>Rows <see cref="PredictBatchBlocked(ReadOnlySpan{T}, Span{T})"/> runs through the matrix kernels at a time.</summary>
    internal const int BlockRows = 64;

    /// <summary>Runs the network on one sample. Thread-safe and allocation-free.</summary>
    /// <exception cref="ArgumentException">A length is wrong or an input is not finite.</exception>
    /// <exception cref="ArithmeticException">An output overflowed (inputs far outside the trained range).</exception>
    [SkipLocalsInit] // the forward pass writes every scratch value before reading it
    public void Predict(ReadOnlySpan<T> input, Span<T> output)
    {
        var kernels = default(TKernels);
        Guard.Length(input.Length, kernels.InputSize, nameof(input), "the network's input size");
        Guard.Length(output.Length, kernels.OutputSize, nameof(output), "the network's output size");
        Guard.Finite(input, nameof(input));
        kernels.Forward(Parameters, input, output, ScratchBuffer.For(kernels.ScratchSize, stackalloc T[Math.Min(kernels.ScratchSize, ScratchBuffer.StackLimit)]));
        Guard.FiniteOutput(output);
    }

    /// <summary>Runs the network on many samples laid out row after row; writes one output row per input row.</summary>
    public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        var kernels = default(TKernels);
        int rows = Guard.Rows(inputs.Length, kernels.InputSize, nameof(inputs), "the network's input size");
        Guard.Length(outputs.Length, rows * kernels.OutputSize, nameof(outputs), "one row of OutputSize per input row");
        Guard.Finite(inputs, nameof(inputs));
        PredictRows(inputs, outputs, rows);
        Guard.FiniteOutput(outputs);
    }

    /// <summary>The rows of <see cref="PredictBatch(ReadOnlySpan{T}, Span{T})"/>, sizes and inputs already checked.</summary>
    private void PredictRows(ReadOnlySpan<T> inputs, Span<T> outputs, int rows)
    {
        var kernels = default(TKernels);
        var scratch = ScratchBuffer.For(kernels.ScratchSize, stackalloc T[Math.Min(kernels.ScratchSize, ScratchBuffer.StackLimit)]);
        for (int row = 0; row < rows; row++)
            kernels.Forward(Parameters, inputs.Slice(row * kernels.InputSize, kernels.InputSize), outputs.Slice(row * kernels.OutputSize, kernels.OutputSize), scratch);
    }

    /// <summary>
    /// <see cref="PredictBatch(ReadOnlySpan{T}, Span{T})"/> through the batched matrix kernels, 64 rows at a time: much faster for wide layers.
    /// Agrees with <see cref="Predict"/> up to rounding. Thread-safe; its scratch comes from the shared array pool.
    /// Each block's inputs are checked just before it runs (so they are in cache for its products, not read from
    /// memory twice), and its outputs are staged: when an input is not finite, no output is written.
    /// </summary>
    public void PredictBatchBlocked(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        var kernels = default(TKernels);
        int rows = Guard.Rows(inputs.Length, kernels.InputSize, nameof(inputs), "the network's input size");
        Guard.Length(outputs.Length, rows * kernels.OutputSize, nameof(outputs), "one row of OutputSize per input row");
        int scratchSize = BlockRows * kernels.RowScratchPerRow;
        T[] buffer = ArrayPool<T>.Shared.Rent(scratchSize + outputs.Length);
        try
        {
            var staged = buffer.AsSpan(scratchSize, outputs.Length);
            var claims = new BlockClaims();
            if (!PredictClaimedBlocks(inputs, staged, rows, parts: 1, ref claims, buffer.AsSpan(0, scratchSize)))
                Guard.Finite(inputs, nameof(inputs)); // throws, naming the first bad input in the whole batch
            staged.CopyTo(outputs);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
        Guard.FiniteOutput(outputs);
    }

    /// <summary>The first row not yet claimed by a part of <see cref="PredictBatchBlocked(ReadOnlySpan{T}, Span{T})"/>, shared by all its parts.</summary>
    private struct BlockClaims
    {
        public int Next;
    }

    /// <summary>
    /// Rows a part claims at a time near the end of a batch split between threads (down from <see cref="BlockRows"/>),
    /// so that the parts finish closer together: a whole block is about 0.13 ms of a 784-128-10 network.
    /// </summary>
    private const int TailRows = 16;

    /// <summary>
    /// Runs blocks of <paramref name="rows"/> into <paramref name="staged"/>, claiming each from <paramref name="claims"/>
    /// (a part that starts late takes fewer), each block's inputs checked just before it runs. False when a block holds
    /// a non-finite input: then no part claims another block. With several <paramref name="parts"/> the last blocks
    /// are smaller; every row's outputs are the same bits whatever block holds it.
    /// </summary>
    private bool PredictClaimedBlocks(ReadOnlySpan<T> inputs, Span<T> staged, int rows, int parts, ref BlockClaims claims, Span<T> scratch)
    {
        var kernels = default(TKernels);
        while (true)
        {
            int start = Volatile.Read(ref claims.Next);
            if (start >= rows) return true;
            int count = Math.Min(parts > 1 && rows - start <= 2 * parts * BlockRows ? TailRows : BlockRows, rows - start);
            if (Interlocked.CompareExchange(ref claims.Next, start + count, start) != start) continue;
            var blockInputs = inputs.Slice(start * kernels.InputSize, count * kernels.InputSize);
            if (!Guard.AllFinite(blockInputs))
            {
                Volatile.Write(ref claims.Next, rows);
                return false;
            }
            kernels.ForwardRows(Parameters, blockInputs, staged.Slice(start * kernels.OutputSize, count * kernels.OutputSize), count, scratch);
        }
    }

    /// <summary>The class the network predicts for <paramref name="input"/> (argmax, or a threshold for one output).</summary>
    public int PredictClass(ReadOnlySpan<T> input)
    {
        var kernels = default(TKernels);
        Span<T> output = kernels.OutputSize <= ScratchBuffer.StackLimit ? stackalloc T[kernels.OutputSize] : new T[kernels.OutputSize];
        Predict(input, output);
        return Evaluator.Classify<T>(kernels.Architecture.Loss, output);
    }
}
