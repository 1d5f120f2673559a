using System.Numerics;

namespace NetGen;

/// <summary>
/// The base of every generated network: its parameters and everything a user calls (inference, training, evaluation,
/// files). The generator writes only what the compiler alone knows, the sizes and the fixed-size kernels, as the
/// <typeparamref name="TKernels"/> struct; this class is generic over it, so the JIT compiles one specialized copy per
/// network and every call into the kernels is direct (no virtual or interface dispatch).
/// </summary>
/// <typeparam name="TKernels">The network's generated kernels.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract partial class Network<TKernels, T> : INetwork<T>
    where TKernels : struct, INetworkKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AlignedBuffer<T> _parameters;
    private readonly T[] _gradients;
    private readonly T[] _workspace;
    private readonly T[] _target;
    private T _learningRate;
    private int _seed;

    /// <summary>Allocates the buffers and draws the parameters with the declared initializer and seed.</summary>
    protected Network()
    {
        var kernels = default(TKernels);
        // On a cache line: threads of the neuron split write neighbouring column blocks of every weight row, and cuts
        // on multiples of a line from column 0 are then real line boundaries (no line shared between cores).
        _parameters = new AlignedBuffer<T>(kernels.ParameterCount);
        _gradients = new T[kernels.ParameterCount];
        _workspace = new T[kernels.WorkspaceSize];
        _target = new T[kernels.OutputSize];
        _learningRate = kernels.DefaultLearningRate;
        InitializeParameters(kernels.DefaultSeed);
    }

    NetworkArchitecture INetwork<T>.Architecture => default(TKernels).Architecture;

    /// <summary>All parameters, layer after layer (layout on <see cref="NetworkArchitecture"/>).</summary>
    public Span<T> Parameters => _parameters.Span;

    /// <summary>The gradient of the last backward pass, same layout as <see cref="Parameters"/>.</summary>
    public ReadOnlySpan<T> Gradients => _gradients;

    /// <summary>The learning rate α used by <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/>; positive and finite.</summary>
    public T LearningRate
    {
        get => _learningRate;
        set
        {
            Guard.LearningRate(value, nameof(LearningRate));
            _learningRate = value;
        }
    }

    /// <summary>Re-draws the parameters with the declared initializer and <paramref name="seed"/> (biases zero, or drawn too by <see cref="Initializer.PyTorchDefault"/>).</summary>
    public void InitializeParameters(int seed)
    {
        var kernels = default(TKernels);
        ParameterInitializer.Initialize<T>(kernels.Architecture, Parameters, kernels.Initializer, seed);
        _seed = seed;
    }
}
