namespace NetGen.Digits.Tests;

/// <summary>
/// The app never ends in an unhandled exception: every bad data folder is exit code 3 with one line naming the file,
/// before any training; anything unexpected is exit code 1 with one line (the stack trace only when asked for).
/// </summary>
public sealed class DigitsAppErrorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Broken data folders, by name, and the file each error must name.</summary>
    public static TheoryData<string> BrokenFolders =>
    [
        "train-1-image", "test-0-images", "test-1-image", "count-mismatch", "train28-test8", "train8-test28",
        "fifo-labels", "folder-images", "dangling-images", "gzip-bomb", "declares-too-much", "label-out-of-range",
        "truncated-header", "extra-bytes",
    ];

    [Theory]
    [MemberData(nameof(BrokenFolders))]
    public void BrokenData_ExitsThree_WithOneLineNamingTheFile_BeforeTraining(string broken)
    {
        string dir = Directory.CreateDirectory(_temp.File(broken)).FullName;
        string named = Build(broken, dir);

        var (code, stdout, stderr) = Run(new StringWriter(), "--data", dir, "--output", _temp.File("out"), "--quiet", "--epochs", "1");

        Assert.True(code == ExitCodes.Data, $"exit {code}: {stderr}");
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("netgen-digits: error:", line);
        Assert.Contains(named, line);
        Assert.DoesNotContain("6. Train", stdout);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("fifo")]
    public void DataGivenAFile_SaysAFolderWasExpected(string kind)
    {
        string path = _temp.File("data-file");
        if (kind == "file") File.WriteAllText(path, "x");
        else HostileFileTests.MakeNonRegular(kind, path);
        var (code, _, stderr) = Run(new StringWriter(), "--data", path, "--output", _temp.File("out"));
        Assert.Equal(ExitCodes.Data, code);
        Assert.Contains($"'{path}' is a file, not a folder", stderr);
    }

    [Fact]
    public void UnexpectedException_ExitsOne_WithOneLine_AndNoStackTrace()
    {
        var (code, _, stderr) = Run(new ThrowingWriter(), "--output", _temp.File("out"));
        Assert.Equal(ExitCodes.Failure, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("netgen-digits: error: unexpected InvalidOperationException: the console broke", line);
        Assert.Contains("--verbose", line);
    }

    [Fact]
    public void UnexpectedException_WithVerboseOrTheVariable_PrintsTheStackTrace()
    {
        var (code, _, stderr) = Run(new ThrowingWriter(), "--output", _temp.File("out"), "--verbose");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"   at NetGen.Digits.Tests.{nameof(DigitsAppErrorTests)}.{nameof(ThrowingWriter)}", stderr);

        Environment.SetEnvironmentVariable(DigitsApp.VerboseVariable, "1");
        try
        {
            (code, _, stderr) = Run(new ThrowingWriter(), "--output", _temp.File("out"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DigitsApp.VerboseVariable, null);
        }
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"   at NetGen.Digits.Tests.{nameof(DigitsAppErrorTests)}.{nameof(ThrowingWriter)}", stderr);
    }

    [Fact]
    public void CtrlCWhileLoading_ExitsWith130()
    {
        HostileFolderTests.WritePair(_temp.Path, "t10k", 20, 20, 28);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var stderr = new StringWriter();
        int code = DigitsApp.Run(["--data", _temp.Path, "--output", _temp.File("out")], new StringWriter(), stderr, cts.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("cancelled", stderr.ToString());
    }

    [Fact]
    public async Task DataLargerThanTheMemoryLimit_ExitsThree_InTheRealProcess_BeforeAllocating()
    {
        // 200,000 images of 28x28 (a sparse file): 157 MB of pixels, 628 MB as floats, under a 512 MB GC heap limit.
        IdxWriter.WriteSparse(_temp.File("t10k-images-idx3-ubyte"), IdxWriter.ImagesHeader(200_000, 28, 28), 16 + 200_000L * 784);
        IdxWriter.WriteSparse(_temp.File("t10k-labels-idx1-ubyte"), IdxWriter.LabelsHeader(200_000), 8 + 200_000);
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "NetGen.Digits.dll"), "--data", _temp.Path, "--output", _temp.File("out") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_GCHeapHardLimit"] = "0x20000000" },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;

        Assert.True(process.ExitCode == ExitCodes.Data, $"exit {process.ExitCode}: {stderr}");
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(_temp.File("t10k-images-idx3-ubyte"), line);
        Assert.Contains("loading the data set needs 628 MB of memory", line);
    }

    private static (int Code, string Out, string Err) Run(StringWriter stdout, params string[] args)
    {
        var stderr = new StringWriter();
        int code = DigitsApp.Run(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes the broken folder <paramref name="broken"/> into <paramref name="dir"/>; returns the path its error must name.</summary>
    private static string Build(string broken, string dir)
    {
        string File(string name) => Path.Combine(dir, name);
        void Pair(string pair, int images, int labels, int side) => HostileFolderTests.WritePair(dir, pair, images, labels, side);
        switch (broken)
        {
            case "train-1-image": Pair("train", 1, 1, 8); Pair("t10k", 5, 5, 8); return File("train-images-idx3-ubyte");
            case "test-0-images": Pair("train", 20, 20, 8); Pair("t10k", 0, 0, 8); return File("t10k-images-idx3-ubyte");
            case "test-1-image": Pair("train", 20, 20, 8); Pair("t10k", 1, 1, 8); return File("t10k-images-idx3-ubyte");
            case "count-mismatch": Pair("t10k", 20, 19, 8); return File("t10k-labels-idx1-ubyte");
            case "train28-test8": Pair("train", 20, 20, 28); Pair("t10k", 5, 5, 8); return File("t10k-images-idx3-ubyte");
            case "train8-test28": Pair("train", 20, 20, 8); Pair("t10k", 5, 5, 28); return File("train-images-idx3-ubyte");
            case "fifo-labels":
                Pair("t10k", 20, 20, 8);
                System.IO.File.Delete(File("t10k-labels-idx1-ubyte"));
                HostileFileTests.MakeNonRegular("fifo", File("t10k-labels-idx1-ubyte"));
                return File("t10k-labels-idx1-ubyte");
            case "folder-images":
                Pair("t10k", 20, 20, 8);
                System.IO.File.Delete(File("t10k-images-idx3-ubyte"));
                HostileFileTests.MakeNonRegular("folder", File("t10k-images-idx3-ubyte"));
                return File("t10k-images-idx3-ubyte");
            case "dangling-images":
                Pair("t10k", 20, 20, 8);
                System.IO.File.Delete(File("t10k-images-idx3-ubyte"));
                HostileFileTests.MakeNonRegular("dangling-symlink", File("t10k-images-idx3-ubyte.gz"));
                return File("t10k-images-idx3-ubyte.gz");
            case "gzip-bomb":
                IdxWriter.WriteGzipOfZeros(File("t10k-images-idx3-ubyte.gz"), IdxWriter.ImagesHeader(20, 8, 8), 64L << 20);
                IdxWriter.Write(File("t10k-labels-idx1-ubyte"), IdxWriter.Labels(new byte[20]), gzip: false);
                return File("t10k-images-idx3-ubyte.gz");
            case "declares-too-much":
                IdxWriter.WriteSparse(File("t10k-images-idx3-ubyte"), IdxWriter.ImagesHeader(1_500_000, 28, 28), 16 + 1_500_000L * 784);
                IdxWriter.WriteSparse(File("t10k-labels-idx1-ubyte"), IdxWriter.LabelsHeader(1_500_000), 8 + 1_500_000);
                return File("t10k-images-idx3-ubyte");
            case "label-out-of-range":
                Pair("t10k", 20, 20, 8);
                IdxWriter.Write(File("t10k-labels-idx1-ubyte"), IdxWriter.Labels([.. new byte[19], 200]), gzip: false);
                return File("t10k-labels-idx1-ubyte");
            case "truncated-header":
                Pair("t10k", 20, 20, 8);
                IdxWriter.Write(File("t10k-images-idx3-ubyte"), IdxWriter.ImagesHeader(20, 8, 8)[..11], gzip: true);
                return File("t10k-images-idx3-ubyte");
            case "extra-bytes":
                Pair("t10k", 20, 20, 8);
                IdxWriter.Write(File("t10k-labels-idx1-ubyte"), [.. IdxWriter.Labels(new byte[20]), 1, 2, 3], gzip: true);
                return File("t10k-labels-idx1-ubyte");
            default: throw new ArgumentOutOfRangeException(nameof(broken), broken, null);
        }
    }

    /// <summary>A console that fails on the first write: stands for any unexpected exception inside the run.</summary>
    private sealed class ThrowingWriter : StringWriter
    {
        public override void Write(char value) => Fail();
        public override void Write(string? value) => Fail();
        public override void Write(char[] buffer, int index, int count) => Fail();
        public override void Write(ReadOnlySpan<char> buffer) => Fail();
        public override void WriteLine(string? value) => Fail();

        private static void Fail() => throw new InvalidOperationException("the console broke");
    }
}
