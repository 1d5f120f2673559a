using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;

namespace NetGen;

/// <summary>
/// Computes the summed gradient of one (mini-)batch with <see cref="ITrainableNetwork{T}.BackpropagateBatch"/>,
/// split over <see cref="Threads"/> threads. The batch's rows (positions <c>[start, end)</c> of the sample order) are
/// cut into one contiguous part per thread; each part has its own input/target gather buffers (rows are gathered in
/// chunks of at most <see cref="MaxChunkRows"/>), its own workspace and its own gradient buffer. The part buffers are
/// then reduced in a fixed order (part 0 += part 1, += part 2, ...), so results are deterministic for a given thread
/// count whichever thread computed which part. The caller's thread claims parts too, and the persistent workers
/// (started once per Fit, woken per batch) claim the rest with an atomic counter: a worker the OS schedules late
/// (a busy machine) just leaves its part to the caller instead of stalling the batch. All buffers are allocated
/// in the constructor: nothing per batch.
/// </summary>
internal sealed class BatchRunner<TNet, T> : IDisposable
    where TNet : struct, ITrainableNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Largest number of rows passed to one BackpropagateBatch call (bounds the workspace for full-batch training).</summary>
    public const int MaxChunkRows = 256;

    private readonly TNet _network;
    private readonly Dataset<T> _data;
    private readonly int[] _order;
    private readonly bool _ordered;
    private readonly int _chunk, _inputSize, _targetSize;
    private readonly T[][] _gradients, _inputs, _targets, _workspaces;
    private readonly double[] _losses;
    private readonly Exception?[] _errors;
    private readonly Thread[] _workers;
    private readonly SemaphoreSlim _go = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private int _next, _remaining;
    private volatile bool _stopping;
    private int _start, _end;

    /// <param name="network">The network (only read: parameters and the batch entry point).</param>
    /// <param name="data">Training data.</param>
    /// <param name="order">Sample order; positions passed to <see cref="Compute"/> index it.</param>
    /// <param name="ordered">True when <paramref name="order"/> is the identity, so rows can be used in place.</param>
    /// <param name="batchSize">Largest batch passed to <see cref="Compute"/>.</param>
    /// <param name="threads">Number of threads (≥ 1).</param>
    public BatchRunner(TNet network, Dataset<T> data, int[] order, bool ordered, int batchSize, int threads)
    {
        _network = network;
        _data = data;
        _order = order;
        _ordered = ordered;
        _inputSize = data.InputSize;
        _targetSize = data.TargetSize;
        Threads = Math.Max(1, threads);
        _chunk = Math.Min(MaxChunkRows, (batchSize + Threads - 1) / Threads);
        int parameters = network.Architecture.ParameterCount;
        _gradients = new T[Threads][];
        _inputs = new T[Threads][];
        _targets = new T[Threads][];
        _workspaces = new T[Threads][];
        _losses = new double[Threads];
        _errors = new Exception?[Threads];
        for (int t = 0; t < Threads; t++)
        {
            _gradients[t] = new T[parameters];
            _inputs[t] = ordered ? [] : new T[_chunk * _inputSize];
            _targets[t] = ordered ? [] : new T[_chunk * _targetSize];
            _workspaces[t] = new T[network.BatchWorkspaceSize(_chunk)];
        }
        _workers = new Thread[Threads - 1];
        _next = Threads; // nothing to claim until the first batch is published
        for (int t = 1; t < Threads; t++)
        {
            _workers[t - 1] = new Thread(WorkerLoop) { IsBackground = true, Name = $"NetGen trainer {t}" };
            _workers[t - 1].Start();
        }
    }

    /// <summary>Number of threads sharing each batch.</summary>
    public int Threads { get; }

    /// <summary>The summed gradient of the last <see cref="Compute"/> (part 0's buffer after the reduction).</summary>
    public ReadOnlySpan<T> Gradient => _gradients[0];

    /// <summary>Computes the summed gradient of the samples at order positions <c>[start, end)</c>; returns their summed loss.</summary>
    public double Compute(int start, int end)
    {
        _start = start;
        _end = end;
        if (Threads == 1)
        {
            Work(0);
        }
        else
        {
            _remaining = Threads;
            _done.Reset();
            Volatile.Write(ref _next, 0); // publishes the batch: parts can be claimed from here on
            _go.Release(Threads - 1);
            RunParts();
            if (Volatile.Read(ref _remaining) != 0) _done.Wait();
        }
        for (int t = 0; t < Threads; t++)
            if (_errors[t] is { } error)
            {
                Array.Clear(_errors);
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        double loss = _losses[0];
        Span<T> total = _gradients[0];
        for (int t = 1; t < Threads; t++)
        {
            TensorPrimitives.Add(total, _gradients[t], total);
            loss += _losses[t];
        }
        return loss;
    }

    /// <summary>Claims and computes parts of the current batch until none is left.</summary>
    private void RunParts()
    {
        int part;
        while ((part = Interlocked.Increment(ref _next) - 1) < Threads)
        {
            Work(part);
            if (Interlocked.Decrement(ref _remaining) == 0) _done.Set();
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _go.Wait();
            if (_stopping) return;
            RunParts();
        }
    }

    private void Work(int t)
    {
        try
        {
            int size = _end - _start;
            int lo = _start + (int)((long)size * t / Threads), hi = _start + (int)((long)size * (t + 1) / Threads);
            Span<T> gradient = _gradients[t];
            if (hi <= lo) gradient.Clear(); // a part with no rows (a last batch smaller than the thread count)
            double loss = 0;
            for (int from = lo; from < hi; from += _chunk)
            {
                int rows = Math.Min(_chunk, hi - from);
                ReadOnlySpan<T> inputs, targets;
                if (_ordered)
                {
                    int first = _order[from];
                    inputs = _data.Inputs.AsSpan(first * _inputSize, rows * _inputSize);
                    targets = _data.Targets.AsSpan(first * _targetSize, rows * _targetSize);
                }
                else
                {
                    Span<T> x = _inputs[t], y = _targets[t];
                    for (int r = 0; r < rows; r++)
                    {
                        int row = _order[from + r];
                        _data.Input(row).CopyTo(x.Slice(r * _inputSize, _inputSize));
                        _data.Target(row).CopyTo(y.Slice(r * _targetSize, _targetSize));
                    }
                    inputs = x.Slice(0, rows * _inputSize);
                    targets = y.Slice(0, rows * _targetSize);
                }
                loss += double.CreateTruncating(_network.BackpropagateBatch(inputs, targets, rows, gradient, _workspaces[t], accumulate: from != lo));
            }
            _losses[t] = loss;
        }
        catch (Exception error)
        {
            _errors[t] = error;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_workers.Length > 0) _go.Release(_workers.Length);
        foreach (var worker in _workers) worker.Join();
        _go.Dispose();
        _done.Dispose();
    }
}
