// A neutral description of a dense network read from an ONNX model, and of the architecture it must match. Shared
// source: compiled into the runtime (NetGen: Network.LoadOnnx) and linked into the source generator (netstandard2.0:
// compile-time ONNX import), so both read a model the same way. Hence: plain classes, doubles, no runtime types.
using System.Collections.Generic;
#if NETGEN_GENERATOR
using NetGen.Generator.Model;
#endif

namespace NetGen.Interop.Shared;

/// <summary>The floating-point type a model computes in.</summary>
internal enum OnnxElementType
{
    /// <summary>ONNX <c>FLOAT</c> (float32).</summary>
    Float,

    /// <summary>ONNX <c>DOUBLE</c> (float64).</summary>
    Double,
}

/// <summary>One dense layer of a model: <c>a = f(W x + b)</c>.</summary>
internal sealed class OnnxDenseLayer
{
    public OnnxDenseLayer(int inputs, int outputs, Activation activation, double[] weights, double[]? biases, double[]? slopes, double leakySlope)
    {
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        Weights = weights;
        Biases = biases;
        Slopes = slopes;
        LeakySlope = leakySlope;
    }

    /// <summary>Number of inputs (fan-in).</summary>
    public int Inputs { get; }

    /// <summary>Number of neurons.</summary>
    public int Outputs { get; }

    /// <summary>The activation the graph applies after the affine map (<see cref="Activation.Linear"/> when none).</summary>
    public Activation Activation { get; }

    /// <summary>
    /// <c>W[Outputs × Inputs]</c> in PyTorch's <c>nn.Linear</c> order, output-major: the weight from input i to neuron
    /// j is <c>Weights[j · Inputs + i]</c>, whatever form (Gemm with transB 0 or 1, MatMul) the graph stored it in.
    /// </summary>
    public double[] Weights { get; }

    /// <summary><c>b[Outputs]</c>, or null when the layer has no bias.</summary>
    public double[]? Biases { get; }

    /// <summary>The PReLU slopes <c>[Outputs]</c> (a single shared slope is repeated), or null when not PReLU.</summary>
    public double[]? Slopes { get; }

    /// <summary>LeakyRelu's <c>alpha</c> as stored (a float attribute widened to double); 0 when not LeakyReLU.</summary>
    public double LeakySlope { get; }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias => Biases is not null;
}

/// <summary>A model read as a chain of dense layers.</summary>
internal sealed class OnnxNetwork
{
    public OnnxNetwork(OnnxElementType elementType, int inputs, IReadOnlyList<OnnxDenseLayer> layers, long opset, string producer)
    {
        ElementType = elementType;
        Inputs = inputs;
        Layers = layers;
        Opset = opset;
        Producer = producer;
    }

    public OnnxElementType ElementType { get; }

    /// <summary>Number of input features (the second axis of the input <c>[batch, n]</c>).</summary>
    public int Inputs { get; }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<OnnxDenseLayer> Layers { get; }

    /// <summary>The ONNX opset the model imports (default domain).</summary>
    public long Opset { get; }

    /// <summary>The producer's name and version, e.g. "pytorch 1.13.0" (may be empty).</summary>
    public string Producer { get; }
}

/// <summary>One declared dense layer, as the matcher compares it.</summary>
internal sealed class OnnxDeclaredLayer
{
    public OnnxDeclaredLayer(int size, Activation activation, bool hasBias, double slope)
    {
        Size = size;
        Activation = activation;
        HasBias = hasBias;
        Slope = slope;
    }

    public int Size { get; }
    public Activation Activation { get; }
    public bool HasBias { get; }

    /// <summary>The declared <c>Slope</c> (compared only for <see cref="Activation.LeakyReLU"/>).</summary>
    public double Slope { get; }
}

/// <summary>A declared architecture: what a model must match to be loaded into (or baked into) a network.</summary>
internal sealed class OnnxDeclaration
{
    public OnnxDeclaration(int inputs, IReadOnlyList<OnnxDeclaredLayer> layers, Precision precision)
    {
        Inputs = inputs;
        Layers = layers;
        Precision = precision;
    }

    public int Inputs { get; }
    public IReadOnlyList<OnnxDeclaredLayer> Layers { get; }
    public Precision Precision { get; }
}
