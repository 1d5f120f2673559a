using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace NetGen.Digits;

/// <summary>Receives one chunk of an IDX body; <paramref name="offset"/> is the chunk's position in the body.</summary>
internal delegate void IdxChunkReader(ReadOnlySpan<byte> chunk, long offset);

/// <summary>
/// One IDX file (raw, or gzip detected by its 0x1f 0x8b magic) opened for a single streaming pass. Opening reads and
/// checks only the header; <see cref="ReadBody"/> then streams the body in chunks into the caller's final buffer.
/// Nothing is ever inflated beyond what the header declares plus one byte (to detect extra data), so a gzip bomb
/// costs no more than an honest file of its declared size.
/// </summary>
internal sealed class IdxSource : IDisposable
{
    private const int ChunkSize = 1 << 16;

    /// <summary>
    /// DEFLATE cannot expand beyond about 1032:1 (a 258-byte match costs at least two bits); with a margin, a gzip file
    /// whose header declares more than this many times its compressed size is truncated, which is caught before any
    /// buffer of the declared size is allocated.
    /// </summary>
    private const long MaxGzipRatio = 1040;

    private readonly Stream _stream;
    private readonly long _fileLength;
    private readonly int _headerLength;

    /// <summary>The file's path, as given.</summary>
    public string Path { get; }

    /// <summary>The header's dimensions (each checked non-negative).</summary>
    public int[] Dimensions { get; }

    /// <summary>Bytes the body must have: the product of the dimensions (saturated at <see cref="long.MaxValue"/>).</summary>
    public long BodyLength { get; }

    private IdxSource(string path, Stream stream, int[] dimensions, long bodyLength, long fileLength, int headerLength) =>
        (Path, _stream, Dimensions, BodyLength, _fileLength, _headerLength) = (path, stream, dimensions, bodyLength, fileLength, headerLength);

    /// <summary>
    /// Opens <paramref name="path"/> (refusing anything but a non-empty regular file), reads its header and checks the
    /// magic number; the caller checks the dimensions, then <see cref="RequireStoredLength"/>.
    /// </summary>
    public static IdxSource Open(string path, int magic, int dimensionCount, string kind, string[] dimensionNames)
    {
        int headerLength = 4 + 4 * dimensionCount;
        long fileLength = DataFileCheck.RequireRegularFile(path, $"an IDX {kind} file");
        Stream stream = OpenStream(path, out bool compressed);
        try
        {
            var header = new byte[headerLength];
            int read = ReadUpTo(path, stream, header, compressed);
            string source = compressed ? "decompresses to" : "is";
            if (read < 4) throw Bad(path, $"the file {source} {read} bytes, too short for an IDX magic number");
            int actual = BinaryPrimitives.ReadInt32BigEndian(header);
            if (actual != magic) throw Bad(path, $"bad magic number 0x{actual:X8}, expected 0x{magic:X8} (IDX {kind})");
            if (read < headerLength)
                throw Bad(path, $"truncated header: the file {source} {read} bytes, an IDX {kind} header needs {headerLength}");
            var dimensions = new int[dimensionCount];
            long body = 1;
            for (int i = 0; i < dimensionCount; i++)
            {
                dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * i));
                if (dimensions[i] < 0) throw Bad(path, $"negative {dimensionNames[i]} {dimensions[i]} in the header");
                body = dimensions[i] != 0 && body > long.MaxValue / dimensions[i] ? long.MaxValue : body * dimensions[i];
            }
            return new IdxSource(path, stream, dimensions, body, fileLength, headerLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks the file's size on disk against the declared body before reading it: a raw file must match exactly; a
    /// gzip file must be large enough to decompress to the declared body. Either way nothing is allocated for a body
    /// the file cannot hold.
    /// </summary>
    public void RequireStoredLength()
    {
        bool compressed = _stream is GZipStream;
        if (!compressed && _fileLength - _headerLength != BodyLength)
            throw LengthMismatch(Path, BodyLength, _fileLength - _headerLength, $"{_headerLength}-byte header");
        if (compressed && BodyLength / MaxGzipRatio > _fileLength)
            throw Bad(Path, $"truncated: the header declares {BodyLength:N0} data bytes, more than a {_fileLength:N0}-byte gzip file can hold");
    }

    /// <summary>
    /// Streams the body to <paramref name="reader"/> in chunks, in order; throws when it ends before
    /// <see cref="BodyLength"/> bytes or when anything follows them. <paramref name="what"/> describes the body in messages.
    /// </summary>
    public void ReadBody(IdxChunkReader reader, string what, CancellationToken ct)
    {
        bool compressed = _stream is GZipStream;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long done = 0;
            while (done < BodyLength)
            {
                ct.ThrowIfCancellationRequested();
                int got = ReadSome(Path, _stream, buffer.AsSpan(0, (int)Math.Min(ChunkSize, BodyLength - done)), compressed);
                if (got == 0)
                    throw Bad(Path, $"truncated: the header declares {what} ({BodyLength:N0} data bytes) but only {done:N0} follow");
                reader(buffer.AsSpan(0, got), done);
                done += got;
            }
            if (ReadSome(Path, _stream, buffer.AsSpan(0, 1), compressed) > 0)
                throw Bad(Path, $"more data than the header declares: {what} take {BodyLength:N0} bytes, but more follow");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    /// <summary>An <see cref="InvalidDataException"/> whose message names the file.</summary>
    public static InvalidDataException Bad(string path, string problem, Exception? inner = null) =>
        new($"IDX file '{path}': {problem}.", inner);

    private static InvalidDataException LengthMismatch(string path, long expected, long actual, string after) =>
        actual < expected
            ? Bad(path, $"truncated: the header declares {expected:N0} data bytes but only {actual:N0} follow the {after}")
            : Bad(path, $"{actual - expected:N0} unexpected bytes after the {expected:N0} data bytes the header declares");

    private static Stream OpenStream(string path, out bool compressed)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException e) { throw Bad(path, "cannot be read (permission denied)", e); }
        catch (IOException e) { throw Bad(path, $"cannot be opened ({e.Message})", e); }
        try
        {
            if (!file.CanSeek) throw Bad(path, "is not a regular file");
            Span<byte> magic = stackalloc byte[2];
            int read = ReadUpTo(path, file, magic, compressed: false);
            file.Position = 0;
            compressed = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            return compressed ? new GZipStream(file, CompressionMode.Decompress) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static int ReadUpTo(string path, Stream stream, Span<byte> buffer, bool compressed)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int got = ReadSome(path, stream, buffer[total..], compressed);
            if (got == 0) break;
            total += got;
        }
        return total;
    }

    private static int ReadSome(string path, Stream stream, Span<byte> buffer, bool compressed)
    {
        try
        {
            return stream.Read(buffer);
        }
        catch (Exception e) when (compressed && e is InvalidDataException or IOException)
        {
            throw Bad(path, $"the gzip stream is corrupt or truncated ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw Bad(path, $"read error ({e.Message})", e);
        }
    }
}
