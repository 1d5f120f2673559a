using System.Numerics;
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
        StepCount++;
        if (_kind == OptimizerKind.Adam)
        {
            _beta1Power *= _beta1;
            _beta2Power *= _beta2;
        }
        var rule = new Rule(this, learningRate, gradientScale);
        Span<T> state1 = _kind switch { OptimizerKind.Momentum => _velocity, OptimizerKind.Adam => _moment1, _ => null };
        Span<T> state2 = _moment2;
        ReadOnlySpan<T> decay = _decay;

        int width = Vector<T>.Count, whole = parameters.Length - parameters.Length % width;
        for (int i = 0; i < whole; i += width)
            rule.Apply(parameters.Slice(i), gradients.Slice(i), decay.IsEmpty ? decay : decay.Slice(i),
                state1.IsEmpty ? state1 : state1.Slice(i), state2.IsEmpty ? state2 : state2.Slice(i));
        if (whole == parameters.Length) return;

        // The last partial vector goes through the same code on zero-padded copies; only its own lanes are written back.
        int tail = parameters.Length - whole;
        Span<T> p = stackalloc T[width], g = stackalloc T[width], d = stackalloc T[width], m = stackalloc T[width], v = stackalloc T[width];
        p.Clear(); g.Clear(); d.Clear(); m.Clear(); v.Clear();
        parameters.Slice(whole).CopyTo(p);
        gradients.Slice(whole).CopyTo(g);
        if (!decay.IsEmpty) decay.Slice(whole).CopyTo(d);
        if (!state1.IsEmpty) state1.Slice(whole).CopyTo(m);
        if (!state2.IsEmpty) state2.Slice(whole).CopyTo(v);
        rule.Apply(p, g, decay.IsEmpty ? default : d, state1.IsEmpty ? default : m, state2.IsEmpty ? default : v);
        p.Slice(0, tail).CopyTo(parameters.Slice(whole));
        if (!state1.IsEmpty) m.Slice(0, tail).CopyTo(state1.Slice(whole));
        if (!state2.IsEmpty) v.Slice(0, tail).CopyTo(state2.Slice(whole));
    }

    /// <summary>
    /// The update of one vector of parameters, written once. Each line is the formula in the class summary with the
    /// operations in that order (no contraction into FMA, except SGD's single fused step), so a lane rounds exactly as the scalar formula would.
    /// </summary>
    private readonly ref struct Rule
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

        /// <summary>Updates the first <c>Vector&lt;T&gt;.Count</c> elements; empty <paramref name="decay"/> means no weight decay.</summary>
        public void Apply(Span<T> parameters, ReadOnlySpan<T> gradients, ReadOnlySpan<T> decay, Span<T> state1, Span<T> state2)
        {
            var p = new Vector<T>(parameters);
            var g = _scale * new Vector<T>(gradients);
            if (!decay.IsEmpty) g += new Vector<T>(decay) * p;
            switch (_kind)
            {
                case OptimizerKind.Sgd:
                    // Rounded once, as GradientStep (TrainStep's rule): θ − α ĝ = fma(−α, ĝ, θ).
                    p = GradientStep.Fma(-_rate, g, p);
                    break;
                case OptimizerKind.Momentum:
                {
                    var velocity = _momentum * new Vector<T>(state1) + g;
                    velocity.CopyTo(state1);
                    p -= _rate * velocity;
                    break;
                }
                default:
                {
                    var m = _beta1 * new Vector<T>(state1) + _oneMinusBeta1 * g;
                    var v = _beta2 * new Vector<T>(state2) + _oneMinusBeta2 * g * g;
                    m.CopyTo(state1);
                    v.CopyTo(state2);
                    p -= _rate * (m * _correction1) / (Vector.SquareRoot(v * _correction2) + _epsilon);
                    break;
                }
            }
            p.CopyTo(parameters);
        }
    }
}
