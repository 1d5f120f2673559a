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
}
