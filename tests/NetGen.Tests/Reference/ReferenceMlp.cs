using System.Numerics;

namespace NetGen.Tests.Reference;

/// <summary>
/// A plain, deliberately unoptimized multilayer perceptron: arrays and loops, one <c>Fc</c> (forward) and one
/// <c>Bc</c> (backward) function per layer as in the course. It uses exactly the parameter layout of
/// <see cref="NetworkArchitecture"/> and is the reference the generated code is checked against.
/// </summary>
public sealed class ReferenceMlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Smallest probability fed to log in the cross-entropy losses.</summary>
    public static readonly T Tiny = T.CreateTruncating(1e-12);

    private readonly T[][] _z;      // pre-activations per layer (training workspace)
    private readonly T[][] _a;      // activations per layer
    private readonly T[][] _gradA;  // ∂C/∂a per layer
    private readonly T[][] _delta;  // ∂C/∂z per layer
    private readonly T[][] _pz;     // prediction workspace (Predict never touches the training one)
    private readonly T[][] _pa;

    public ReferenceMlp(NetworkArchitecture architecture)
    {
        Architecture = architecture;
        Parameters = new T[architecture.ParameterCount];
        Gradients = new T[architecture.ParameterCount];
        int layers = architecture.Layers.Count;
        _z = new T[layers][]; _a = new T[layers][]; _gradA = new T[layers][]; _delta = new T[layers][];
        _pz = new T[layers][]; _pa = new T[layers][];
        for (int l = 0; l < layers; l++)
        {
            int m = architecture.Layers[l].Size;
            _z[l] = new T[m]; _a[l] = new T[m]; _gradA[l] = new T[m]; _delta[l] = new T[m];
            _pz[l] = new T[m]; _pa[l] = new T[m];
        }
    }

    public NetworkArchitecture Architecture { get; }
    public T[] Parameters { get; }
    public T[] Gradients { get; }

    /// <summary>Fills the parameters with <see cref="ParameterInitializer"/>.</summary>
    public ReferenceMlp<T> Initialize(Initializer kind = Initializer.Auto, int seed = 42)
    {
        ParameterInitializer.Initialize<T>(Architecture, Parameters, kind, seed);
        return this;
    }

    public ReferenceModel<T> Model => new(this);

    public void Predict(ReadOnlySpan<T> input, Span<T> output)
    {
        ReadOnlySpan<T> x = input;
        for (int l = 0; l < Architecture.Layers.Count; l++)
        {
            Fc(l, x, _pz[l], _pa[l]);
            x = _pa[l];
        }
        x.CopyTo(output);
    }

    public T Backpropagate(ReadOnlySpan<T> input, ReadOnlySpan<T> target, bool accumulate)
    {
        int last = Architecture.Layers.Count - 1;
        ReadOnlySpan<T> x = input;
        for (int l = 0; l <= last; l++)
        {
            Fc(l, x, _z[l], _a[l]);
            x = _a[l];
        }
        T loss = ComputeLoss(_a[last], target);
        if (!accumulate) Array.Clear(Gradients);

        var outAct = Architecture.Layers[last].Activation;
        bool fused = (Architecture.Loss == Loss.CrossEntropy && outAct == Activation.Softmax)
                  || (Architecture.Loss == Loss.BinaryCrossEntropy && outAct == Activation.Sigmoid);
        if (fused)
            for (int j = 0; j < _a[last].Length; j++) _delta[last][j] = _a[last][j] - target[j];
        else
            LossGradient(_a[last], target, _gradA[last]);

        for (int l = last; l >= 0; l--)
        {
            ReadOnlySpan<T> layerInput = l == 0 ? input : _a[l - 1];
            bool deltaKnown = fused && l == last;
            Bc(l, layerInput, deltaKnown, l == 0 ? Span<T>.Empty : _gradA[l - 1]);
        }
        return loss;
    }

    /// <summary>Forward of layer l: z_j = b_j + Σ_i x_i W[i*m + j]; a = f(z).</summary>
    private void Fc(int l, ReadOnlySpan<T> x, T[] z, T[] a)
    {
        var layer = Architecture.Layers[l];
        int n = Architecture.FanIn(l), m = layer.Size;
        int w = Architecture.WeightOffset(l), b = Architecture.BiasOffset(l), s = Architecture.SlopeOffset(l);
        for (int j = 0; j < m; j++)
        {
            T sum = b >= 0 ? Parameters[b + j] : T.Zero;
            for (int i = 0; i < n; i++) sum += x[i] * Parameters[w + i * m + j];
            z[j] = sum;
        }
        if (layer.Activation == Activation.Softmax)
        {
            T max = z[0];
            for (int j = 1; j < m; j++) if (z[j] > max) max = z[j];
            T total = T.Zero;
            for (int j = 0; j < m; j++) { a[j] = T.Exp(z[j] - max); total += a[j]; }
            for (int j = 0; j < m; j++) a[j] /= total;
            return;
        }
        T slope = T.CreateTruncating(layer.Slope);
        for (int j = 0; j < m; j++)
            a[j] = Activate(layer.Activation, z[j], s >= 0 ? Parameters[s + j] : slope);
    }

    /// <summary>
    /// Backward of layer l: δ = ∂C/∂a ⊙ f'(z) (unless δ is already known), then ∂C/∂W[i,j] = x_i δ_j, ∂C/∂b_j = δ_j,
    /// ∂C/∂α_j = ∂C/∂a_j · (z_j &gt; 0 ? 0 : z_j) for PReLU, and ∂C/∂x_i = Σ_j W[i,j] δ_j into <paramref name="gradInput"/>.
    /// </summary>
    private void Bc(int l, ReadOnlySpan<T> x, bool deltaKnown, Span<T> gradInput)
    {
        var layer = Architecture.Layers[l];
        int n = Architecture.FanIn(l), m = layer.Size;
        int w = Architecture.WeightOffset(l), b = Architecture.BiasOffset(l), s = Architecture.SlopeOffset(l);
        T[] z = _z[l], a = _a[l], g = _gradA[l], delta = _delta[l];
        if (!deltaKnown)
        {
            if (layer.Activation == Activation.Softmax)
            {
                // Full Jacobian: δ_j = a_j (g_j − Σ_k g_k a_k).
                T dot = T.Zero;
                for (int k = 0; k < m; k++) dot += g[k] * a[k];
                for (int j = 0; j < m; j++) delta[j] = a[j] * (g[j] - dot);
            }
            else
            {
                T slope = T.CreateTruncating(layer.Slope);
                for (int j = 0; j < m; j++)
                    delta[j] = g[j] * Derivative(layer.Activation, z[j], a[j], s >= 0 ? Parameters[s + j] : slope);
            }
        }
        if (s >= 0)
            for (int j = 0; j < m; j++) Gradients[s + j] += g[j] * (z[j] > T.Zero ? T.Zero : z[j]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) Gradients[w + i * m + j] += x[i] * delta[j];
        if (b >= 0)
            for (int j = 0; j < m; j++) Gradients[b + j] += delta[j];
        for (int i = 0; i < gradInput.Length; i++)
        {
            T sum = T.Zero;
            for (int j = 0; j < m; j++) sum += Parameters[w + i * m + j] * delta[j];
            gradInput[i] = sum;
        }
    }

    public static T Activate(Activation activation, T z, T slope)
    {
        T half = T.CreateTruncating(0.5);
        return activation switch
        {
            Activation.Linear => z,
            Activation.Sigmoid => T.One / (T.One + T.Exp(-z)),
            Activation.Tanh => T.Tanh(z),
            Activation.ReLU => z > T.Zero ? z : T.Zero,
            Activation.LeakyReLU or Activation.PReLU => z > T.Zero ? z : slope * z,
            Activation.Step => z > T.Zero ? T.One : z < T.Zero ? T.Zero : half,
            Activation.Sign => z > T.Zero ? T.One : z < T.Zero ? -T.One : T.Zero,
            Activation.PiecewiseLinear => T.Clamp(z + half, T.Zero, T.One),
            _ => throw new NotSupportedException(activation.ToString()),
        };
    }

    public static T Derivative(Activation activation, T z, T a, T slope)
    {
        T half = T.CreateTruncating(0.5);
        return activation switch
        {
            Activation.Linear => T.One,
            Activation.Sigmoid => a * (T.One - a),
            Activation.Tanh => T.One - a * a,
            Activation.ReLU => z > T.Zero ? T.One : T.Zero,
            Activation.LeakyReLU or Activation.PReLU => z > T.Zero ? T.One : slope,
            Activation.Step or Activation.Sign => T.Zero,
            Activation.PiecewiseLinear => z > -half && z < half ? T.One : T.Zero,
            _ => throw new NotSupportedException(activation.ToString()),
        };
    }

    public T ComputeLoss(ReadOnlySpan<T> a, ReadOnlySpan<T> y)
    {
        T sum = T.Zero;
        int n = a.Length;
        for (int j = 0; j < n; j++)
        {
            T d = a[j] - y[j];
            switch (Architecture.Loss)
            {
                case Loss.HalfSquaredError: sum += d * d; break;
                case Loss.MeanSquaredError: sum += d * d; break;
                case Loss.CrossEntropy: sum -= y[j] * T.Log(T.Max(a[j], Tiny)); break;
                case Loss.BinaryCrossEntropy:
                    sum -= y[j] * T.Log(T.Max(a[j], Tiny)) + (T.One - y[j]) * T.Log(T.Max(T.One - a[j], Tiny));
                    break;
                case Loss.Hinge: sum += T.Max(T.Zero, T.One - y[j] * a[j]); break;
                case Loss.SquareLoss: { T e = T.One - y[j] * a[j]; sum += e * e; break; }
                default: throw new NotSupportedException(Architecture.Loss.ToString());
            }
        }
        return Architecture.Loss switch
        {
            Loss.HalfSquaredError => sum / T.CreateTruncating(2),
            Loss.MeanSquaredError => sum / T.CreateTruncating(n),
            _ => sum,
        };
    }

    /// <summary>∂C/∂a for the unfused cases.</summary>
    private void LossGradient(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> g)
    {
        int n = a.Length;
        T two = T.CreateTruncating(2);
        for (int j = 0; j < n; j++)
        {
            g[j] = Architecture.Loss switch
            {
                Loss.HalfSquaredError => a[j] - y[j],
                Loss.MeanSquaredError => two * (a[j] - y[j]) / T.CreateTruncating(n),
                Loss.CrossEntropy => a[j] > Tiny ? -y[j] / a[j] : T.Zero,
                Loss.BinaryCrossEntropy => (a[j] > Tiny ? -y[j] / a[j] : T.Zero)
                                         + (T.One - a[j] > Tiny ? (T.One - y[j]) / (T.One - a[j]) : T.Zero),
                Loss.Hinge => y[j] * a[j] < T.One ? -y[j] : T.Zero,
                Loss.SquareLoss => -two * y[j] * (T.One - y[j] * a[j]),
                _ => throw new NotSupportedException(Architecture.Loss.ToString()),
            };
        }
    }
}

/// <summary>The <see cref="ITrainableNetwork{T}"/> wrapper the runtime trains, like a generated network's <c>Model</c>.</summary>
public readonly struct ReferenceModel<T> : ITrainableNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ReferenceMlp<T> _network;

    public ReferenceModel(ReferenceMlp<T> network) => _network = network;

    public NetworkArchitecture Architecture => _network.Architecture;
    public Span<T> Parameters => _network.Parameters;
    public Span<T> Gradients => _network.Gradients;
    public T Backpropagate(ReadOnlySpan<T> input, ReadOnlySpan<T> target, bool accumulate) => _network.Backpropagate(input, target, accumulate);
    public void Predict(ReadOnlySpan<T> input, Span<T> output) => _network.Predict(input, output);
    public int BatchWorkspaceSize(int batchSize) => 0;

    /// <summary>Sample by sample through the reference backprop (single-threaded use only: it goes through <see cref="Gradients"/>).</summary>
    public T BackpropagateBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, Span<T> gradients, Span<T> workspace, bool accumulate)
    {
        if (!accumulate) gradients.Clear();
        int n = Architecture.InputSize, m = Architecture.OutputSize;
        T loss = T.Zero;
        for (int r = 0; r < count; r++)
        {
            loss += _network.Backpropagate(inputs.Slice(r * n, n), targets.Slice(r * m, m), accumulate: false);
            ReadOnlySpan<T> g = _network.Gradients;
            for (int i = 0; i < gradients.Length; i++) gradients[i] += g[i];
        }
        return loss;
    }

    public T ComputeLoss(ReadOnlySpan<T> output, ReadOnlySpan<T> target) => _network.ComputeLoss(output, target);

    // The per-layer pieces exist for a step split by neurons over several threads, which the reference never runs.
    public void BatchForwardRange(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, Span<T> z, Span<T> a, int count, int from, int to) => throw NotThreaded();
    public void BatchDeltaRange(int layer, ReadOnlySpan<T> parameters, Span<T> gradients, ReadOnlySpan<T> x, ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> da, ReadOnlySpan<T> y, Span<T> d,
        int count, int from, int to, bool accumulate) => throw NotThreaded();
    public void BatchInputGradientRange(int layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> d, Span<T> dx, Span<T> scratch, int count, int from, int to) => throw NotThreaded();
    public T BatchLoss(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int count) => throw NotThreaded();
    private static NotSupportedException NotThreaded() => new("The reference network trains on one thread only.");
}
