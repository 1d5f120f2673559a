namespace NetGen.Benchmarks.Baselines;

/// <summary>
/// Baseline 1: what a careful C# user writes without NetGen. Row-major weights per layer
/// (<c>W[j*n + i]</c>, neuron j, input i), <c>z = W a + b</c> with plain for loops, standard backprop,
/// MathF for the activations. Sizes are runtime values; nothing is unrolled by hand.
/// </summary>
public sealed class PlainMlp : IMlp
{
    private readonly float[][] _w;      // [layer][j*n + i]
    private readonly float[][] _b;      // [layer][j]
    private readonly float[][] _gw;     // mini-batch accumulators
    private readonly float[][] _gb;
    private readonly float[][] _a;      // [0] = input copy, [l+1] = layer l output
    private readonly float[][] _delta;  // [l] = dC/dz of layer l

    public PlainMlp(MlpSpec spec, ReadOnlySpan<float> parameters)
    {
        Spec = spec;
        int L = spec.Layers;
        _w = new float[L][]; _b = new float[L][]; _gw = new float[L][]; _gb = new float[L][]; _delta = new float[L][];
        _a = new float[L + 1][];
        _a[0] = new float[spec.InputSize];
        for (int l = 0; l < L; l++)
        {
            int n = spec.Sizes[l], m = spec.Sizes[l + 1];
            _w[l] = new float[n * m]; _gw[l] = new float[n * m];
            _b[l] = new float[m]; _gb[l] = new float[m];
            _a[l + 1] = new float[m]; _delta[l] = new float[m];
        }
        ImportParameters(parameters);
    }

    public MlpSpec Spec { get; }

    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        Forward(input);
        _a[^1].AsSpan().CopyTo(output);
    }

    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate)
    {
        Forward(input);
        float loss = OutputDelta(target);
        for (int l = Spec.Layers - 1; l >= 0; l--)
        {
            int n = Spec.Sizes[l], m = Spec.Sizes[l + 1];
            float[] w = _w[l], b = _b[l], d = _delta[l], a = _a[l];
            if (l > 0) BackpropagateDelta(l); // uses the weights before this step's update
            for (int j = 0; j < m; j++)
            {
                float step = learningRate * d[j];
                int row = j * n;
                for (int i = 0; i < n; i++) w[row + i] -= step * a[i];
                b[j] -= step;
            }
        }
        return loss;
    }

    public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count, float learningRate)
    {
        int L = Spec.Layers, nIn = Spec.InputSize, nOut = Spec.OutputSize;
        for (int l = 0; l < L; l++) { Array.Clear(_gw[l]); Array.Clear(_gb[l]); }
        float loss = 0;
        for (int s = 0; s < count; s++)
        {
            Forward(inputs.Slice(s * nIn, nIn));
            loss += OutputDelta(targets.Slice(s * nOut, nOut));
            for (int l = L - 1; l >= 0; l--)
            {
                int n = Spec.Sizes[l], m = Spec.Sizes[l + 1];
                float[] gw = _gw[l], gb = _gb[l], d = _delta[l], a = _a[l];
                if (l > 0) BackpropagateDelta(l);
                for (int j = 0; j < m; j++)
                {
                    float dj = d[j];
                    int row = j * n;
                    for (int i = 0; i < n; i++) gw[row + i] += dj * a[i];
                    gb[j] += dj;
                }
            }
        }
        float rate = learningRate / count;
        for (int l = 0; l < L; l++)
        {
            float[] w = _w[l], gw = _gw[l], b = _b[l], gb = _gb[l];
            for (int k = 0; k < w.Length; k++) w[k] -= rate * gw[k];
            for (int j = 0; j < b.Length; j++) b[j] -= rate * gb[j];
        }
        return loss;
    }

    private void Forward(ReadOnlySpan<float> input)
    {
        input.CopyTo(_a[0]);
        for (int l = 0; l < Spec.Layers; l++)
        {
            int n = Spec.Sizes[l], m = Spec.Sizes[l + 1];
            float[] w = _w[l], b = _b[l], x = _a[l], z = _a[l + 1];
            for (int j = 0; j < m; j++)
            {
                float s = b[j];
                int row = j * n;
                for (int i = 0; i < n; i++) s += w[row + i] * x[i];
                z[j] = s;
            }
            Activate(Spec.Activations[l], z);
        }
    }

    private static void Activate(Activation activation, float[] z)
    {
        switch (activation)
        {
            case Activation.Tanh:
                for (int j = 0; j < z.Length; j++) z[j] = MathF.Tanh(z[j]);
                break;
            case Activation.Sigmoid:
                for (int j = 0; j < z.Length; j++) z[j] = 1f / (1f + MathF.Exp(-z[j]));
                break;
            case Activation.ReLU:
                for (int j = 0; j < z.Length; j++) z[j] = MathF.Max(z[j], 0f);
                break;
            case Activation.Softmax:
                float max = float.NegativeInfinity;
                for (int j = 0; j < z.Length; j++) max = MathF.Max(max, z[j]);
                float sum = 0;
                for (int j = 0; j < z.Length; j++) { z[j] = MathF.Exp(z[j] - max); sum += z[j]; }
                float inv = 1f / sum;
                for (int j = 0; j < z.Length; j++) z[j] *= inv;
                break;
            case Activation.Linear:
                break;
            default:
                throw new NotSupportedException(activation.ToString());
        }
    }

    /// <summary>Sets the last layer's delta and returns the loss.</summary>
    private float OutputDelta(ReadOnlySpan<float> target)
    {
        float[] a = _a[^1], d = _delta[^1];
        float loss = 0;
        if (Spec.Loss == Loss.CrossEntropy)
        {
            for (int j = 0; j < a.Length; j++)
            {
                if (target[j] != 0) loss -= target[j] * MathF.Log(MathF.Max(a[j], 1e-30f));
                d[j] = a[j] - target[j]; // softmax + cross entropy
            }
        }
        else
        {
            for (int j = 0; j < a.Length; j++)
            {
                float e = a[j] - target[j];
                loss += 0.5f * e * e;
                d[j] = e * Derivative(Spec.Activations[^1], a[j]);
            }
        }
        return loss;
    }

    /// <summary>delta[l-1] = (W[l]^T delta[l]) ⊙ f'(a[l]) for the hidden layer l-1.</summary>
    private void BackpropagateDelta(int l)
    {
        int n = Spec.Sizes[l], m = Spec.Sizes[l + 1];
        float[] w = _w[l], d = _delta[l], prev = _delta[l - 1], a = _a[l];
        Activation f = Spec.Activations[l - 1];
        for (int i = 0; i < n; i++)
        {
            float s = 0;
            for (int j = 0; j < m; j++) s += w[j * n + i] * d[j];
            prev[i] = s * Derivative(f, a[i]);
        }
    }

    private static float Derivative(Activation activation, float a) => activation switch
    {
        Activation.Tanh => 1f - a * a,
        Activation.Sigmoid => a * (1f - a),
        Activation.ReLU => a > 0f ? 1f : 0f,
        Activation.Linear => 1f,
        _ => throw new NotSupportedException(activation.ToString()),
    };

    public void ImportParameters(ReadOnlySpan<float> p) => Spec.ImportRowMajor(p, _w, _b);

    public void ExportParameters(Span<float> p) => Spec.ExportRowMajor(_w, _b, p);
}
