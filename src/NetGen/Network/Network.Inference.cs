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
    /// Every input is checked before any output is written (checking each block just before it runs was about 3%
    /// faster at 1,000 rows, but left the outputs of the blocks before a bad input written).
    /// </summary>
    public void PredictBatchBlocked(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        var kernels = default(TKernels);
        int rows = Guard.Rows(inputs.Length, kernels.InputSize, nameof(inputs), "the network's input size");
        Guard.Length(outputs.Length, rows * kernels.OutputSize, nameof(outputs), "one row of OutputSize per input row");
        Guard.Finite(inputs, nameof(inputs));
        PredictBlocks(inputs, outputs, rows);
        Guard.FiniteOutput(outputs);
    }

    /// <summary>The blocks of <see cref="PredictBatchBlocked(ReadOnlySpan{T}, Span{T})"/>, sizes and inputs already checked.</summary>
    private void PredictBlocks(ReadOnlySpan<T> inputs, Span<T> outputs, int rows)
    {
        var kernels = default(TKernels);
        T[] scratch = ArrayPool<T>.Shared.Rent(BlockRows * kernels.RowScratchPerRow);
        try
        {
            for (int start = 0; start < rows; start += BlockRows)
            {
                int count = Math.Min(BlockRows, rows - start);
                kernels.ForwardRows(Parameters, inputs.Slice(start * kernels.InputSize, count * kernels.InputSize),
                    outputs.Slice(start * kernels.OutputSize, count * kernels.OutputSize), count, scratch);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
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
