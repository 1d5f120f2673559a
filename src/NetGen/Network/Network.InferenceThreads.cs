using System.Buffers;
using System.Runtime.ExceptionServices;

namespace NetGen;

public abstract partial class Network<TKernels, T>
{
    /// <summary>
    /// <see cref="PredictBatch(ReadOnlySpan{T}, Span{T})"/> on up to <paramref name="threads"/> threads (the caller's
    /// and the thread pool's), each taking a contiguous share of whole 64-row blocks: the outputs are the same bits as
    /// with one thread. A batch of at most one block runs on the caller alone.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is not between 1 and 256.</exception>
    public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs, int threads) => PredictInParts(inputs, outputs, threads, blocked: false);

    /// <summary>
    /// <see cref="PredictBatchBlocked(ReadOnlySpan{T}, Span{T})"/> on up to <paramref name="threads"/> threads, which
    /// take its blocks one at a time until none is left (a thread that starts late takes fewer; the last blocks are
    /// smaller, so the threads finish together). The outputs are the same bits as with one thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is not between 1 and 256.</exception>
    public void PredictBatchBlocked(ReadOnlySpan<T> inputs, Span<T> outputs, int threads) => PredictInParts(inputs, outputs, threads, blocked: true);

    private unsafe void PredictInParts(ReadOnlySpan<T> inputs, Span<T> outputs, int threads, bool blocked)
    {
        if (threads < 1 || threads > 256)
            throw NumberFormat.OutOfRange(nameof(threads), threads, "threads must be between 1 and 256.");
        var kernels = default(TKernels);
        int rows = Guard.Rows(inputs.Length, kernels.InputSize, nameof(inputs), "the network's input size");
        Guard.Length(outputs.Length, rows * kernels.OutputSize, nameof(outputs), "one row of OutputSize per input row");
        int blocks = (rows + BlockRows - 1) / BlockRows, parts = Math.Min(threads, blocks);
        if (parts <= 1)
        {
            if (blocked) PredictBatchBlocked(inputs, outputs);
            else PredictBatch(inputs, outputs);
            return;
        }
        fixed (T* input = inputs, output = outputs)
        {
            // The spans cannot cross threads; their pinned addresses can, and the caller waits for every part.
            nint x = (nint)input, y = (nint)output;
            int inputLength = inputs.Length;
            if (blocked) PredictBlocksInParts(x, inputLength, outputs, rows, parts);
            else
            {
                Guard.Finite(inputs, nameof(inputs)); // all of them before any output is written
                int inputSize = kernels.InputSize, outputSize = kernels.OutputSize;
                RunParts(parts, part =>
                {
                    int first = (int)((long)blocks * part / parts) * BlockRows;
                    int count = Math.Min(rows, (int)((long)blocks * (part + 1) / parts) * BlockRows) - first;
                    PredictRows(new ReadOnlySpan<T>((T*)x + (long)first * inputSize, count * inputSize),
                        new Span<T>((T*)y + (long)first * outputSize, count * outputSize), count);
                });
            }
        }
        Guard.FiniteOutput(outputs);
    }

    /// <summary>
    /// The parts of <see cref="PredictBatchBlocked(ReadOnlySpan{T}, Span{T}, int)"/>: each checks the blocks it claims
    /// (in parallel, and just before running them) into one staging array, copied to <paramref name="outputs"/> only
    /// when every input was finite.
    /// </summary>
    private unsafe void PredictBlocksInParts(nint inputs, int inputLength, Span<T> outputs, int rows, int parts)
    {
        int scratchSize = BlockRows * default(TKernels).RowScratchPerRow, outputLength = outputs.Length;
        T[] staged = ArrayPool<T>.Shared.Rent(outputLength);
        var claims = new BlockClaims[1]; // shared by the parts
        bool allFinite = true;
        try
        {
            RunParts(parts, _ =>
            {
                T[] scratch = ArrayPool<T>.Shared.Rent(scratchSize);
                try
                {
                    if (!PredictClaimedBlocks(new ReadOnlySpan<T>((T*)inputs, inputLength), staged.AsSpan(0, outputLength), rows, parts, ref claims[0], scratch.AsSpan(0, scratchSize)))
                        Volatile.Write(ref allFinite, false);
                }
                finally
                {
                    ArrayPool<T>.Shared.Return(scratch);
                }
            });
            if (!allFinite) Guard.Finite(new ReadOnlySpan<T>((T*)inputs, inputLength), "inputs"); // throws, naming the first bad input
            staged.AsSpan(0, outputLength).CopyTo(outputs);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(staged);
        }
    }

    /// <summary>Runs <paramref name="part"/> for parts 0 to <paramref name="parts"/> − 1 on the caller and the thread pool, then rethrows the first part's exception as it was thrown.</summary>
    private static void RunParts(int parts, Action<int> part)
    {
        var errors = new Exception?[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            try
            {
                part(p);
            }
            catch (Exception error)
            {
                errors[p] = error;
            }
        });
        foreach (var error in errors)
            if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
    }
}
