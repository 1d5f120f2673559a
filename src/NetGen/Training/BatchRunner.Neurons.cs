using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen;

// The per-step methods are fully optimized at their first call: with both cores busy, tier-0 code waits for a
// background JIT thread that has no free core (the first epoch ran 0.8x one thread).
// The step split by neurons (NeuronSplit's plan): phases separated by barriers, each cut into pieces. Thread t runs
// piece t of every phase (so it keeps the same neurons, and their weights stay in its core's cache); a thread that
// waits at a barrier long enough to yield takes over a piece nobody has claimed yet (a worker the OS scheduled late,
// or one still waking up), so the step never waits for a sleeping core. Claims are per piece and stamped with the
// step number: a worker still in an older step can claim nothing of the new one. A piece that fails records the
// error and still counts as done, so no barrier waits forever; later pieces then do nothing.
internal sealed partial class BatchRunner<TNet, T>
{
    // ints per counter: one cache line each, so threads spinning on one do not disturb another.
    private const int Padding = 16;

    private readonly NeuronSplit<T>? _neurons;
    private readonly int[] _claimed = [], _done = [];
    private int _count, _notFinite;
    private double _stepLoss;

    /// <summary>Whether steps are split by neurons (else by rows).</summary>
    public bool SplitsByNeurons => _neurons is not null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private BatchOutcome NeuronStep(out double loss)
    {
        _count = _end - _start;
        _notFinite = 0;
        _stepLoss = 0;
        for (int p = 0; p < _neurons!.Phases.Length; p++) _done[p * Padding] = 0;
        int step = _step + 1;
        Publish(step);
        RunPhases(step, 0);
        WaitForPhase(_neurons.Phases.Length - 1, step);
        loss = _stepLoss;
        if (_errors[0] is { } error)
        {
            _errors[0] = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
        return !RowsValid() ? BatchOutcome.DataChanged : _notFinite == 0 ? BatchOutcome.Updated : BatchOutcome.NotFinite;
    }

    /// <summary>Runs thread <paramref name="thread"/>'s pieces of step <paramref name="step"/>, phase after phase.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPhases(int step, int thread)
    {
        var phases = _neurons!.Phases;
        for (int p = 0; p < phases.Length; p++)
        {
            if (p > 0) WaitForPhase(p - 1, step);
            if (thread < phases[p].Pieces) TryRun(p, thread, step);
        }
    }

    /// <summary>Waits until every piece of phase <paramref name="p"/> is done, taking over unclaimed ones once waiting grows long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WaitForPhase(int p, int step)
    {
        int pieces = _neurons!.Phases[p].Pieces;
        var spinner = new SpinWait();
        while (Volatile.Read(ref _done[p * Padding]) < pieces)
        {
            if (spinner.NextSpinWillYield)
                for (int i = 0; i < pieces; i++) TryRun(p, i, step);
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Runs piece <paramref name="piece"/> of phase <paramref name="p"/> if this thread claims it first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TryRun(int p, int piece, int step)
    {
        ref int claim = ref _claimed[(p * Threads + piece) * Padding];
        int seen = Volatile.Read(ref claim);
        if (seen >= step || Interlocked.CompareExchange(ref claim, step, seen) != seen) return;
        try
        {
            if (_errors[0] is null && (p == 0 || RowsValid())) RunPiece(p, piece);
        }
        catch (Exception error)
        {
            Interlocked.CompareExchange(ref _errors[0], error, null);
        }
        Interlocked.Increment(ref _done[p * Padding]);
    }

    /// <summary>Whether every gathered row passed the check (read after the gather phase).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RowsValid()
    {
        for (int t = 0; t < Threads; t++)
            if (!_results[t].RowsValid) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPiece(int p, int piece)
    {
        var plan = _neurons!;
        var (kind, layer, _) = plan.Phases[p];
        if (kind == NeuronPhase.Gather)
        {
            Gather(piece);
            return;
        }
        int from = plan.Bounds[layer][piece], to = plan.Bounds[layer][piece + 1], count = _count;
        if (to <= from) return;
        var arch = plan.Architecture;
        // The first layer's neurons of this piece live in its own buffers (NeuronSplit.PieceParameters); the rest in the network's.
        bool own = layer == 0 && plan.OwnsFirstLayer;
        Span<T> shared = _network.Parameters, parameters = own ? plan.PieceParameters[piece].Span : shared;
        Span<T> g = own ? plan.PieceGradients[piece].Span : plan.Gradients.Span;
        ReadOnlySpan<T> x = layer == 0 ? Inputs() : plan.A[layer - 1].Span.Slice(0, count * arch.FanIn(layer));
        Span<T> z = Rows(plan.Z, layer), a = Rows(plan.A, layer), da = Rows(plan.Da, layer), d = Rows(plan.D, layer);
        switch (kind)
        {
            case NeuronPhase.Forward:
                _network.BatchForwardRange(layer, parameters, x, z, a, count, from, to);
                break;
            case NeuronPhase.Output:
                _network.BatchForwardRange(layer, parameters, x, z, a, count, from, to);
                ReadOnlySpan<T> y = Targets();
                _stepLoss = double.CreateTruncating(_network.BatchLoss(z, a, y, count));
                _network.BatchDeltaRange(layer, parameters, g, x, z, a, da, y, d, count, from, to, accumulate: false);
                UpdateNeurons(layer, parameters, g, from, to); // its weights: with the rows that read them, in the next phase
                break;
            case NeuronPhase.Back:
                int next = layer + 1, width = arch.Layers[next].Size, weights = arch.WeightOffset(next);
                _network.BatchInputGradientRange(next, shared, Rows(plan.D, next), da, plan.Scratch[piece], count, from, to);
                Update(shared, plan.Gradients.Span, weights + from * width, weights + to * width); // rows [from, to) of W_next: read for the last time
                _network.BatchDeltaRange(layer, parameters, g, x, z, a, da, Targets(), d, count, from, to, accumulate: false);
                UpdateNeurons(layer, parameters, g, from, to);
                if (layer == 0 && !_optimizer.ApplyColumns(parameters, g, arch.WeightOffset(0) + from, arch.InputSize, to - from, arch.Layers[0].Size))
                    Volatile.Write(ref _notFinite, 1); // the first layer's weights: its columns [from, to) of every input's row
                break;
        }
    }

    /// <summary>The biases and slopes of neurons <c>[from, to)</c> of <paramref name="layer"/> (no later phase reads them).</summary>
    private void UpdateNeurons(int layer, Span<T> parameters, ReadOnlySpan<T> gradients, int from, int to)
    {
        var arch = _neurons!.Architecture;
        if (arch.Layers[layer].HasBias)
        {
            int bias = arch.WeightOffset(layer) + arch.WeightCount(layer);
            Update(parameters, gradients, bias + from, bias + to);
        }
        if (arch.SlopeOffset(layer) is int slopes and >= 0) Update(parameters, gradients, slopes + from, slopes + to);
    }

    private void Update(Span<T> parameters, ReadOnlySpan<T> gradients, int from, int to)
    {
        if (!_optimizer.ApplySlice(parameters, gradients, default, from, to)) Volatile.Write(ref _notFinite, 1);
    }

    /// <summary>
    /// Before an epoch's steps: moves the parameters a split keeps in buffers of its own there (the caller may have
    /// changed the network's parameters since the last epoch, for example by restoring a snapshot).
    /// </summary>
    public void BeginEpoch() => _neurons?.LoadFirstLayer(_network.Parameters);

    /// <summary>After an epoch's steps (also when one threw): brings those parameters back into the network's buffer.</summary>
    public void EndEpoch() => _neurons?.StoreFirstLayer(_network.Parameters);

    private Span<T> Rows(AlignedBuffer<T>[] buffers, int layer) =>
        buffers[layer].Span.Slice(0, _count * _neurons!.Architecture.Layers[layer].Size);

    private ReadOnlySpan<T> Inputs() => _ordered
        ? _data.Inputs.AsSpan(_order[_start] * _inputSize, _count * _inputSize)
        : _neurons!.Inputs.Span.Slice(0, _count * _inputSize);

    private ReadOnlySpan<T> Targets() => _ordered
        ? _data.Targets.AsSpan(_order[_start] * _targetSize, _count * _targetSize)
        : _neurons!.Targets.Span.Slice(0, _count * _targetSize);

    /// <summary>Piece <paramref name="t"/> of the gather phase: checks (and when shuffled, copies) its share of the rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(int t)
    {
        int lo = (int)((long)_count * t / Threads), hi = (int)((long)_count * (t + 1) / Threads);
        bool valid;
        if (_ordered)
        {
            valid = Guard.AllFinite(Inputs().Slice(lo * _inputSize, (hi - lo) * _inputSize))
                && RowCheck.TargetsValid(Targets().Slice(lo * _targetSize, (hi - lo) * _targetSize), _loss);
        }
        else
        {
            Span<T> x = _neurons!.Inputs.Span, y = _neurons.Targets.Span;
            var check = Vector<T>.Zero;
            for (int r = lo; r < hi; r++)
            {
                int row = _order[_start + r];
                check = RowCheck.CopyChecked(_data.Input(row), x.Slice(r * _inputSize, _inputSize), check);
                _data.Target(row).CopyTo(y.Slice(r * _targetSize, _targetSize));
            }
            valid = Vector.EqualsAll(check, Vector<T>.Zero) && RowCheck.TargetsValid(y.Slice(lo * _targetSize, (hi - lo) * _targetSize), _loss);
            PrefetchNextRows(t);
        }
        _results[t].RowsValid = valid;
    }
}
