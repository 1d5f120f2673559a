using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace NetGen;

/// <summary>
/// Saves and loads trained networks, in a binary form (<see cref="Save{T}"/>, <see cref="Load{T}"/>) and in a
/// line-based text form (<see cref="SaveText{T}"/>, <see cref="LoadText{T}"/>, <see cref="ParseText{T}"/>) that the
/// generator also reads at compile time. Saves are atomic (temporary file in the same folder, flushed to disk,
/// then renamed over the target). Loads validate everything and copy into the destination only at the very end,
/// so a failed load never leaves a partially loaded network. See docs/file-format.md.
/// <code>
/// Binary format, version 1 (all integers and floats little-endian):
///   offset 0   4 bytes   magic "NGEN" (0x4E 0x47 0x45 0x4E)
///          4   uint16    format version = 1
///          6   uint8     element type: 1 = float32 (Single), 2 = float64 (Double)
///          7   int32     fingerprint length in bytes, then that many bytes of UTF-8 (NetworkArchitecture.Fingerprint)
///              int32     layer count L (≥ 1)
///              int32     input size
///              L times:  int32 size, uint8 activation (Activation enum value), uint8 has-bias (0/1), float64 slope
///              uint8     loss (Loss enum value)
///              float64   learning rate; int32 seed; int32 epochs trained
///              int32     parameter count P (must equal the architecture's)
///              P values  of the element type, in the NetworkArchitecture layout, exact bits
///              uint64    FNV-1a 64 of every byte before it
/// </code>
/// </summary>
public static partial class NetworkFile
{
    /// <summary>The 4 bytes every binary weights file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "NGEN"u8;

    /// <summary>The binary and text format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Atomically writes <paramref name="parameters"/> of <paramref name="architecture"/> to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">Wrong parameter count, element type, or a non-finite parameter.</exception>
    public static void Save<T>(string path, NetworkArchitecture architecture, ReadOnlySpan<T> parameters, NetworkMetadata? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] bytes = Encode(architecture, parameters, metadata);
        NetworkFileSupport.WriteAtomically(path, stream => stream.Write(bytes));
    }

    /// <summary>The binary file content for a network (what <see cref="Save{T}"/> writes).</summary>
    public static byte[] Encode<T>(NetworkArchitecture architecture, ReadOnlySpan<T> parameters, NetworkMetadata? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var meta = NetworkFileSupport.CheckSave(architecture, parameters, metadata);
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write((ushort)FormatVersion);
            writer.Write((byte)(architecture.Precision == Precision.Single ? 1 : 2));
            byte[] fingerprint = Encoding.UTF8.GetBytes(architecture.Fingerprint);
            writer.Write(fingerprint.Length);
            writer.Write(fingerprint);
            writer.Write(architecture.Layers.Count);
            writer.Write(architecture.InputSize);
            foreach (var layer in architecture.Layers)
            {
                writer.Write(layer.Size);
                writer.Write((byte)layer.Activation);
                writer.Write((byte)(layer.HasBias ? 1 : 0));
                writer.Write(layer.Slope);
            }
            writer.Write((byte)architecture.Loss);
            writer.Write(meta.LearningRate);
            writer.Write(meta.Seed);
            writer.Write(meta.EpochsTrained);
            writer.Write(parameters.Length);
            Span<byte> buffer = stackalloc byte[8];
            if (typeof(T) == typeof(float))
                foreach (float value in MemoryMarshal.Cast<T, float>(parameters))
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
                    writer.Write(buffer[..4]);
                }
            else
                foreach (double value in MemoryMarshal.Cast<T, double>(parameters))
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer, value);
                    writer.Write(buffer);
                }
        }
        ulong checksum = NetworkFileSupport.Fnv1a64(memory.GetBuffer().AsSpan(0, (int)memory.Length));
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tail, checksum);
        memory.Write(tail);
        return memory.ToArray();
    }

    /// <summary>
    /// Loads a binary file into <paramref name="destination"/> after checking it describes <paramref name="expected"/>.
    /// <paramref name="networkName"/> names the network in error messages.
    /// </summary>
    /// <exception cref="NetworkFileException">The file is invalid, corrupted, or for another architecture; destination untouched.</exception>
    public static NetworkMetadata Load<T>(string path, NetworkArchitecture expected, Span<T> destination, string? networkName = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(expected);
        CheckDestination(expected, destination);
        var contents = Decode<T>(File.ReadAllBytes(path), expected, networkName);
        contents.Parameters.CopyTo(destination);
        return contents.Metadata;
    }

    /// <summary>Reads and validates a binary file of element type <typeparamref name="T"/> without an expected architecture.</summary>
    public static NetworkFileContents<T> Read<T>(string path) where T : unmanaged, IFloatingPointIeee754<T> =>
        Decode<T>(File.ReadAllBytes(path), null, null);

    /// <summary>Decodes binary file content (see the format above); checks it against <paramref name="expected"/> when given.</summary>
    public static NetworkFileContents<T> Decode<T>(ReadOnlySpan<byte> bytes, NetworkArchitecture? expected = null, string? networkName = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reader = new Reader(bytes);
        var magic = reader.Take(4, "the magic bytes");
        if (!magic.SequenceEqual(Magic))
            throw new NetworkFileException(
                Invariant($"Not a NetGen weights file: it starts with bytes {Convert.ToHexString(magic)} instead of \"NGEN\" (4E47454E)."));
        int version = reader.UInt16("the format version");
        if (version != FormatVersion)
            throw new NetworkFileException(Invariant($"Unsupported format version {version}: this NetGen reads version {FormatVersion}."));
        byte elementType = reader.Byte("the element type");
        if (elementType is not (1 or 2))
            throw new NetworkFileException(Invariant($"Unknown element type {elementType} (expected 1 for Single or 2 for Double)."));
        var precision = elementType == 1 ? Precision.Single : Precision.Double;
        int fingerprintLength = reader.Count("the fingerprint length", 1);
        string fingerprint = Encoding.UTF8.GetString(reader.Take(fingerprintLength, "the fingerprint"));
        int layerCount = reader.Count("the layer count", 14);
        if (layerCount == 0) throw new NetworkFileException("The file declares 0 layers.");
        int inputSize = reader.Int32("the input size");
        var layers = new LayerDescription[layerCount];
        for (int l = 0; l < layerCount; l++)
        {
            string what = Invariant($"layer {l + 1}");
            int size = reader.Int32(what);
            var activation = (Activation)reader.Byte(what);
            byte bias = reader.Byte(what);
            double slope = reader.Double(what);
            if (size < 1) throw new NetworkFileException(Invariant($"Layer {l + 1} has {size} neurons; a layer needs at least 1."));
            if (!Enum.IsDefined(activation)) throw new NetworkFileException(Invariant($"Layer {l + 1} has unknown activation {(int)activation}."));
            if (bias > 1) throw new NetworkFileException(Invariant($"Layer {l + 1} has an invalid bias flag {bias}."));
            layers[l] = new LayerDescription(size, activation, bias == 1, slope);
        }
        var loss = (Loss)reader.Byte("the loss");
        if (!Enum.IsDefined(loss)) throw new NetworkFileException(Invariant($"Unknown loss {(int)loss}."));
        var architecture = NetworkFileSupport.Architecture(inputSize, loss, precision, layers);
        var metadata = new NetworkMetadata
        {
            LearningRate = reader.Double("the learning rate"),
            Seed = reader.Int32("the seed"),
            EpochsTrained = reader.Int32("the epoch count"),
        };
        if (!double.IsFinite(metadata.LearningRate) || metadata.EpochsTrained < 0)
            throw new NetworkFileException(
                Invariant($"Invalid metadata: learning rate {metadata.LearningRate}, epochs trained {metadata.EpochsTrained}."));
        int elementSize = elementType == 1 ? 4 : 8;
        int parameterCount = reader.Count("the parameter count", elementSize);
        if (parameterCount != architecture.ParameterCount)
            throw new NetworkFileException(
                Invariant($"The file declares {parameterCount} parameters but its architecture ({architecture.Fingerprint}) has {architecture.ParameterCount}."));
        var raw = reader.Take(checked(parameterCount * elementSize), "the parameters");
        int checkedLength = reader.Position;
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(reader.Take(8, "the checksum"));
        if (reader.Position != bytes.Length)
            throw new NetworkFileException(Invariant($"The file has {bytes.Length - reader.Position} unexpected bytes after the checksum."));
        ulong actual = NetworkFileSupport.Fnv1a64(bytes[..checkedLength]);
        if (stored != actual)
            throw new NetworkFileException(Invariant($"Checksum mismatch (stored {stored:x16}, computed {actual:x16}): the file is corrupted."));
        if (fingerprint != architecture.Fingerprint)
            throw new NetworkFileException(Invariant($"The stored fingerprint '{fingerprint}' does not match the stored layers ('{architecture.Fingerprint}')."));
        if (expected is not null) NetworkFileSupport.ThrowIfDifferent(architecture, expected, networkName);
        if (NetworkFileSupport.PrecisionOf<T>() != precision)
            throw new NetworkFileException(Invariant($"The file holds {precision} parameters, not {typeof(T).Name}."));

        var parameters = new T[parameterCount];
        if (elementType == 1)
        {
            var values = MemoryMarshal.Cast<T, float>(parameters.AsSpan());
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
        }
        else
        {
            var values = MemoryMarshal.Cast<T, double>(parameters.AsSpan());
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
        }
        NetworkFileSupport.CheckFinite<T>(architecture, parameters);
        return new NetworkFileContents<T>(architecture, metadata, parameters);
    }

    private static void CheckDestination<T>(NetworkArchitecture expected, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        NetworkFileSupport.CheckElementType<T>(expected, nameof(destination));
        if (destination.Length != expected.ParameterCount)
            throw new ArgumentException(
                Invariant($"The destination holds {destination.Length} values but {expected.Fingerprint} has {expected.ParameterCount} parameters."), nameof(destination));
    }

    /// <summary>Sequential little-endian reader that reports truncation with what it was reading.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; }

        public ReadOnlySpan<byte> Take(int count, string what)
        {
            if (count < 0 || _bytes.Length - Position < count)
                throw new NetworkFileException(
                    Invariant($"The file is truncated: it ends after {_bytes.Length} bytes, while reading {what} at offset {Position} ({count} bytes needed)."));
            var slice = _bytes.Slice(Position, count);
            Position += count;
            return slice;
        }

        public byte Byte(string what) => Take(1, what)[0];
        public ushort UInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));
        public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));
        public double Double(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

        /// <summary>A non-negative count whose items (at least <paramref name="bytesPerItem"/> each) fit in the rest of the file.</summary>
        public int Count(string what, int bytesPerItem)
        {
            int count = Int32(what);
            if (count < 0) throw new NetworkFileException(Invariant($"The file declares a negative value ({count}) for {what}."));
            if ((long)count * bytesPerItem > _bytes.Length - Position)
                throw new NetworkFileException(
                    Invariant($"The file is truncated or corrupted: {what} is {count}, but only {_bytes.Length - Position} bytes follow at offset {Position}."));
            return count;
        }
    }
}
