using System.Numerics;
using NetGen.Interop.Shared;

namespace NetGen.Interop;

/// <summary>Loads a model read by the shared reader into a network's parameters, after the matcher accepts it.</summary>
internal static class OnnxImporter
{
    /// <summary>
    /// Reads <paramref name="model"/>, checks it against <paramref name="expected"/> and copies its parameters into
    /// <paramref name="destination"/>; on any problem throws <see cref="OnnxModelException"/> and leaves it untouched.
    /// </summary>
    public static void Load<T>(byte[] model, NetworkArchitecture expected, Span<T> destination, string networkName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NetworkFileSupport.CheckElementType<T>(expected, nameof(destination));
        var result = OnnxArchitectureMatcher.ReadAndMatch(model, Declaration(expected));
        if (result.Network is null)
        {
            bool unreadable = result.Problems.Any(p => p.Kind == OnnxProblemKind.Malformed);
            string summary = unreadable
                ? Invariant($"Cannot load the ONNX model into {networkName}:")
                : Invariant($"The ONNX model does not match {networkName} ({expected.Fingerprint}):");
            throw new OnnxModelException(summary, result.Problems.Select(p => p.Message).ToArray());
        }
        double[] values = OnnxParameters.ToBuffer(result.Network);
        if (values.Length != destination.Length)
            throw new InvalidOperationException(Invariant($"The matched ONNX model has {values.Length} parameters but {networkName} has {destination.Length}."));
        for (int i = 0; i < values.Length; i++) destination[i] = T.CreateTruncating(values[i]);
    }

    /// <summary>What the shared matcher compares a model with.</summary>
    public static OnnxDeclaration Declaration(NetworkArchitecture architecture) =>
        new(architecture.InputSize,
            architecture.Layers.Select(l => new OnnxDeclaredLayer(l.Size, l.Activation, l.HasBias, l.Slope)).ToArray(),
            architecture.Precision);
}
