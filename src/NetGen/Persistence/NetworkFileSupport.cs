using System.Globalization;
using System.Numerics;

namespace NetGen;

/// <summary>Pieces shared by the binary and text formats.</summary>
internal static class NetworkFileSupport
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>FNV-1a 64-bit hash, continuing from <paramref name="hash"/>.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> bytes, ulong hash = FnvOffset)
    {
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        return hash;
    }

    public static ulong Fnv1a64Start => FnvOffset;

    /// <summary>Atomic save; see <see cref="AtomicFileWriter"/>.</summary>
    public static void WriteAtomically(string path, Action<Stream> write) => AtomicFileWriter.Write(path, write);

    /// <summary>Checks what <c>Save</c> is given; returns the metadata to store.</summary>
    public static NetworkMetadata CheckSave<T>(NetworkArchitecture architecture, ReadOnlySpan<T> parameters, NetworkMetadata? metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        CheckElementType<T>(architecture, nameof(parameters));
        if (parameters.Length != architecture.ParameterCount)
            throw new ArgumentException(
                Invariant($"Expected {architecture.ParameterCount} parameters for {architecture.Fingerprint}, got {parameters.Length}."), nameof(parameters));
        for (int i = 0; i < parameters.Length; i++)
            if (!T.IsFinite(parameters[i]))
                throw new ArgumentException(Invariant($"Parameter {i} ({Describe(architecture, i)}) is {parameters[i]}; only finite parameters can be saved."), nameof(parameters));
        metadata ??= new NetworkMetadata();
        if (!double.IsFinite(metadata.LearningRate))
            throw new ArgumentException("The metadata's learning rate must be finite.", nameof(metadata));
        if (metadata.EpochsTrained < 0)
            throw new ArgumentException("The metadata's epoch count must not be negative.", nameof(metadata));
        return metadata;
    }

    public static void CheckElementType<T>(NetworkArchitecture architecture, string parameter) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var precision = PrecisionOf<T>();
        if (precision != architecture.Precision)
            throw new ArgumentException(Invariant($"The network uses {architecture.Precision} parameters but the buffer holds {typeof(T).Name}."), parameter);
    }

    public static Precision PrecisionOf<T>() =>
        typeof(T) == typeof(float) ? Precision.Single
        : typeof(T) == typeof(double) ? Precision.Double
        : throw new NotSupportedException(Invariant($"NetGen networks use float or double, not {typeof(T).Name}."));

    /// <summary>Where parameter <paramref name="index"/> lives, e.g. "layer 2 biases [3]".</summary>
    public static string Describe(NetworkArchitecture architecture, int index)
    {
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            int w = architecture.WeightOffset(l), b = architecture.BiasOffset(l), s = architecture.SlopeOffset(l);
            int end = l + 1 < architecture.Layers.Count ? architecture.WeightOffset(l + 1) : architecture.ParameterCount;
            if (index >= end) continue;
            if (s >= 0 && index >= s) return Invariant($"layer {l + 1} slopes [{index - s}]");
            if (b >= 0 && index >= b) return Invariant($"layer {l + 1} biases [{index - b}]");
            return Invariant($"layer {l + 1} weights [{index - w}]");
        }
        return Invariant($"index {index}");
    }

    /// <summary>Null when the architectures are interchangeable, else the first difference in words.</summary>
    public static string? Difference(NetworkArchitecture file, NetworkArchitecture expected, string? networkName)
    {
        string name = string.IsNullOrEmpty(networkName) ? "the expected network" : networkName;
        if (file.Precision != expected.Precision)
            return Invariant($"the file holds {file.Precision} parameters but {name} uses {expected.Precision}");
        if (file.InputSize != expected.InputSize)
            return Invariant($"the file's network takes {file.InputSize} inputs but {name} takes {expected.InputSize}");
        if (file.Layers.Count != expected.Layers.Count)
            return Invariant($"the file has {file.Layers.Count} layers but {name} has {expected.Layers.Count}");
        for (int l = 0; l < file.Layers.Count; l++)
        {
            LayerDescription f = file.Layers[l], e = expected.Layers[l];
            int k = l + 1;
            if (f.Size != e.Size) return Invariant($"layer {k} has {f.Size} neurons in the file but {e.Size} in {name}");
            if (f.Activation != e.Activation) return Invariant($"layer {k} uses {f.Activation} in the file but {e.Activation} in {name}");
            if (f.HasBias != e.HasBias)
                return Invariant($"layer {k} {(f.HasBias ? "has" : "has no")} biases in the file but {(e.HasBias ? "has" : "has no")} biases in {name}");
            if (f.Activation == Activation.LeakyReLU && f.Slope.CompareTo(e.Slope) != 0)
                return Invariant($"layer {k} has LeakyReLU slope {f.Slope:R} in the file but {e.Slope:R} in {name}");
        }
        if (file.Loss != expected.Loss) return Invariant($"the file was trained with loss {file.Loss} but {name} uses {expected.Loss}");
        if (file.Fingerprint != expected.Fingerprint)
            return Invariant($"the file's fingerprint '{file.Fingerprint}' differs from {name}'s '{expected.Fingerprint}'");
        return null;
    }

    public static void ThrowIfDifferent(NetworkArchitecture file, NetworkArchitecture expected, string? networkName)
    {
        if (Difference(file, expected, networkName) is { } difference)
            throw new NetworkFileException(Invariant($"The weights file does not match the network: {difference}."));
    }

    /// <summary>Builds the architecture a file describes, turning constructor errors into file errors.</summary>
    public static NetworkArchitecture Architecture(int inputSize, Loss loss, Precision precision, LayerDescription[] layers, int? line = null)
    {
        try
        {
            return new NetworkArchitecture(inputSize, loss, precision, layers);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            throw new NetworkFileException("The file describes an invalid architecture: " + ex.Message, line);
        }
    }

    public static void CheckFinite<T>(NetworkArchitecture architecture, ReadOnlySpan<T> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < parameters.Length; i++)
            if (!T.IsFinite(parameters[i]))
                throw new NetworkFileException(Invariant($"Parameter {i} ({Describe(architecture, i)}) is {parameters[i]}; a weights file must hold finite numbers only."));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
