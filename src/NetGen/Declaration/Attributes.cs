namespace NetGen;

/// <summary>
/// Declares a feed-forward network on a <c>partial class</c>. Put <see cref="InputAttribute"/> and one
/// <see cref="DenseAttribute"/> per layer beside it, in order from input to output.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>Declares a network trained with <paramref name="loss"/>.</summary>
    public NetworkAttribute(Loss loss) => Loss = loss;

    /// <summary>The loss that training minimizes.</summary>
    public Loss Loss { get; }

    /// <summary>Default learning rate α of <c>θ ← θ - α g</c>. Must be positive and finite.</summary>
    public double LearningRate { get; set; } = 0.01;

    /// <summary>How weights are initialized.</summary>
    public Initializer Initializer { get; set; } = Initializer.Auto;

    /// <summary>Seed of the initializer and of shuffling; the same seed gives the same bits.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Element type of the network (float unless set to <see cref="NetGen.Precision.Double"/>).</summary>
    public Precision Precision { get; set; } = Precision.Single;

    /// <summary>
    /// Path (as listed in the project's <c>AdditionalFiles</c>) of a trained weights file in NetGen's text format.
    /// When set, the generator also emits a nested <c>Baked</c> class whose weights are compiled-in literals.
    /// </summary>
    public string? BakedWeights { get; set; }
}

/// <summary>The size of the input vector. Exactly one per network.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares an input of <paramref name="size"/> features.</summary>
    public InputAttribute(int size) => Size = size;

    /// <summary>Number of input features.</summary>
    public int Size { get; }
}

/// <summary>A fully connected layer <c>a = f(W a_prev + b)</c>. The last one is the output layer.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a dense layer of <paramref name="size"/> neurons with <paramref name="activation"/>.</summary>
    public DenseAttribute(int size, Activation activation)
    {
        Size = size;
        Activation = activation;
    }

    /// <summary>Number of neurons.</summary>
    public int Size { get; }

    /// <summary>The layer's activation.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer has a bias vector (default true).</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Negative-side slope of <see cref="Activation.LeakyReLU"/>, or the initial slope of <see cref="Activation.PReLU"/>.</summary>
    public double Slope { get; set; } = 0.01;

    /// <summary>Forces a code shape for this layer instead of the size-based choice.</summary>
    public CodeShape Shape { get; set; } = CodeShape.Auto;
}
