#if NETGEN_GENERATOR
// The generator compiles this file too (generator/NetGen.Generator.csproj), so the enums are defined once: a new
// activation is a member here and a row in the generator's math table, with no mirror to keep in step.
namespace NetGen.Generator.Model;
#else
namespace NetGen;
#endif

/// <summary>The activation <c>a = f(z)</c> of a dense layer.</summary>
public enum Activation
{
    /// <summary><c>f(z) = z</c>.</summary>
    Linear = 0,
    /// <summary>Logistic <c>1 / (1 + e^-z)</c>.</summary>
    Sigmoid = 1,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 2,
    /// <summary><c>max(0, z)</c>.</summary>
    ReLU = 3,
    /// <summary><c>z</c> for positive z, <c>slope * z</c> otherwise; set <see cref="DenseAttribute.Slope"/>.</summary>
    LeakyReLU = 4,
    /// <summary>Leaky ReLU whose slope is learned, one per neuron (a parameter with its own gradient).</summary>
    PReLU = 5,
    /// <summary>Heaviside step: 0 below zero, 0.5 at zero, 1 above. Not trainable (zero derivative).</summary>
    Step = 6,
    /// <summary>Sign: -1, 0 or 1. Not trainable (zero derivative).</summary>
    Sign = 7,
    /// <summary>The course's piecewise-linear unit: <c>z + 1/2</c> clipped to [0, 1].</summary>
    PiecewiseLinear = 8,
    /// <summary>Normalized exponentials over the layer; only valid on the output layer.</summary>
    Softmax = 9,
}

/// <summary>The cost <c>C(a, y)</c> that training minimizes.</summary>
public enum Loss
{
    /// <summary>The course's <c>J = 1/2 Σ (a - y)²</c>.</summary>
    HalfSquaredError = 0,
    /// <summary><c>1/n Σ (a - y)²</c> over the n outputs.</summary>
    MeanSquaredError = 1,
    /// <summary><c>-Σ y log a</c>; requires a softmax output layer (fused gradient <c>a - y</c>).</summary>
    CrossEntropy = 2,
    /// <summary>Logistic loss <c>-Σ [y log a + (1 - y) log(1 - a)]</c>; requires a sigmoid output layer.</summary>
    BinaryCrossEntropy = 3,
    /// <summary><c>Σ max(0, 1 - y f)</c> with targets ±1; requires an output that can be negative.</summary>
    Hinge = 4,
    /// <summary>Square loss <c>Σ (1 - y f)²</c> with targets ±1; requires an output that can be negative.</summary>
    SquareLoss = 5,
}

/// <summary>
/// How the parameters are drawn before training. Biases start at zero except with <see cref="PyTorchDefault"/>,
/// which draws them too; PReLU slopes start at the layer's declared slope.
/// </summary>
public enum Initializer
{
    /// <summary>He for ReLU-family layers, Xavier uniform otherwise.</summary>
    Auto = 0,
    /// <summary>Small uniform values in [-0.05, 0.05] (the course's "random" initialization).</summary>
    SmallUniform = 1,
    /// <summary>Xavier/Glorot uniform: U(-r, r) with r = sqrt(6 / (fanIn + fanOut)).</summary>
    XavierUniform = 2,
    /// <summary>Xavier/Glorot normal: N(0, 2 / (fanIn + fanOut)).</summary>
    XavierNormal = 3,
    /// <summary>He normal: N(0, 2 / fanIn).</summary>
    He = 4,
    /// <summary>
    /// PyTorch's <c>nn.Linear</c> default: weights and biases both U(-r, r) with r = 1 / sqrt(fanIn) (the same
    /// distribution as PyTorch, not the same numbers: NetGen draws from its own seeded generator).
    /// </summary>
    PyTorchDefault = 5,
}

/// <summary>The floating-point type of parameters, inputs and outputs.</summary>
public enum Precision
{
    /// <summary><see cref="float"/> (the default).</summary>
    Single = 0,
    /// <summary><see cref="double"/>.</summary>
    Double = 1,
}

/// <summary>How the generator shapes the code of a layer.</summary>
public enum CodeShape
{
    /// <summary>Chosen from the layer's size: fully unrolled when small, vectorized kernels otherwise.</summary>
    Auto = 0,
    /// <summary>Every multiply-add written out. Beyond the unroll budget this gets warning NG0015.</summary>
    Unrolled = 1,
    /// <summary>Fixed-size vectorized kernels over compile-time trip counts.</summary>
    Vectorized = 2,
}
