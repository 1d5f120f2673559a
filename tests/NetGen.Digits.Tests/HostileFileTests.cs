using System.Diagnostics;

namespace NetGen.Digits.Tests;

/// <summary>
/// Data files that are not what they claim: non-regular files, files far larger than their header says (sparse files),
/// gzip bombs, headers declaring gigabytes. Each is refused quickly, with a message naming the file, and without
/// allocating or inflating more than the header declares.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    /// <summary>Generous bound on what refusing a file may allocate: the point is "not the gigabytes declared or inflated".</summary>
    private const long SmallAllocation = 8 << 20;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Entries that are not regular files, each built at a given path.</summary>
    public static TheoryData<string> NonRegularKinds => ["folder", "fifo", "dangling-symlink", "symlink-loop", "char-device", "symlink-to-folder", "empty-file"];

    [Theory]
    [MemberData(nameof(NonRegularKinds))]
    public void NonRegularFiles_AreRefusedWithoutOpening_AndNamed(string kind)
    {
        foreach (var (name, read) in new (string, Action<string>)[]
                 {
                     ("images", p => IdxReader.ReadImages(p)),
                     ("labels", p => IdxReader.ReadLabels(p)),
                 })
        {
            string path = _temp.File($"{kind}-{name}");
            MakeNonRegular(kind, path);
            var e = Assert.IsType<InvalidDataException>(Within(TimeSpan.FromSeconds(20), () => read(path)));
            Assert.Contains(path, e.Message);
            Assert.Contains($"expected an IDX {name} file", e.Message);
        }
    }

    [UnprivilegedUnixFact]
    public void UnreadableFile_IsNamed()
    {
        string path = _temp.File("unreadable");
        IdxWriter.Write(path, IdxWriter.Images(2, 2, 2), gzip: false);
        if (OperatingSystem.IsWindows()) return; // skipped there by the attribute; this tells the platform analyzer
        File.SetUnixFileMode(path, UnixFileMode.None);
        Assert.False(CanOpen(path), "mode 000 should make the file unreadable to an unprivileged user");
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("permission denied", e.Message);
    }

    [Theory]
    [InlineData(2L << 30)]        // 2 GiB: File.ReadAllBytes failed without naming the file
    [InlineData((600L << 20) + 1)] // over 512 MB
    public void HugeRawFile_WithSmallHeader_IsRefusedBeforeReading(long length)
    {
        string path = _temp.File("huge");
        IdxWriter.WriteSparse(path, IdxWriter.ImagesHeader(3, 4, 5), length);
        var e = AssertRefusedCheaply(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"{length - 16 - 60:N0} unexpected bytes after the 60 data bytes", e.Message);
    }

    [Fact]
    public void HugeGzipFile_IsStreamed_NotBufferedWhole()
    {
        // A 600 MB file (the old reader overflowed at 512 MB) that is a valid gzip IDX followed by zero padding, which
        // gzip itself ignores (tar pads with zeros): it loads, reading only what the header declares.
        string path = _temp.File("huge.gz");
        IdxWriter.Write(path, IdxWriter.Images(3, 4, 5, (i, y, x) => (byte)(i + y + x)), gzip: true);
        using (var file = File.OpenWrite(path)) file.SetLength(600L << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        IdxImages images = IdxReader.ReadImages(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((3, 4, 5), (images.Count, images.Height, images.Width));
        Assert.Equal(2 + 3 + 4, images.Pixels[^1]);
        Assert.True(allocated < SmallAllocation, $"reading allocated {allocated:N0} bytes");
    }

    [Fact]
    public void HeaderDeclaringMoreThanTheLimit_IsRefusedFromTheHeader()
    {
        // 2,000,000 images of 28x28 = 1.57 GB: a sparse file of exactly that size, so only the limit can refuse it.
        string path = _temp.File("declares-too-much");
        IdxWriter.WriteSparse(path, IdxWriter.ImagesHeader(2_000_000, 28, 28), 16 + 2_000_000L * 784);
        var e = AssertRefusedCheaply(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("2,000,000 images of 28x28", e.Message);
        Assert.Contains($"{IdxReader.MaxPixelBytes:N0}", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HeaderDeclaringMoreThanTheFileHolds_IsTruncatedBeforeAllocating(bool gzip)
    {
        // 700,000 images of 28x28 (549 MB, under the limit) declared, a few KB present.
        string path = _temp.File(gzip ? "short.gz" : "short");
        IdxWriter.Write(path, [.. IdxWriter.ImagesHeader(700_000, 28, 28), .. new byte[4096]], gzip);
        var e = AssertRefusedCheaply(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void GzipBomb_StopsReadingRightAfterTheDeclaredBody()
    {
        // Declares 1,000 images of 28x28 (784 KB), then inflates to 3.1 GB of zeros from about 3 MB: inflating it all
        // takes seconds even on an idle machine, reading what the header declares takes milliseconds.
        string images = _temp.File("bomb-images.gz"), labels = _temp.File("bomb-labels");
        IdxWriter.WriteGzipOfZeros(images, IdxWriter.ImagesHeader(1000, 28, 28), 3100L << 20);
        IdxWriter.Write(labels, IdxWriter.Labels(new byte[1000]), gzip: false);
        Assert.InRange(new FileInfo(images).Length, 1, 8 << 20);
        var clock = Stopwatch.StartNew();
        var e = AssertRefusedCheaply(() => IdxReader.ReadPair(images, labels, "bomb"), allowance: 1000 * 784 * 4);
        Assert.Contains(images, e.Message);
        Assert.Contains("more data than the header declares", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}: the bomb was inflated beyond its header");
    }

    [Fact]
    public void GzipBomb_DeclaringItsWholeSize_IsRefusedByTheLimit()
    {
        string path = _temp.File("honest-bomb.gz");
        IdxWriter.WriteGzipOfZeros(path, IdxWriter.ImagesHeader(4_000_000, 28, 28), 4_000_000L * 784); // declares and holds 3.1 GB
        var e = AssertRefusedCheaply(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("4,000,000 images of 28x28", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ValidPair_LoadsInOnePass_IntoTheFinalBuffer(bool gzip)
    {
        const int Count = 20_000;
        string images = _temp.File(gzip ? "big-images.gz" : "big-images"), labels = _temp.File(gzip ? "big-labels.gz" : "big-labels");
        IdxWriter.Write(images, IdxWriter.Images(Count, 28, 28, (i, y, x) => (byte)((i + y * 28 + x) % 256)), gzip);
        IdxWriter.Write(labels, IdxWriter.Labels(Enumerable.Range(0, Count).Select(i => (byte)(i % 10)).ToArray()), gzip);
        long finalBuffers = Count * 784L * sizeof(float) + Count * sizeof(int);

        long before = GC.GetAllocatedBytesForCurrentThread();
        RawDataset data = IdxReader.ReadPair(images, labels, "big");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((Count, 784), (data.Rows, data.Features));
        Assert.Equal(((19_999 + 27 * 28 + 27) % 256) / 255f, data.Image(19_999)[783]);
        Assert.Equal(9, data.Labels[19_999]);
        Assert.True(allocated < finalBuffers + (1 << 20),
            $"loading allocated {allocated:N0} bytes; the final buffers are {finalBuffers:N0} (one pass, no intermediate copies)");
    }

    private static InvalidDataException AssertRefusedCheaply(Action read, long allowance = 0)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < SmallAllocation + allowance, $"refusing the file allocated {allocated:N0} bytes");
        return e;
    }

    /// <summary>Runs <paramref name="action"/> and returns what it threw (null if nothing); fails if it does not finish in time (a hang).</summary>
    private static Exception? Within(TimeSpan limit, Action action)
    {
        var task = Task.Run(() =>
        {
            try { action(); return null; }
            catch (Exception e) { return e; }
        });
        Assert.True(task.Wait(limit), $"still running after {limit.TotalSeconds} s: the file blocked the reader");
        return task.Result;
    }

    internal static void MakeNonRegular(string kind, string path)
    {
        switch (kind)
        {
            case "folder": Directory.CreateDirectory(path); break;
            case "fifo": RunTool("mkfifo", path); break;
            case "dangling-symlink": File.CreateSymbolicLink(path, path + ".no-such-target"); break;
            case "symlink-loop":
                File.CreateSymbolicLink(path, path + ".other");
                File.CreateSymbolicLink(path + ".other", path);
                break;
            case "char-device": File.CreateSymbolicLink(path, "/dev/zero"); break;
            case "symlink-to-folder": File.CreateSymbolicLink(path, Directory.CreateDirectory(path + ".dir").FullName); break;
            case "empty-file": File.WriteAllBytes(path, []); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static void RunTool(string tool, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, [argument]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static bool CanOpen(string path)
    {
        try { using var _ = File.OpenRead(path); return true; }
        catch (UnauthorizedAccessException) { return false; }
    }
}

/// <summary>
/// A fact that needs Unix permissions to bite: skipped, with the reason, on Windows and for root (CI runs as root),
/// who can read a file of mode 000.
/// </summary>
public sealed class UnprivilegedUnixFactAttribute : FactAttribute
{
    public UnprivilegedUnixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Unix file permissions only.";
        else if (Environment.IsPrivilegedProcess) Skip = "Running as root, whom permissions cannot stop from reading a file.";
    }
}
