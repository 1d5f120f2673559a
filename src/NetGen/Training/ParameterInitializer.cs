using System.Numerics;

namespace NetGen;

/// <summary>
/// Draws initial parameters in the layout of <see cref="NetworkArchitecture"/>: weights from the chosen
/// distribution, biases zero (drawn too by <see cref="Initializer.PyTorchDefault"/>), PReLU slopes at the layer's
/// declared <see cref="LayerDescription.Slope"/>. Values are drawn in double with <see cref="DeterministicRandom"/>,
/// layer by layer in buffer order (a layer's weights input-major, then its biases), then rounded to the element
/// type, so a seed gives the same bits on every run and .NET version.
/// </summary>
public static class ParameterInitializer
{
    /// <summary>Initializes all of <paramref name="parameters"/> for <paramref name="architecture"/>.</summary>
    /// <param name="architecture">The network shape.</param>
    /// <param name="parameters">Exactly <see cref="NetworkArchitecture.ParameterCount"/> values.</param>
    /// <param name="kind">
    /// <see cref="Initializer.SmallUniform"/>: U(−0.05, 0.05); <see cref="Initializer.XavierUniform"/>: U(−r, r),
    /// r = √(6 / (fanIn + fanOut)); <see cref="Initializer.XavierNormal"/>: N(0, 2 / (fanIn + fanOut));
    /// <see cref="Initializer.He"/>: N(0, 2 / fanIn); <see cref="Initializer.PyTorchDefault"/>: weights and biases
    /// U(−r, r), r = 1 / √fanIn (PyTorch's <c>nn.Linear</c>); <see cref="Initializer.Auto"/>: He for ReLU, LeakyReLU
    /// and PReLU layers, Xavier uniform otherwise.
    /// </param>
    /// <param name="seed">Seed of the generator.</param>
    /// <exception cref="ArgumentException">The buffer length differs from the parameter count.</exception>
    public static void Initialize<T>(NetworkArchitecture architecture, Span<T> parameters, Initializer kind, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (parameters.Length != architecture.ParameterCount)
            throw new ArgumentException(
                Invariant($"Expected {architecture.ParameterCount} parameters for {architecture.Fingerprint}, but the buffer holds {parameters.Length}."),
                nameof(parameters));
        if (!Enum.IsDefined(kind))
            throw NumberFormat.OutOfRange(nameof(kind), kind, "Unknown initializer.");
        var random = new DeterministicRandom(seed);
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            var layer = architecture.Layers[l];
            int fanIn = architecture.FanIn(l);
            int fanOut = layer.Size;
            var weights = parameters.Slice(architecture.WeightOffset(l), architecture.WeightCount(l));
            Initializer effective = kind == Initializer.Auto ? AutoFor(layer.Activation) : kind;
            switch (effective)
            {
                case Initializer.SmallUniform:
                    FillUniform(weights, random, 0.05);
                    break;
                case Initializer.XavierUniform:
                    FillUniform(weights, random, Math.Sqrt(6.0 / (fanIn + fanOut)));
                    break;
                case Initializer.XavierNormal:
                    FillNormal(weights, random, Math.Sqrt(2.0 / (fanIn + fanOut)));
                    break;
                case Initializer.PyTorchDefault:
                    FillUniform(weights, random, 1.0 / Math.Sqrt(fanIn));
                    break;
                default:
                    FillNormal(weights, random, Math.Sqrt(2.0 / fanIn));
                    break;
            }
            int bias = architecture.BiasOffset(l);
            if (bias >= 0 && effective == Initializer.PyTorchDefault)
                FillUniform(parameters.Slice(bias, layer.Size), random, 1.0 / Math.Sqrt(fanIn)); // nn.Linear.reset_parameters
            else if (bias >= 0) parameters.Slice(bias, layer.Size).Clear();
            int slope = architecture.SlopeOffset(l);
            if (slope >= 0) parameters.Slice(slope, layer.Size).Fill(T.CreateTruncating(layer.Slope));
        }
    }

    /// <summary>The initializer <see cref="Initializer.Auto"/> picks for a layer with <paramref name="activation"/>.</summary>
    public static Initializer AutoFor(Activation activation) =>
        activation is Activation.ReLU or Activation.LeakyReLU or Activation.PReLU ? Initializer.He : Initializer.XavierUniform;

    private static void FillUniform<T>(Span<T> weights, DeterministicRandom random, double bound)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateTruncating(random.NextUniform(-bound, bound));
    }

    private static void FillNormal<T>(Span<T> weights, DeterministicRandom random, double std)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateTruncating(std * random.NextGaussian());
    }
}
