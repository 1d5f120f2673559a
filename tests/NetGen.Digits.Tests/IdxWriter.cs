using System.Buffers.Binary;
using System.IO.Compression;

namespace NetGen.Digits.Tests;

/// <summary>Writes small IDX files for the reader tests.</summary>
internal static class IdxWriter
{
    public static byte[] Images(int count, int rows, int cols, Func<int, int, int, byte>? pixel = null, int magic = 0x803)
    {
        var bytes = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 0; i < count; i++)
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < cols; x++)
                    bytes[16 + (i * rows + y) * cols + x] = pixel?.Invoke(i, y, x) ?? (byte)((i * 31 + y * 7 + x) % 256);
        return bytes;
    }

    public static byte[] Labels(IReadOnlyList<byte> labels, int magic = 0x801)
    {
        var bytes = new byte[8 + labels.Count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Count);
        for (int i = 0; i < labels.Count; i++) bytes[8 + i] = labels[i];
        return bytes;
    }

    public static void Write(string path, byte[] bytes, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
    }

    /// <summary>An IDX3 header declaring <paramref name="count"/> images of <paramref name="rows"/> x <paramref name="cols"/>, without a body.</summary>
    public static byte[] ImagesHeader(int count, int rows, int cols)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        return bytes;
    }

    /// <summary>An IDX1 header declaring <paramref name="count"/> labels, without a body.</summary>
    public static byte[] LabelsHeader(int count)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        return bytes;
    }

    /// <summary>
    /// <paramref name="header"/> followed by zeros up to <paramref name="totalLength"/> bytes, as a sparse file: a
    /// file of gigabytes costs no disk space or write time.
    /// </summary>
    public static void WriteSparse(string path, byte[] header, long totalLength)
    {
        using var file = File.Create(path);
        file.Write(header);
        file.SetLength(totalLength);
    }

    /// <summary>
    /// A gzip file that decompresses to <paramref name="header"/> followed by <paramref name="zeros"/> zero bytes (a
    /// gzip bomb): one gzip member holding the header, then one member of a megabyte of zeros (about 1 KB compressed)
    /// repeated; gzip readers join members, so gigabytes take milliseconds to write and a few MB on disk.
    /// </summary>
    public static void WriteGzipOfZeros(string path, byte[] header, long zeros)
    {
        const int Megabyte = 1 << 20;
        using var file = File.Create(path);
        file.Write(Gzip(header));
        byte[] member = Gzip(new byte[Megabyte]);
        for (long left = zeros; left > 0; left -= Megabyte)
            file.Write(left >= Megabyte ? member : Gzip(new byte[left]));
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.SmallestSize)) zip.Write(bytes);
        return buffer.ToArray();
    }

}
