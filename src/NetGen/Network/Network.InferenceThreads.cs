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
    /// <see cref="PredictBatchBlocked(ReadOnlySpan{T}, Span{T})"/> on up to <paramref name="threads"/> threads, split
    /// at its 64-row block boundaries, so every block holds the same rows as with one thread and the outputs are the
    /// same bits.
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
        Guard.Finite(inputs, nameof(inputs)); // all of them before any output is written
        var errors = new Exception?[parts];
        fixed (T* input = inputs, output = outputs)
        {
            // The spans cannot cross threads; their pinned addresses can, and the caller waits for every part.
            nint x = (nint)input, y = (nint)output;
            int inputSize = kernels.InputSize, outputSize = kernels.OutputSize;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                int first = (int)((long)blocks * part / parts) * BlockRows;
                int count = Math.Min(rows, (int)((long)blocks * (part + 1) / parts) * BlockRows) - first;
                var partInputs = new ReadOnlySpan<T>((T*)x + (long)first * inputSize, count * inputSize);
                var partOutputs = new Span<T>((T*)y + (long)first * outputSize, count * outputSize);
                try
                {
                    if (blocked) PredictBlocks(partInputs, partOutputs, count);
                    else PredictRows(partInputs, partOutputs, count);
                }
                catch (Exception error)
                {
                    errors[part] = error;
                }
            });
        }
        foreach (var error in errors)
            if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
        Guard.FiniteOutput(outputs);
    }
}
