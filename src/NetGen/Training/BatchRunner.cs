using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>How one <see cref="BatchRunner{TNet, T}.Step"/> ended.</summary>
internal enum BatchOutcome
{
    /// <summary>The parameters were updated and every one is finite.</summary>
    Updated,
    /// <summary>The update made a parameter non-finite (it was written: the trainer restores its snapshot).</summary>
    NotFinite,
    /// <summary>A gathered row held a value the dataset check refuses: the data changed during training. Nothing was updated.</summary>
    DataChanged,
}

/// <summary>What <see cref="BatchRunner{TNet, T}"/> shares between its type arguments.</summary>
internal static class BatchRunner
{
    /// <summary>Largest number of rows passed to one BackpropagateBatch call (bounds the workspace for full-batch training).</summary>
    public const int MaxChunkRows = 256;

    /// <summary>
    /// Whether <paramref name="threads"/> threads share steps of <paramref name="batchSize"/> rows by neurons:
    /// <see cref="BatchSplit.Neurons"/> when the network has a layer to share (<see cref="NeuronSplit.Possible"/>),
    /// <see cref="BatchSplit.Auto"/> when that also pays (<see cref="NeuronSplit.Pays"/>).
    /// </summary>
    public static bool SplitsByNeurons(BatchSplit split, NetworkArchitecture architecture, int batchSize, int threads) => split switch
    {
        BatchSplit.Neurons => NeuronSplit.Possible(architecture, batchSize, threads),
        BatchSplit.Auto => NeuronSplit.Pays(architecture, batchSize, threads),
        _ => false,
    };
}

/// <summary>
/// One training step of a (mini-)batch with <see cref="ITrainableNetwork{T}.BackpropagateBatch"/>, split over
/// <see cref="Threads"/> threads, update included. Split by rows (below), or by neurons when
/// <see cref="NeuronSplit{T}"/> is given a plan (BatchRunner.Neurons.cs: same workers, spinning and claiming, with
/// barriers between layers). By rows, a step has two phases, each cut into <see cref="Threads"/> pieces:
/// <list type="number">
/// <item>Gradients: the batch's rows (positions <c>[start, end)</c> of the sample order) are cut into one contiguous
/// part per thread. A part gathers its rows (checking each value on the way, <see cref="RowCheck"/>) into its own
/// buffers, in chunks of at most <see cref="MaxChunkRows"/>, and writes its own gradient buffer.</item>
/// <item>Update: the parameter vector is cut into slices at cache-line boundaries. A slice sums the parts' gradients
/// in part order and applies the optimizer's rule in the same pass, checking that every new parameter is finite
/// (<see cref="Optimizer{T}.ApplySlice"/>).</item>
/// </list>
/// Which thread runs which piece does not change a bit: the sums are always in part order, so results are
/// deterministic for a given thread count (and with one thread they are the unsplit step's).
/// <para>
/// Synchronization is what makes two cores pay at 32 rows per batch, where a half step takes tens of microseconds.
/// The workers are started once per Fit and stay on their core between steps: they spin on the step counter for up
/// a while (<see cref="SpinRounds"/>; the caller's work between two steps is far shorter), and only block when
/// the caller is away longer (between epochs). Blocking on every step, as a semaphore does, costs a wake-up per step
/// (a halted virtual CPU takes tens to hundreds of microseconds to resume), which made two threads slower than one.
/// Pieces are claimed with one atomic counter, and the caller claims too: a worker the OS schedules late leaves its
/// pieces to the caller instead of stalling the step. No barrier is needed beyond "all parts done" before a slice
/// starts, and "all slices done" before the caller returns. Nothing is allocated per step.
/// </para>
/// </summary>
internal sealed partial class BatchRunner<TNet, T> : IDisposable
    where TNet : struct, ITrainableNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Largest number of rows passed to one BackpropagateBatch call (bounds the workspace for full-batch training).</summary>
    public const int MaxChunkRows = BatchRunner.MaxChunkRows;

    /// <summary>
    /// How many rounds a waiting worker spins before it blocks: <see cref="SpinWait.SpinOnce(int)"/> spins for its first
    /// ten rounds, then yields the core (a system call that returns at once when nothing else wants it), so this is
    /// tens of microseconds on a quiet core and gives way on a busy one.
    /// </summary>
    private const int SpinRounds = 100;

    private readonly TNet _network;
    private readonly Dataset<T> _data;
    private readonly Loss _loss;
    private readonly int[] _order;
    private readonly bool _ordered;
    private readonly Optimizer<T> _optimizer;
    private readonly int _chunk, _batchSize, _inputSize, _targetSize;
    private readonly T[][] _gradients, _inputs, _targets, _workspaces;
    private readonly int[] _sliceStart; // slice s updates parameters [_sliceStart[s], _sliceStart[s + 1])
    private readonly PieceResult[] _results;
    private readonly Exception?[] _errors;
    private readonly Thread[] _workers;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _sleeping; // per worker: 1 while it is (about to be) blocked on its semaphore

    // The step being run: written by the caller before it publishes the step (_step), read by every thread after.
    private int _start, _end;
    private volatile bool _stopping;
    private int _step;            // the published step's number
    private long _claims;         // (step << 32) | next piece: parts 0..Threads-1, then slices Threads..2·Threads-1
    private int _partsDone, _slicesDone;

    /// <param name="network">The network (parameters and the batch entry point).</param>
    /// <param name="data">Training data (already validated once).</param>
    /// <param name="order">Sample order; positions passed to <see cref="Step"/> index it.</param>
    /// <param name="ordered">True when <paramref name="order"/> is the identity, so rows can be used in place.</param>
    /// <param name="batchSize">Largest batch passed to <see cref="Step"/>.</param>
    /// <param name="threads">Number of threads (≥ 1).</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="split">How threads share a step (<see cref="BatchSplit.Neurons"/> falls back to rows when the network has no layer to share).</param>
    public BatchRunner(TNet network, Dataset<T> data, int[] order, bool ordered, int batchSize, int threads, Optimizer<T> optimizer, BatchSplit split = BatchSplit.Auto)
    {
        _network = network;
        _data = data;
        _loss = network.Architecture.Loss;
        _order = order;
        _ordered = ordered;
        _optimizer = optimizer;
        _inputSize = data.InputSize;
        _targetSize = data.TargetSize;
        Threads = Math.Max(1, threads);
        var architecture = network.Architecture;
        if (BatchRunner.SplitsByNeurons(split, architecture, batchSize, Threads))
        {
            _neurons = new NeuronSplit<T>(architecture, network.Parameters, batchSize, Threads, network.BatchWorkspaceSize(0));
            _claimed = new int[_neurons.Phases.Length * Threads * Padding];
            _done = new int[_neurons.Phases.Length * Padding];
        }
        // A neuron split keeps its buffers in the plan: the per-thread row buffers below are not needed.
        int rowThreads = _neurons is null ? Threads : 0;
        _chunk = Math.Min(MaxChunkRows, (batchSize + Threads - 1) / Threads);
        _batchSize = batchSize;
        int parameters = network.Architecture.ParameterCount;
        _gradients = new T[Threads][];
        _inputs = new T[Threads][];
        _targets = new T[Threads][];
        _workspaces = new T[Threads][];
        for (int t = 0; t < Threads; t++)
        {
            if (t >= rowThreads)
            {
                _gradients[t] = _inputs[t] = _targets[t] = _workspaces[t] = [];
                continue;
            }
            _gradients[t] = new T[parameters];
            _inputs[t] = ordered ? [] : new T[_chunk * _inputSize];
            _targets[t] = ordered ? [] : new T[_chunk * _targetSize];
            _workspaces[t] = new T[network.BatchWorkspaceSize(_chunk)];
        }
        int alignment = Optimizer<T>.SliceAlignment, units = (parameters + alignment - 1) / alignment;
        _sliceStart = new int[Threads + 1];
        for (int s = 0; s <= Threads; s++) _sliceStart[s] = Math.Min(parameters, (int)((long)units * s / Threads) * alignment);
        _results = new PieceResult[Threads];
        _errors = new Exception?[Threads];
        _wake = new SemaphoreSlim[Threads - 1];
        _sleeping = new int[Threads - 1];
        _workers = new Thread[Threads - 1];
        for (int w = 0; w < _workers.Length; w++)
        {
            _wake[w] = new SemaphoreSlim(0);
            int worker = w;
            _workers[w] = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = $"NetGen trainer {w + 1}" };
            _workers[w].Start();
        }
    }

    /// <summary>Number of threads sharing each step.</summary>
    public int Threads { get; }

    /// <summary>
    /// Trains on the samples at order positions <c>[start, end)</c>: their summed gradient, scaled by
    /// <paramref name="gradientScale"/>, goes through the optimizer with <paramref name="learningRate"/>. Returns how
    /// the step ended; <paramref name="loss"/> is the samples' summed loss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public BatchOutcome Step(int start, int end, T learningRate, T gradientScale, out double loss)
    {
        _start = start;
        _end = end;
        _optimizer.BeginStep(learningRate, gradientScale);
        if (_neurons is not null) return NeuronStep(out loss);
        if (Threads == 1)
        {
            Part(0);
            Slice(0);
        }
        else
        {
            _partsDone = 0;
            _slicesDone = 0;
            int step = _step + 1;
            Volatile.Write(ref _claims, (long)step << 32);
            Publish(step);
            RunPieces(step);
            SpinUntil(ref _slicesDone, Threads);
        }
        loss = 0;
        bool rowsValid = true, finite = true;
        for (int t = 0; t < Threads; t++)
        {
            if (_errors[t] is { } error)
            {
                Array.Clear(_errors);
                ExceptionDispatchInfo.Capture(error).Throw();
            }
            loss += _results[t].Loss;
            rowsValid &= _results[t].RowsValid;
            finite &= _results[t].Finite;
        }
        return !rowsValid ? BatchOutcome.DataChanged : finite ? BatchOutcome.Updated : BatchOutcome.NotFinite;
    }

    /// <summary>Publishes step <paramref name="step"/> (its state is written) to the workers, waking those that sleep.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Publish(int step)
    {
        Interlocked.Exchange(ref _step, step); // a full fence before reading _sleeping
        for (int w = 0; w < _workers.Length; w++)
            if (Volatile.Read(ref _sleeping[w]) != 0 && Interlocked.Exchange(ref _sleeping[w], 0) != 0) _wake[w].Release();
    }

    /// <summary>Claims and runs pieces of step <paramref name="step"/> until none is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPieces(int step)
    {
        while (true)
        {
            long claims = Volatile.Read(ref _claims);
            int piece = (int)claims;
            if ((int)(claims >> 32) != step || piece >= 2 * Threads) return;
            if (Interlocked.CompareExchange(ref _claims, claims + 1, claims) != claims) continue;
            if (piece < Threads)
            {
                Part(piece);
                Interlocked.Increment(ref _partsDone);
            }
            else
            {
                SpinUntil(ref _partsDone, Threads);
                Slice(piece - Threads);
                Interlocked.Increment(ref _slicesDone);
            }
        }
    }

    /// <summary>Waits for work that another thread has claimed and is running (a bounded wait: no blocking).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SpinUntil(ref int counter, int value)
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref counter) < value) spinner.SpinOnce(sleep1Threshold: -1);
    }

    // Fully optimized from the start: the loop is entered once per Fit and would otherwise wait for on-stack replacement.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WorkerLoop(int worker)
    {
        int seen = 0;
        while (true)
        {
            int step = WaitForStep(worker, seen);
            if (_stopping) return;
            if (_neurons is not null) RunPhases(step, worker + 1);
            else RunPieces(step);
            seen = step;
        }
    }

    /// <summary>Spins until a step after <paramref name="seen"/> is published, then blocks if none came in time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int WaitForStep(int worker, int seen)
    {
        var spinner = new SpinWait();
        while (true)
        {
            int step = Volatile.Read(ref _step);
            if (step != seen || _stopping) return step;
            if (spinner.Count < SpinRounds)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            Interlocked.Exchange(ref _sleeping[worker], 1); // a full fence before reading _step again
            if (Volatile.Read(ref _step) == seen && !_stopping)
            {
                _wake[worker].Wait();
                spinner.Reset();
            }
            else if (Interlocked.Exchange(ref _sleeping[worker], 0) == 0)
            {
                _wake[worker].Wait(); // the caller saw the flag and released: take that release so none is left over
            }
        }
    }

    /// <summary>Phase 1: the gradient of part <paramref name="t"/>'s rows into its own buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Part(int t)
    {
        ref var result = ref _results[t];
        try
        {
            int size = _end - _start;
            int lo = _start + (int)((long)size * t / Threads), hi = _start + (int)((long)size * (t + 1) / Threads);
            Span<T> gradient = _gradients[t];
            if (hi <= lo) gradient.Clear(); // a part with no rows (a last batch smaller than the thread count)
            double loss = 0;
            bool valid = true;
            for (int from = lo; from < hi; from += _chunk)
            {
                int rows = Math.Min(_chunk, hi - from);
                ReadOnlySpan<T> inputs, targets;
                if (_ordered)
                {
                    int first = _order[from];
                    inputs = _data.Inputs.AsSpan(first * _inputSize, rows * _inputSize);
                    targets = _data.Targets.AsSpan(first * _targetSize, rows * _targetSize);
                    valid &= Guard.AllFinite(inputs);
                }
                else
                {
                    Span<T> x = _inputs[t], y = _targets[t];
                    var check = Vector<T>.Zero;
                    for (int r = 0; r < rows; r++)
                    {
                        int row = _order[from + r];
                        check = RowCheck.CopyChecked(_data.Input(row), x.Slice(r * _inputSize, _inputSize), check);
                        _data.Target(row).CopyTo(y.Slice(r * _targetSize, _targetSize));
                    }
                    valid &= Vector.EqualsAll(check, Vector<T>.Zero);
                    inputs = x.Slice(0, rows * _inputSize);
                    targets = y.Slice(0, rows * _targetSize);
                }
                valid &= RowCheck.TargetsValid(targets, _loss);
                if (from == lo) PrefetchNextRows(t);
                loss += double.CreateTruncating(_network.BackpropagateBatch(inputs, targets, rows, gradient, _workspaces[t], accumulate: from != lo));
            }
            result.Loss = loss;
            result.RowsValid = valid;
        }
        catch (Exception error)
        {
            _errors[t] = error;
            result.RowsValid = true;
        }
    }

    /// <summary>
    /// Prefetches part <paramref name="t"/>'s rows of the next step (the next <see cref="_batchSize"/> order positions),
    /// while this step computes. Shuffled rows lie anywhere in the dataset; gathering them cold waited on memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrefetchNextRows(int t)
    {
        if (_ordered) return; // consecutive rows: the hardware prefetcher follows them
        int next = Math.Min(_batchSize, _order.Length - _end);
        int lo = _end + (int)((long)next * t / Threads), hi = _end + (int)((long)next * (t + 1) / Threads);
        for (int p = lo; p < hi; p++) RowCheck.Prefetch(_data.Input(_order[p]));
    }

    /// <summary>Phase 2: sums the parts' gradients over slice <paramref name="s"/> and updates it (after every part is done).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Slice(int s)
    {
        ref var result = ref _results[s];
        result.Finite = true;
        bool skip = false;
        for (int t = 0; t < Threads; t++) skip |= _errors[t] is not null || !_results[t].RowsValid;
        if (skip) return; // the step fails: keep the parameters as they are
        int lo = _sliceStart[s], hi = _sliceStart[s + 1];
        if (hi <= lo) return;
        try
        {
            Span<T> parameters = _network.Parameters;
            // ((g0 + g1) + g2) + ...: part order whatever the thread count; the last addition is fused with the update.
            for (int t = 1; t < Threads - 1; t++)
                TensorPrimitives.Add(_gradients[0].AsSpan(lo, hi - lo), _gradients[t].AsSpan(lo, hi - lo), _gradients[0].AsSpan(lo, hi - lo));
            result.Finite = _optimizer.ApplySlice(parameters, _gradients[0], Threads == 1 ? default : _gradients[Threads - 1], lo, hi);
        }
        catch (Exception error)
        {
            _errors[s] ??= error; // reported by Step; a worker must still count its slice as done
        }
    }

    public void Dispose()
    {
        _stopping = true;
        Interlocked.Increment(ref _step);
        for (int w = 0; w < _workers.Length; w++) _wake[w].Release();
        foreach (var worker in _workers) worker.Join();
        foreach (var wake in _wake) wake.Dispose();
    }

    /// <summary>What one piece reports, a cache line apart from the next so that threads do not share lines.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    private struct PieceResult
    {
        public double Loss;
        public bool RowsValid;
        public bool Finite;
    }
}
