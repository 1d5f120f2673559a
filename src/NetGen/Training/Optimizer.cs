using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// Applies one update to a flat parameter buffer from a gradient buffer of the same layout. State (momentum
/// velocity, Adam moments) is allocated once in the constructor; <see cref="Step"/> never allocates.
/// <para>
/// With g the raw gradient, s the gradient scale (1/m for an averaged batch of m samples), λ the weight decay
/// (weights only, coupled L2) and α the learning rate, the effective gradient is <c>ĝ = s g + λ θ</c>, then
/// SGD: <c>θ ← θ − α ĝ</c> (one fused multiply-add, as <see cref="GradientStep"/>); momentum: <c>v ← μ v + ĝ; θ ← θ − α v</c>;
/// Adam: <c>m ← β₁ m + (1 − β₁) ĝ; v ← β₂ v + (1 − β₂) ĝ²; θ ← θ − α m̂ / (√v̂ + ε)</c> with
/// <c>m̂ = m / (1 − β₁ᵗ)</c>, <c>v̂ = v / (1 − β₂ᵗ)</c>.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly OptimizerKind _kind;
    private readonly T _momentum, _beta1, _beta2, _epsilon;
    private readonly T[]? _velocity, _moment1, _moment2;
    private readonly T[]? _decay; // λ for weights, 0 for biases and slopes; null when λ = 0
    private T _beta1Power = T.One, _beta2Power = T.One;
    private Rule _rule;

    /// <summary>Creates the optimizer chosen in <paramref name="options"/> for <paramref name="architecture"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient (momentum, β, ε, weight decay) is out of range, or
    /// rounds in <typeparamref name="T"/> to a value that breaks the update (see <see cref="TrainingOptions.Validate{T}"/>).</exception>
    public Optimizer(NetworkArchitecture architecture, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateOptimizerIn<T>();
        int count = architecture.ParameterCount;
        ParameterCount = count;
        _kind = options.Optimizer;
        _momentum = T.CreateTruncating(options.Momentum);
        _beta1 = T.CreateTruncating(options.Beta1);
        _beta2 = T.CreateTruncating(options.Beta2);
        _epsilon = T.CreateTruncating(options.Epsilon);
        if (_kind == OptimizerKind.Momentum) _velocity = new T[count];
        if (_kind == OptimizerKind.Adam)
        {
            _moment1 = new T[count];
            _moment2 = new T[count];
        }
        if (options.WeightDecay > 0)
        {
            _decay = new T[count];
            var lambda = T.CreateTruncating(options.WeightDecay);
            for (int l = 0; l < architecture.Layers.Count; l++)
                _decay.AsSpan(architecture.WeightOffset(l), architecture.WeightCount(l)).Fill(lambda);
        }
    }

    /// <summary>Plain SGD without weight decay: exactly <see cref="GradientStep"/>'s rule, which the trainer calls directly.</summary>
    internal bool IsPlainSgd => _kind == OptimizerKind.Sgd && _decay is null;

    /// <summary>Number of parameters this optimizer updates.</summary>
    public int ParameterCount { get; }

    /// <summary>Number of updates applied since construction or <see cref="Reset"/>.</summary>
    public long StepCount { get; private set; }

    /// <summary>Clears the optimizer state (velocity, moments, step count).</summary>
    public void Reset()
    {
        _velocity?.AsSpan().Clear();
        _moment1?.AsSpan().Clear();
        _moment2?.AsSpan().Clear();
        _beta1Power = T.One;
        _beta2Power = T.One;
        StepCount = 0;
    }

    /// <summary>Updates <paramref name="parameters"/> with <paramref name="gradients"/> × <paramref name="gradientScale"/>.</summary>
    /// <exception cref="ArgumentException">A buffer length differs from <see cref="ParameterCount"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is not a positive normal <typeparamref name="T"/>.</exception>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, T gradientScale)
    {
        if (parameters.Length != ParameterCount || gradients.Length != ParameterCount)
            throw new ArgumentException(
                Invariant($"Expected {ParameterCount} parameters and gradients, got {parameters.Length} and {gradients.Length}."));
        Guard.LearningRate(learningRate, nameof(learningRate));
        BeginStep(learningRate, gradientScale);
        ApplySlice(parameters, gradients, default, 0, parameters.Length);
    }

    /// <summary>
    /// Starts one update: counts it (and advances Adam's bias corrections) and fixes its rule, which
    /// <see cref="ApplySlice"/> then applies to any part of the buffers, so threads can update disjoint parts.
    /// The caller has checked the buffers and the learning rate.
    /// </summary>
    internal void BeginStep(T learningRate, T gradientScale)
    {
        StepCount++;
        if (_kind == OptimizerKind.Adam)
        {
            _beta1Power *= _beta1;
            _beta2Power *= _beta2;
        }
        _rule = new Rule(this, learningRate, gradientScale);
    }

    /// <summary>
    /// Applies the rule fixed by <see cref="BeginStep"/> to elements <c>[from, to)</c>, with the gradient
    /// <paramref name="gradients"/> + <paramref name="second"/> (empty: none), in one pass that also checks the result.
    /// <paramref name="from"/> is a multiple of <see cref="SliceAlignment"/>. Returns whether every updated parameter
    /// is finite; they are written either way (the trainer restores its snapshot when one is not).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool ApplySlice(Span<T> parameters, ReadOnlySpan<T> gradients, ReadOnlySpan<T> second, int from, int to)
    {
        int width = Vector<T>.Count, length = to - from, whole = length - length % width;
        Span<T> p = parameters.Slice(from, length);
        ReadOnlySpan<T> g = gradients.Slice(from, length), g2 = second.IsEmpty ? default : second.Slice(from, length);
        ReadOnlySpan<T> decay = _decay is null ? default : _decay.AsSpan(from, length);
        Span<T> state1 = _kind switch { OptimizerKind.Momentum => _velocity.AsSpan(from, length), OptimizerKind.Adam => _moment1.AsSpan(from, length), _ => default };
        Span<T> state2 = _kind == OptimizerKind.Adam ? _moment2.AsSpan(from, length) : default;

        Vector<T> bad = _kind == OptimizerKind.Sgd && decay.IsEmpty
            ? _rule.PlainSgd(p.Slice(0, whole), g.Slice(0, whole), g2.IsEmpty ? default : g2.Slice(0, whole))
            : _rule.ApplyAll(p.Slice(0, whole), g.Slice(0, whole), g2.IsEmpty ? default : g2.Slice(0, whole),
                decay.IsEmpty ? default : decay.Slice(0, whole), state1.IsEmpty ? default : state1.Slice(0, whole), state2.IsEmpty ? default : state2.Slice(0, whole));
        if (whole == length) return Vector.EqualsAll(bad, Vector<T>.Zero);

        // The last partial vector goes through the same code on zero-padded copies; only its own lanes are written back.
        int tail = length - whole;
        Span<T> tp = stackalloc T[width], tg = stackalloc T[width], td = stackalloc T[width], tm = stackalloc T[width], tv = stackalloc T[width];
        tp.Clear(); tg.Clear(); td.Clear(); tm.Clear(); tv.Clear();
        p.Slice(whole).CopyTo(tp);
        g.Slice(whole).CopyTo(tg);
        if (!g2.IsEmpty)
            for (int k = 0; k < tail; k++) tg[k] += g2[whole + k];
        if (!decay.IsEmpty) decay.Slice(whole).CopyTo(td);
        if (!state1.IsEmpty) state1.Slice(whole).CopyTo(tm);
        if (!state2.IsEmpty) state2.Slice(whole).CopyTo(tv);
        bad += _rule.ApplyAll(tp, tg, default, decay.IsEmpty ? default : td, state1.IsEmpty ? default : tm, state2.IsEmpty ? default : tv);
        tp.Slice(0, tail).CopyTo(p.Slice(whole));
        if (!state1.IsEmpty) tm.Slice(0, tail).CopyTo(state1.Slice(whole));
        if (!state2.IsEmpty) tv.Slice(0, tail).CopyTo(state2.Slice(whole));
        return Vector.EqualsAll(bad, Vector<T>.Zero);
    }

    /// <summary>
    /// <see cref="ApplySlice"/> (without a second gradient) over <paramref name="rows"/> runs of <paramref name="columns"/>
    /// elements, <paramref name="stride"/> apart from <paramref name="from"/>: one thread's block of columns of a
    /// weight matrix. The same rule per element, so the same bits; the per-call costs are paid once, not per row
    /// (784 rows of 64: 24 µs as calls of <see cref="ApplySlice"/>, 5.5 µs as one contiguous call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool ApplyColumns(Span<T> parameters, ReadOnlySpan<T> gradients, int from, int rows, int columns, int stride)
    {
        bool finite = true;
        if (columns % Vector<T>.Count != 0)
        {
            for (int r = 0; r < rows; r++) finite &= ApplySlice(parameters, gradients, default, from + r * stride, from + r * stride + columns);
            return finite;
        }
        bool plain = _kind == OptimizerKind.Sgd && _decay is null;
        var bad = Vector<T>.Zero;
        for (int r = 0, at = from; r < rows; r++, at += stride)
        {
            Span<T> p = parameters.Slice(at, columns);
            ReadOnlySpan<T> g = gradients.Slice(at, columns);
            bad += plain
                ? _rule.PlainSgd(p, g, default)
                : _rule.ApplyAll(p, g, default, _decay is null ? default : _decay.AsSpan(at, columns),
                    _kind switch { OptimizerKind.Momentum => _velocity.AsSpan(at, columns), OptimizerKind.Adam => _moment1.AsSpan(at, columns), _ => default },
                    _kind == OptimizerKind.Adam ? _moment2.AsSpan(at, columns) : default);
        }
        return Vector.EqualsAll(bad, Vector<T>.Zero);
    }

    /// <summary>
    /// Elements per cache line (and a whole number of vectors): slices that start at multiples of it give the same
    /// bits as one call over everything and do not share cache lines between threads (in an aligned buffer).
    /// </summary>
    internal static int SliceAlignment => Math.Max(Vector<T>.Count, 64 / Unsafe.SizeOf<T>());

    /// <summary>
    /// The update of one vector of parameters, written once. Each line is the formula in the class summary with the
    /// operations in that order (no contraction into FMA, except SGD's single fused step), so a lane rounds exactly as
    /// the scalar formula would. Every loop also sums <c>t − t</c> over the new parameters t: 0 while all are finite,
    /// NaN from the first that is not, so the check costs no extra pass.
    /// </summary>
    private readonly struct Rule
    {
        private readonly OptimizerKind _kind;
        private readonly Vector<T> _rate, _scale, _momentum, _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _correction1, _correction2, _epsilon;

        public Rule(Optimizer<T> optimizer, T learningRate, T gradientScale)
        {
            _kind = optimizer._kind;
            _rate = new Vector<T>(learningRate);
            _scale = new Vector<T>(gradientScale);
            _momentum = new Vector<T>(optimizer._momentum);
            _beta1 = new Vector<T>(optimizer._beta1);
            _beta2 = new Vector<T>(optimizer._beta2);
            _oneMinusBeta1 = new Vector<T>(T.One - optimizer._beta1);
            _oneMinusBeta2 = new Vector<T>(T.One - optimizer._beta2);
            _correction1 = new Vector<T>(T.One / (T.One - optimizer._beta1Power));
            _correction2 = new Vector<T>(T.One / (T.One - optimizer._beta2Power));
            _epsilon = new Vector<T>(optimizer._epsilon);
        }

        /// <summary>SGD without weight decay over whole vectors, <paramref name="second"/> (if any) added to the gradient.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Vector<T> PlainSgd(Span<T> parameters, ReadOnlySpan<T> gradients, ReadOnlySpan<T> second)
        {
            var p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            var g = MemoryMarshal.Cast<T, Vector<T>>(gradients);
            var step = -_rate;
            Vector<T> bad0 = Vector<T>.Zero, bad1 = Vector<T>.Zero;
            int v = 0;
            if (second.IsEmpty)
            {
                // Rounded once, as GradientStep (TrainStep's rule): θ − α ĝ = fma(−α, ĝ, θ); two chains for the check.
                for (; v + 2 <= p.Length; v += 2)
                {
                    var t0 = GradientStep.Fma(step, _scale * g[v], p[v]);
                    var t1 = GradientStep.Fma(step, _scale * g[v + 1], p[v + 1]);
                    p[v] = t0;
                    p[v + 1] = t1;
                    bad0 += t0 - t0;
                    bad1 += t1 - t1;
                }
            }
            else
            {
                var g2 = MemoryMarshal.Cast<T, Vector<T>>(second).Slice(0, p.Length);
                for (; v + 2 <= p.Length; v += 2)
                {
                    var t0 = GradientStep.Fma(step, _scale * (g[v] + g2[v]), p[v]);
                    var t1 = GradientStep.Fma(step, _scale * (g[v + 1] + g2[v + 1]), p[v + 1]);
                    p[v] = t0;
                    p[v + 1] = t1;
                    bad0 += t0 - t0;
                    bad1 += t1 - t1;
                }
            }
            if (v < p.Length)
            {
                var t = GradientStep.Fma(step, _scale * (second.IsEmpty ? g[v] : g[v] + MemoryMarshal.Cast<T, Vector<T>>(second)[v]), p[v]);
                p[v] = t;
                bad0 += t - t;
            }
            return bad0 + bad1;
        }

        /// <summary>Any rule over whole vectors; empty <paramref name="decay"/> means no weight decay.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Vector<T> ApplyAll(Span<T> parameters, ReadOnlySpan<T> gradients, ReadOnlySpan<T> second, ReadOnlySpan<T> decay, Span<T> state1, Span<T> state2)
        {
            var p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            var g = MemoryMarshal.Cast<T, Vector<T>>(gradients);
            var g2 = MemoryMarshal.Cast<T, Vector<T>>(second);
            var d = MemoryMarshal.Cast<T, Vector<T>>(decay);
            var s1 = MemoryMarshal.Cast<T, Vector<T>>(state1);
            var s2 = MemoryMarshal.Cast<T, Vector<T>>(state2);
            var bad = Vector<T>.Zero;
            for (int v = 0; v < p.Length; v++)
            {
                var t = Apply(p[v], g2.IsEmpty ? g[v] : g[v] + g2[v], d.IsEmpty ? Vector<T>.Zero : d[v],
                    ref s1.IsEmpty ? ref Unsafe.NullRef<Vector<T>>() : ref s1[v], ref s2.IsEmpty ? ref Unsafe.NullRef<Vector<T>>() : ref s2[v], !d.IsEmpty);
                p[v] = t;
                bad += t - t;
            }
            return bad;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector<T> Apply(Vector<T> p, Vector<T> gradient, Vector<T> decay, ref Vector<T> state1, ref Vector<T> state2, bool decays)
        {
            var g = _scale * gradient;
            if (decays) g += decay * p;
            switch (_kind)
            {
                case OptimizerKind.Sgd:
                    // Rounded once, as GradientStep (TrainStep's rule): θ − α ĝ = fma(−α, ĝ, θ).
                    return GradientStep.Fma(-_rate, g, p);
                case OptimizerKind.Momentum:
                {
                    var velocity = _momentum * state1 + g;
                    state1 = velocity;
                    return p - _rate * velocity;
                }
                default:
                {
                    var m = _beta1 * state1 + _oneMinusBeta1 * g;
                    var v = _beta2 * state2 + _oneMinusBeta2 * g * g;
                    state1 = m;
                    state2 = v;
                    return p - _rate * (m * _correction1) / (Vector.SquareRoot(v * _correction2) + _epsilon);
                }
            }
        }
    }
}
