using System.IO.Compression;
using Xunit.Abstractions;

namespace NetGen.Digits.Tests;

/// <summary>
/// Random truncations and byte flips of valid IDX files (raw and gzip): the reader always answers with a dataset or
/// an <see cref="InvalidDataException"/> naming the file, never another exception.
/// </summary>
public sealed class IdxFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 1_500;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Damaged_idx_files_are_rejected_with_a_clear_exception(bool gzip)
    {
        byte[] images = IdxWriter.Images(6, 4, 3, (i, y, x) => (byte)(i * 40 + y * 3 + x));
        byte[] labels = IdxWriter.Labels([0, 3, 9, 1, 2, 7]);
        if (gzip) (images, labels) = (Gzip(images), Gzip(labels));
        string imagesPath = _temp.File("images"), labelsPath = _temp.File("labels");
        var random = new Random(gzip ? 3 : 4);
        int rejected = 0, readable = 0;
        for (int i = 0; i < Cases; i++)
        {
            bool damageImages = random.Next(2) == 0;
            File.WriteAllBytes(imagesPath, damageImages ? Damage(images, random) : images);
            File.WriteAllBytes(labelsPath, damageImages ? labels : Damage(labels, random));
            try
            {
                var data = IdxReader.ReadPair(imagesPath, labelsPath, "fuzz");
                Assert.Equal(data.Rows, data.Labels.Length);
                Assert.All(data.Labels, label => Assert.InRange(label, 0, 9));
                readable++; // e.g. a flipped pixel byte: still a well-formed file
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(damageImages ? imagesPath : labelsPath, e.Message);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} threw {e.GetType().Name}: {e.Message}");
            }
        }
        string summary = $"IDX files ({(gzip ? "gzip" : "raw")}): {Cases} damaged pairs tried, {rejected} rejected with InvalidDataException, {readable} still well-formed, 0 crashes";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(rejected > Cases / 4, summary);
    }

    private static byte[] Damage(byte[] valid, Random random)
    {
        if (random.Next(2) == 0) return valid[..random.Next(valid.Length)];
        var copy = (byte[])valid.Clone();
        copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
        return copy;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest)) zip.Write(bytes);
        return buffer.ToArray();
    }
}
