#if NETGEN_GENERATOR
// The generator compiles this file too (generator/NetGen.Generator.csproj): the runtime's NetworkArchitecture and the
// generator's NetworkPlan place every parameter with this one rule.
namespace NetGen.Generator.Model;
#else
namespace NetGen;
#endif

/// <summary>Where one dense layer's parameters sit in the network's single parameter buffer.</summary>
internal readonly struct ParameterLayout
{
    public ParameterLayout(int weights, int biases, int slopes, int end, int fanIn, int size)
    {
        Weights = weights;
        Biases = biases;
        Slopes = slopes;
        End = end;
        FanIn = fanIn;
        Size = size;
    }

    /// <summary>Start of <c>W[fanIn × size]</c>, input-major: input i to neuron j is at <c>Weights + i·size + j</c>.</summary>
    public int Weights { get; }

    /// <summary>Start of <c>b[size]</c>, or -1 when the layer has no bias.</summary>
    public int Biases { get; }

    /// <summary>Start of the PReLU slopes <c>[size]</c>, or -1 when the layer is not PReLU.</summary>
    public int Slopes { get; }

    /// <summary>One past the layer's last parameter: where the next layer starts.</summary>
    public int End { get; }

    /// <summary>Number of inputs feeding the layer (the rows of <c>W</c>).</summary>
    public int FanIn { get; }

    /// <summary>Number of neurons (the columns of <c>W</c>).</summary>
    public int Size { get; }

    /// <summary>Where the weight from <paramref name="input"/> to <paramref name="neuron"/> sits (input-major).</summary>
    public int WeightIndex(int input, int neuron) => Weights + input * Size + neuron;

    /// <summary>
    /// The layout of a layer starting at <paramref name="start"/>: weights, then biases (if any), then PReLU slopes
    /// (if any). Throws <see cref="System.OverflowException"/> past <see cref="int.MaxValue"/> parameters.
    /// </summary>
    public static ParameterLayout Of(int start, int fanIn, int size, bool hasBias, bool hasSlopes)
    {
        int afterWeights = checked(start + fanIn * size);
        int afterBiases = hasBias ? checked(afterWeights + size) : afterWeights;
        int end = hasSlopes ? checked(afterBiases + size) : afterBiases;
        return new ParameterLayout(start, hasBias ? afterWeights : -1, hasSlopes ? afterBiases : -1, end, fanIn, size);
    }
}
