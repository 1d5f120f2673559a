using System.Numerics;

namespace NetGen;

public abstract partial class Network<TKernels, T>
{
    /// <summary>
    /// The dense layers as views into <see cref="Parameters"/>: read and write one layer's weights, biases and PReLU
    /// slopes without knowing offsets. <c>Layers[0]</c> is the layer fed by the input (0-based; the generated code's
    /// layer 1); weights are indexed <c>[output, input]</c> as in PyTorch (see <see cref="DenseLayer{T}"/>).
    /// </summary>
    public NetworkLayers<T> Layers => new(_parameters, default(TKernels).Architecture);
}
