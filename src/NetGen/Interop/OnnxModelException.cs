namespace NetGen;

/// <summary>
/// An ONNX model cannot be loaded into a network: it is not a readable ONNX model, it is not a chain of dense layers
/// NetGen supports, or it differs from the declared architecture. <see cref="Problems"/> lists every problem found,
/// each naming its layer (1-based, in the order of the <c>[Dense]</c> attributes) when it has one.
/// </summary>
public sealed class OnnxModelException : IOException
{
    /// <summary>Creates the exception from a summary and the problems, which the message lists one per line.</summary>
    public OnnxModelException(string summary, IReadOnlyList<string> problems)
        : base(summary + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>Each problem in words, e.g. "layer 2: size: the model has 7 neurons, the declaration 8".</summary>
    public IReadOnlyList<string> Problems { get; }
}
