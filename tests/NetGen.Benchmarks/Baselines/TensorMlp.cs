using System.Numerics.Tensors;

namespace NetGen.Benchmarks.Baselines;

/// <summary>
/// Baseline 2: the same network as <see cref="PlainMlp"/> (same row-major layout and algorithm), written with
/// <see cref="TensorPrimitives"/>: Dot per neuron for the forward pass, MultiplyAdd (axpy) rows for the backward pass
/// and the update, and TensorPrimitives' Tanh/Sigmoid/SoftMax/Max/Log for the element-wise parts.
/// </summary>
public sealed class TensorMlp : IMlp
{
    private readonly float[][] _w;
    private readonly float[][] _b;
    private readonly float[][] _gw;
    private readonly float[][] _gb;
    private readonly float[][] _a;
    private readonly float[][] _delta;
    private readonly float[] _tmp;

    public TensorMlp(MlpSpec spec, ReadOnlySpan<float> parameters)
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
        _tmp = new float[spec.Sizes.Max()];
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
            float[] w = _w[l], d = _delta[l];
            ReadOnlySpan<float> a = _a[l];
            if (l > 0) BackpropagateDelta(l);
            for (int j = 0; j < m; j++)
            {
                Span<float> row = w.AsSpan(j * n, n);
                TensorPrimitives.MultiplyAdd(a, -learningRate * d[j], row, row);
            }
            TensorPrimitives.MultiplyAdd(d, -learningRate, _b[l], _b[l]);
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
                float[] gw = _gw[l], d = _delta[l];
                ReadOnlySpan<float> a = _a[l];
                if (l > 0) BackpropagateDelta(l);
                for (int j = 0; j < m; j++)
                {
                    Span<float> row = gw.AsSpan(j * n, n);
                    TensorPrimitives.MultiplyAdd(a, d[j], row, row);
                }
                TensorPrimitives.Add(_gb[l], d, _gb[l]);
            }
        }
        float rate = -learningRate / count;
        for (int l = 0; l < L; l++)
        {
            TensorPrimitives.MultiplyAdd(_gw[l], rate, _w[l], _w[l]);
            TensorPrimitives.MultiplyAdd(_gb[l], rate, _b[l], _b[l]);
        }
        return loss;
    }

    private void Forward(ReadOnlySpan<float> input)
    {
        input.CopyTo(_a[0]);
        for (int l = 0; l < Spec.Layers; l++)
        {
            int n = Spec.Sizes[l], m = Spec.Sizes[l + 1];
            float[] w = _w[l], b = _b[l], z = _a[l + 1];
            ReadOnlySpan<float> x = _a[l];
            for (int j = 0; j < m; j++) z[j] = TensorPrimitives.Dot(w.AsSpan(j * n, n), x) + b[j];
            switch (Spec.Activations[l])
            {
                case Activation.Tanh: TensorPrimitives.Tanh(z, z); break;
                case Activation.Sigmoid: TensorPrimitives.Sigmoid(z, z); break;
                case Activation.ReLU: TensorPrimitives.Max(z, 0f, z); break;
                case Activation.Softmax: TensorPrimitives.SoftMax(z, z); break;
                case Activation.Linear: break;
                default: throw new NotSupportedException(Spec.Activations[l].ToString());
            }
        }
    }

    private float OutputDelta(ReadOnlySpan<float> target)
    {
        float[] a = _a[^1], d = _delta[^1];
        Span<float> tmp = _tmp.AsSpan(0, a.Length);
        TensorPrimitives.Subtract(a, target, d);
        if (Spec.Loss == Loss.CrossEntropy)
        {
            TensorPrimitives.Max(a, 1e-30f, tmp);
            TensorPrimitives.Log(tmp, tmp);
            return -TensorPrimitives.Dot(target, tmp); // delta = a - y (softmax + cross entropy)
        }

        float loss = 0.5f * TensorPrimitives.Dot(d, d);
        ApplyDerivative(Spec.Activations[^1], a, d, tmp);
        return loss;
    }

    private void BackpropagateDelta(int l)
    {
        int n = Spec.Sizes[l], m = Spec.Sizes[l + 1];
        float[] w = _w[l], d = _delta[l], prev = _delta[l - 1];
        Array.Clear(prev);
        for (int j = 0; j < m; j++) TensorPrimitives.MultiplyAdd(w.AsSpan(j * n, n), d[j], prev, prev);
        ApplyDerivative(Spec.Activations[l - 1], _a[l], prev, _tmp.AsSpan(0, n));
    }

    /// <summary>d ⊙= f'(a), f' expressed through the activation's output a.</summary>
    private static void ApplyDerivative(Activation f, ReadOnlySpan<float> a, Span<float> d, Span<float> tmp)
    {
        switch (f)
        {
            case Activation.Tanh: // d * (1 - a²) = d - d a²
                TensorPrimitives.Multiply(a, a, tmp);
                TensorPrimitives.Multiply(tmp, d, tmp);
                TensorPrimitives.Subtract(d, tmp, d);
                break;
            case Activation.Sigmoid: // d * a (1 - a) = d * (a - a²)
                TensorPrimitives.Multiply(a, a, tmp);
                TensorPrimitives.Subtract(a, tmp, tmp);
                TensorPrimitives.Multiply(d, tmp, d);
                break;
            case Activation.ReLU:
                for (int i = 0; i < d.Length; i++) if (a[i] <= 0f) d[i] = 0f;
                break;
            case Activation.Linear:
                break;
            default:
                throw new NotSupportedException(f.ToString());
        }
    }

    public void ImportParameters(ReadOnlySpan<float> p) => Spec.ImportRowMajor(p, _w, _b);

    public void ExportParameters(Span<float> p) => Spec.ExportRowMajor(_w, _b, p);
}
