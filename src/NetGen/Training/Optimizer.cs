using System.Numerics;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// Applies one update to a flat parameter buffer from a gradient buffer of the same layout. State (momentum
/// velocity, Adam moments) is allocated once in the constructor; <see cref="Step"/> never allocates.
/// <para>
/// With g the raw gradient, s the gradient scale (1/m for an averaged batch of m samples), λ the weight decay
/// (weights only, coupled L2) and α the learning rate, the effective gradient is <c>ĝ = s g + λ θ</c>, then
/// SGD: <c>θ ← θ − α ĝ</c>; momentum: <c>v ← μ v + ĝ; θ ← θ − α v</c>;
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
    public Optimizer(NetworkArchitecture architecture, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(options);
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
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, T gradientScale)
    {
        if (parameters.Length != ParameterCount || gradients.Length != ParameterCount)
            throw new ArgumentException(
                $"Expected {ParameterCount} parameters and gradients, got {parameters.Length} and {gradients.Length}.");
        StepCount++;
        ReadOnlySpan<T> decay = _decay;
        bool decays = _decay is not null;
        switch (_kind)
        {
            case OptimizerKind.Sgd:
            {
                // Vectorized with the scalar loop's exact operations (no contraction into FMA), so both round alike.
                int i = 0;
                if (Vector.IsHardwareAccelerated && !decays)
                {
                    var vs = new Vector<T>(gradientScale);
                    var vr = new Vector<T>(learningRate);
                    var p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
                    var gv = MemoryMarshal.Cast<T, Vector<T>>(gradients);
                    for (int k = 0; k < p.Length; k++) p[k] -= vr * (vs * gv[k]);
                    i = p.Length * Vector<T>.Count;
                }
                for (; i < parameters.Length; i++)
                {
                    T g = gradientScale * gradients[i];
                    if (decays) g += decay[i] * parameters[i];
                    parameters[i] -= learningRate * g;
                }
                break;
            }
            case OptimizerKind.Momentum:
            {
                var v = _velocity.AsSpan();
                int i = 0;
                if (Vector.IsHardwareAccelerated && !decays)
                {
                    var vs = new Vector<T>(gradientScale);
                    var vr = new Vector<T>(learningRate);
                    var vm = new Vector<T>(_momentum);
                    var p = MemoryMarshal.Cast<T, Vector<T>>(parameters);
                    var gv = MemoryMarshal.Cast<T, Vector<T>>(gradients);
                    var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
                    for (int k = 0; k < p.Length; k++)
                    {
                        vv[k] = vm * vv[k] + vs * gv[k];
                        p[k] -= vr * vv[k];
                    }
                    i = p.Length * Vector<T>.Count;
                }
                for (; i < parameters.Length; i++)
                {
                    T g = gradientScale * gradients[i];
                    if (decays) g += decay[i] * parameters[i];
                    v[i] = _momentum * v[i] + g;
                    parameters[i] -= learningRate * v[i];
                }
                break;
            }
            default:
            {
                var m = _moment1.AsSpan();
                var v = _moment2.AsSpan();
                _beta1Power *= _beta1;
                _beta2Power *= _beta2;
                T correction1 = T.One / (T.One - _beta1Power);
                T correction2 = T.One / (T.One - _beta2Power);
                T oneMinusBeta1 = T.One - _beta1, oneMinusBeta2 = T.One - _beta2;
                for (int i = 0; i < parameters.Length; i++)
                {
                    T g = gradientScale * gradients[i];
                    if (decays) g += decay[i] * parameters[i];
                    m[i] = _beta1 * m[i] + oneMinusBeta1 * g;
                    v[i] = _beta2 * v[i] + oneMinusBeta2 * g * g;
                    T mHat = m[i] * correction1;
                    T vHat = v[i] * correction2;
                    parameters[i] -= learningRate * mHat / (T.Sqrt(vHat) + _epsilon);
                }
                break;
            }
        }
    }
}
