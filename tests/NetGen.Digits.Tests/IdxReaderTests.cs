namespace NetGen.Digits.Tests;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly byte[] FiveLabels = [0, 1, 2, 9, 5];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesAndLabels_RawAndGzip(bool gzip)
    {
        string images = _temp.File(gzip ? "i.gz" : "i"), labels = _temp.File(gzip ? "l.gz" : "l");
        IdxWriter.Write(images, IdxWriter.Images(5, 3, 4, (i, y, x) => (byte)(i == 1 && y == 2 && x == 3 ? 255 : i * 10 + y * 4 + x)), gzip);
        IdxWriter.Write(labels, IdxWriter.Labels(FiveLabels), gzip);

        RawDataset data = IdxReader.ReadPair(images, labels, "tiny");

        Assert.Equal((5, 12, 4, 3, 10), (data.Rows, data.Features, data.Width, data.Height, data.ClassCount));
        Assert.Equal(FiveLabels.Select(b => (int)b), data.Labels);
        Assert.Equal(1f, data.Image(1)[2 * 4 + 3]);
        Assert.Equal((2 * 10 + 1 * 4 + 2) / 255f, data.Image(2)[1 * 4 + 2]);
        Assert.All(data.Pixels, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void EveryByteValue_ScalesToExactlyItsValueOver255_AtEveryAlignment()
    {
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 256)).ToArray();
        for (int start = 0; start < 70; start++) // vector body and scalar tail at every offset and length
        {
            ReadOnlySpan<byte> source = bytes.AsSpan(start, bytes.Length - 2 * start);
            var target = new float[source.Length];
            IdxReader.ScaleToUnit(source, target);
            for (int i = 0; i < source.Length; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(source[i] / 255f), BitConverter.SingleToInt32Bits(target[i]));
        }
    }

    [Fact]
    public void BadImageMagic_NamesTheFile()
    {
        string path = _temp.File("bad-magic-images");
        IdxWriter.Write(path, IdxWriter.Images(2, 2, 2, magic: 0x801), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void BadLabelMagic_NamesTheFile()
    {
        string path = _temp.File("bad-magic-labels.gz");
        IdxWriter.Write(path, IdxWriter.Labels(FiveLabels, magic: 0x803), gzip: true);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedImages_NamesTheFile(bool gzip)
    {
        string path = _temp.File("truncated-images");
        byte[] full = IdxWriter.Images(4, 5, 5);
        IdxWriter.Write(path, full[..^7], gzip);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedHeader_NamesTheFile()
    {
        string path = _temp.File("short-header");
        IdxWriter.Write(path, IdxWriter.Images(1, 2, 2)[..10], gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedLabels_NamesTheFile()
    {
        string path = _temp.File("truncated-labels");
        IdxWriter.Write(path, IdxWriter.Labels(FiveLabels)[..^2], gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedGzipStream_NamesTheFile()
    {
        string path = _temp.File("cut.gz");
        IdxWriter.Write(path, IdxWriter.Images(50, 10, 10), gzip: true);
        byte[] zipped = File.ReadAllBytes(path);
        File.WriteAllBytes(path, zipped[..(zipped.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void CountMismatch_NamesBothFiles()
    {
        string images = _temp.File("images"), labels = _temp.File("labels");
        IdxWriter.Write(images, IdxWriter.Images(4, 2, 2), gzip: false);
        IdxWriter.Write(labels, IdxWriter.Labels(FiveLabels), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadPair(images, labels, "x"));
        Assert.Contains(images, e.Message);
        Assert.Contains(labels, e.Message);
        Assert.Contains("4 images but 5 labels", e.Message);
    }

    [Fact]
    public void LabelOutOfRange_NamesTheFileAndIndex()
    {
        string path = _temp.File("labels-out-of-range");
        IdxWriter.Write(path, IdxWriter.Labels([1, 2, 10]), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("label 10 at index 2", e.Message);
    }

    [Fact]
    public void LoadFolder_TestOnly_ReturnsTestSet()
    {
        IdxWriter.Write(_temp.File("t10k-images-idx3-ubyte.gz"), IdxWriter.Images(5, 28, 28), gzip: true);
        IdxWriter.Write(_temp.File("t10k-labels-idx1-ubyte"), IdxWriter.Labels(FiveLabels), gzip: false);
        IdxFolderData data = IdxReader.LoadFolder(_temp.Path);
        Assert.Null(data.Train);
        Assert.NotNull(data.Test);
        Assert.Equal(5, data.Test.Rows);
        Assert.Null(data.Test.ClassNames);
    }

    [Fact]
    public void LoadFolder_FashionFolder_GetsClassNames()
    {
        string dir = Directory.CreateDirectory(_temp.File("fashion-mnist")).FullName;
        IdxWriter.Write(Path.Combine(dir, "train-images-idx3-ubyte"), IdxWriter.Images(5, 4, 4), gzip: false);
        IdxWriter.Write(Path.Combine(dir, "train-labels-idx1-ubyte"), IdxWriter.Labels(FiveLabels), gzip: false);
        IdxFolderData data = IdxReader.LoadFolder(dir);
        Assert.NotNull(data.Train);
        Assert.Null(data.Test);
        Assert.Equal("Ankle boot", data.Train.ClassName(9));
        Assert.Equal("T-shirt/top", data.Train.ClassNames![0]);
    }

    [Fact]
    public void LoadFolder_Empty_NamesFolderAndExpectedFiles()
    {
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.LoadFolder(_temp.Path));
        Assert.Contains(_temp.Path, e.Message);
        Assert.Contains("t10k-images-idx3-ubyte", e.Message);
        Assert.Contains("train-labels-idx1-ubyte", e.Message);
    }

    [Fact]
    public void LoadFolder_HalfAPair_NamesTheMissingFile()
    {
        IdxWriter.Write(_temp.File("t10k-images-idx3-ubyte"), IdxWriter.Images(5, 2, 2), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.LoadFolder(_temp.Path));
        Assert.Contains("missing t10k-labels-idx1-ubyte", e.Message);
    }

    [Fact]
    public void LoadFolder_MissingFolder_Throws()
    {
        Assert.Throws<DirectoryNotFoundException>(() => IdxReader.LoadFolder(_temp.File("nope")));
    }

    [Fact]
    public void RealMnistTestSet_Loads()
    {
        string folder = Path.Combine(TestPaths.SharedData, "mnist");
        if (!File.Exists(Path.Combine(folder, "t10k-images-idx3-ubyte.gz")))
        {
            Console.WriteLine($"SKIPPED: the shared MNIST test set is absent from {folder}.");
            return;
        }
        IdxFolderData data = IdxReader.LoadFolder(folder);
        Assert.Null(data.Train);
        RawDataset test = Assert.IsType<RawDataset>(data.Test);
        Assert.Equal((10_000, 28, 28, 784), (test.Rows, test.Width, test.Height, test.Features));
        Assert.Equal("MNIST (test)", test.Name);
        Assert.Equal(7, test.Labels[0]); // the first MNIST test image is a 7
        Assert.All(test.ClassCounts(), c => Assert.InRange(c, 800, 1200));
        Assert.InRange(test.Pixels.Max(), 0.99f, 1f);
    }
}
