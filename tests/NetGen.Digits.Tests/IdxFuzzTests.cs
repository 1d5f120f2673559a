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
        NetGen.Tests.TestCounts.Record(summary);
        Console.WriteLine(summary);
        Assert.True(rejected > Cases / 4, summary);
    }

    /// <summary>Header field values a hostile or corrupt file may hold, around and far from the true ones.</summary>
    private static readonly int[] HostileDimensions = [int.MinValue, -1, 0, 1, 3, 4, 5, 4097, 1 << 20, int.MaxValue];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Generated_image_headers_are_rejected_or_read_exactly(bool gzip)
    {
        // Every combination of hostile dimensions, with bodies one byte short, exact and one byte long (capped, so
        // that a header declaring gigabytes gets a small body): the reader either returns exactly the declared images or
        // throws an InvalidDataException naming the file, and never allocates more than a small multiple of the body.
        string path = _temp.File(gzip ? "images.gz" : "images");
        int cases = 0, read = 0;
        foreach (int count in HostileDimensions)
            foreach (int rows in HostileDimensions)
                foreach (int cols in HostileDimensions)
                    foreach (int delta in new[] { -1, 0, 1 })
                    {
                        long declared = (long)Math.Max(count, 0) * Math.Max(rows, 0) * Math.Max(cols, 0);
                        int body = (int)Math.Clamp(Math.Min(declared, 4096) + delta, 0, 4097);
                        IdxWriter.Write(path, [.. IdxWriter.ImagesHeader(count, rows, cols), .. new byte[body]], gzip);
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        try
                        {
                            IdxImages images = IdxReader.ReadImages(path);
                            Assert.Equal((count, rows, cols, declared), (images.Count, images.Height, images.Width, (long)body));
                            Assert.InRange(rows, 1, IdxReader.MaxSide);
                            read++;
                        }
                        catch (InvalidDataException e)
                        {
                            Assert.Contains(path, e.Message);
                        }
                        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                        Assert.True(allocated < (1 << 20), $"{count}x{rows}x{cols} with {body} body bytes allocated {allocated:N0}");
                        cases++;
                    }
        output.WriteLine($"{cases} generated image headers ({(gzip ? "gzip" : "raw")}): {read} read exactly, the rest rejected");
        NetGen.Tests.TestCounts.Record($"{cases} generated image headers ({(gzip ? "gzip" : "raw")}): {read} read exactly, the rest rejected");
        Assert.True(read > 0 && read < cases / 10, $"{read} of {cases} read");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Generated_label_headers_and_truncations_are_rejected_or_read_exactly(bool gzip)
    {
        string path = _temp.File(gzip ? "labels.gz" : "labels");
        byte[] valid = IdxWriter.Labels([0, 3, 9, 1, 2, 7]);
        int read = 0;
        for (int cut = 0; cut <= valid.Length + 1; cut++) // every truncation, the exact file and one extra byte
        {
            byte[] bytes = cut <= valid.Length ? valid[..cut] : [.. valid, 0];
            IdxWriter.Write(path, bytes, gzip);
            try
            {
                Assert.Equal([0, 3, 9, 1, 2, 7], IdxReader.ReadLabels(path));
                Assert.Equal(valid.Length, cut);
                read++;
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(path, e.Message);
            }
        }
        foreach (int count in HostileDimensions)
        {
            IdxWriter.Write(path, [.. IdxWriter.LabelsHeader(count), .. new byte[6]], gzip);
            try
            {
                int[] labels = IdxReader.ReadLabels(path);
                Assert.Fail($"a header declaring {count} labels was accepted with 6 label bytes ({labels.Length} read)");
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(path, e.Message);
            }
        }
        Assert.Equal(1, read);
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
