namespace NetGen.Benchmarks.Baselines;

/// <summary>
/// A fully connected network description shared by the baselines: layer sizes (input first), one activation per
/// dense layer, and the loss. Parameters are exchanged in NetGen's layout (see <see cref="NetworkArchitecture"/>):
/// per layer the weights input-major <c>W[i*m + j]</c>, then the biases.
/// </summary>
public sealed record MlpSpec(int[] Sizes, Activation[] Activations, Loss Loss)
{
    public int Layers => Activations.Length;
    public int InputSize => Sizes[0];
    public int OutputSize => Sizes[^1];

    /// <summary>NetGen's layout (input-major W[i*m + j], then biases) into row-major weights w[l][j*n + i] and biases.</summary>
    public void ImportRowMajor(ReadOnlySpan<float> p, float[][] w, float[][] b)
    {
        int offset = 0;
        for (int l = 0; l < Layers; l++)
        {
            int n = Sizes[l], m = Sizes[l + 1];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                    w[l][j * n + i] = p[offset + i * m + j];
            offset += n * m;
            p.Slice(offset, m).CopyTo(b[l]);
            offset += m;
        }
    }

    /// <summary>The reverse of <see cref="ImportRowMajor"/>.</summary>
    public void ExportRowMajor(float[][] w, float[][] b, Span<float> p)
    {
        int offset = 0;
        for (int l = 0; l < Layers; l++)
        {
            int n = Sizes[l], m = Sizes[l + 1];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                    p[offset + i * m + j] = w[l][j * n + i];
            offset += n * m;
            b[l].CopyTo(p.Slice(offset, m));
            offset += m;
        }
    }

    public int ParameterCount
    {
        get
        {
            int count = 0;
            for (int l = 0; l < Layers; l++) count += Sizes[l] * Sizes[l + 1] + Sizes[l + 1];
            return count;
        }
    }

    /// <summary>Multiply-adds of one forward pass (training costs about 3x this).</summary>
    public long ForwardMacs
    {
        get
        {
            long macs = 0;
            for (int l = 0; l < Layers; l++) macs += (long)Sizes[l] * Sizes[l + 1];
            return macs;
        }
    }

    /// <summary>
    /// Deterministic initial parameters in NetGen layout: He-uniform U(±sqrt(6/n)) for ReLU layers,
    /// Xavier-uniform U(±sqrt(6/(n+m))) otherwise; biases zero.
    /// </summary>
    public float[] InitialParameters(int seed)
    {
        var rng = new Random(seed);
        var p = new float[ParameterCount];
        int offset = 0;
        for (int l = 0; l < Layers; l++)
        {
            int n = Sizes[l], m = Sizes[l + 1];
            double r = Activations[l] == Activation.ReLU ? Math.Sqrt(6.0 / n) : Math.Sqrt(6.0 / (n + m));
            for (int k = 0; k < n * m; k++) p[offset + k] = (float)((rng.NextDouble() * 2 - 1) * r);
            offset += n * m + m;
        }
        return p;
    }

    public override string ToString() =>
        string.Join("-", Sizes) + " (" + string.Join(", ", Activations) + "; " + Loss + ")";
}

/// <summary>What the benchmarks and the validator need from a baseline network.</summary>
public interface IMlp
{
    MlpSpec Spec { get; }

    /// <summary>Forward pass for one sample.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>One online SGD step (forward, backward, update) on one sample; returns the sample's loss before the update.</summary>
    float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate);

    /// <summary>
    /// One mini-batch SGD step: gradients summed over <paramref name="count"/> row-major samples, then
    /// <c>w -= learningRate / count * g</c>. Returns the summed loss.
    /// </summary>
    float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count, float learningRate);

    /// <summary>Loads parameters given in NetGen layout.</summary>
    void ImportParameters(ReadOnlySpan<float> parameters);

    /// <summary>Writes the parameters in NetGen layout.</summary>
    void ExportParameters(Span<float> parameters);
}
