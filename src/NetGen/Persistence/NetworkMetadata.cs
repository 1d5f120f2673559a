using System.Numerics;

namespace NetGen;

/// <summary>Training facts stored beside the parameters in a weights file.</summary>
public sealed record NetworkMetadata
{
    /// <summary>The learning rate the network was trained with (finite).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>The seed of initialization and shuffling.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Number of epochs trained (≥ 0).</summary>
    public int EpochsTrained { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder) =>
        RecordText.Print(builder, (nameof(LearningRate), LearningRate), (nameof(Seed), Seed), (nameof(EpochsTrained), EpochsTrained));
}

/// <summary>Everything a weights file holds, decoded and validated.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NetworkFileContents<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal NetworkFileContents(NetworkArchitecture architecture, NetworkMetadata metadata, T[] parameters)
    {
        Architecture = architecture;
        Metadata = metadata;
        Parameters = parameters;
    }

    /// <summary>The architecture described by the file.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The stored training facts.</summary>
    public NetworkMetadata Metadata { get; }

    /// <summary>The parameters in the layout of <see cref="NetworkArchitecture"/> (all finite).</summary>
    public T[] Parameters { get; }
}

/// <summary>
/// A weights file could not be loaded: it is not a NetGen file, has an unsupported version, is truncated or
/// corrupted (checksum), holds NaN or infinite parameters, cannot be parsed (text: <see cref="Line"/> says where),
/// or describes another architecture than the network it is loaded into. (It derives from <see cref="IOException"/>
/// because <see cref="InvalidDataException"/> is sealed.)
/// </summary>
public sealed class NetworkFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public NetworkFileException(string message, int? line = null)
        : base(line is int l ? FormattableString.Invariant($"line {l}: {message}") : message) => Line = line;

    /// <summary>The 1-based line of a text file where the problem is, when known.</summary>
    public int? Line { get; }
}
