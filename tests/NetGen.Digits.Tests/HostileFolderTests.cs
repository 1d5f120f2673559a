namespace NetGen.Digits.Tests;

/// <summary>
/// Folders whose files disagree: image and label counts, too few images, train and test image sizes, labels out of
/// range, non-regular entries under the standard names. All are refused from the headers, before any body is read.
/// </summary>
public sealed class HostileFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("train")]
    [InlineData("t10k")]
    public void EveryImageAndLabelCount_LoadsOnlyWhenTheyAgreeAndThereAreAtLeastTwo(string pair)
    {
        int loaded = 0;
        for (int images = 0; images <= 3; images++)
        {
            for (int labels = 0; labels <= 3; labels++)
            {
                foreach (bool otherPairPresent in new[] { false, true })
                {
                    string dir = Directory.CreateDirectory(_temp.File($"{pair}-{images}-{labels}-{otherPairPresent}")).FullName;
                    WritePair(dir, pair, images, labels, 8);
                    if (otherPairPresent) WritePair(dir, pair == "train" ? "t10k" : "train", 5, 5, 8);
                    string imagesPath = Path.Combine(dir, $"{pair}-images-idx3-ubyte");
                    try
                    {
                        IdxFolderData data = IdxReader.LoadFolder(dir);
                        RawDataset set = Assert.IsType<RawDataset>(pair == "train" ? data.Train : data.Test);
                        Assert.Equal((images, images), (labels, set.Rows));
                        Assert.True(images >= IdxReader.MinImagesPerPair);
                        loaded++;
                    }
                    catch (InvalidDataException e)
                    {
                        Assert.Contains(imagesPath, e.Message);
                        if (images != labels) Assert.Contains($"{images} images but {labels} labels", e.Message);
                        else Assert.Contains($"at least {IdxReader.MinImagesPerPair}", e.Message);
                    }
                }
            }
        }
        Assert.Equal(4, loaded); // 2 and 3 images, each with and without the other pair
    }

    [Theory]
    [InlineData(28, 28, 8, 8)]
    [InlineData(8, 8, 28, 28)]
    [InlineData(28, 28, 28, 27)]
    [InlineData(28, 28, 27, 28)]
    public void TrainAndTestImageSizesMustAgree_CheckedBeforeAnyBody(int trainRows, int trainCols, int testRows, int testCols)
    {
        WritePair(_temp.Path, "train", 5, 5, trainRows, trainCols);
        // The test images' body is cut short inside a gzip stream, where only reading it could tell: the size check
        // must come first, from the headers alone.
        byte[] test = IdxWriter.Images(5, testRows, testCols);
        IdxWriter.Write(_temp.File("t10k-images-idx3-ubyte"), test[..^1], gzip: true);
        IdxWriter.Write(_temp.File("t10k-labels-idx1-ubyte"), IdxWriter.Labels(new byte[5]), gzip: false);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.LoadFolder(_temp.Path));

        Assert.Contains(_temp.File("train-images-idx3-ubyte"), e.Message);
        Assert.Contains(_temp.File("t10k-images-idx3-ubyte"), e.Message);
        Assert.Contains($"training images are {trainRows}x{trainCols}", e.Message);
        Assert.Contains($"test images are {testRows}x{testCols}", e.Message);
    }

    [Fact]
    public void AMismatchedTestPair_IsFoundBeforeTheTrainingBodyIsRead()
    {
        byte[] train = IdxWriter.Images(5, 8, 8);
        IdxWriter.Write(_temp.File("train-images-idx3-ubyte.gz"), train[..^10], gzip: true); // truncated body
        IdxWriter.Write(_temp.File("train-labels-idx1-ubyte"), IdxWriter.Labels(new byte[5]), gzip: false);
        WritePair(_temp.Path, "t10k", 4, 3, 8);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.LoadFolder(_temp.Path));
        Assert.Contains("4 images but 3 labels", e.Message);
    }

    [Fact]
    public void EveryLabelOutsideTheClassRange_IsNamedWithFileAndIndex()
    {
        string path = _temp.File("labels");
        for (int label = 10; label <= 255; label++)
        {
            IdxWriter.Write(path, IdxWriter.Labels([1, 2, 3, (byte)label, 4]), gzip: label % 2 == 0);
            var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
            Assert.Contains(path, e.Message);
            Assert.Contains($"label {label} at index 3 is outside the class range 0..9", e.Message);
        }
        Assert.Equal([0, 9], IdxReader.ReadLabels(WriteLabels(path, [0, 9])));
    }

    [Theory]
    [MemberData(nameof(HostileFileTests.NonRegularKinds), MemberType = typeof(HostileFileTests))]
    public void ANonRegularEntryUnderAStandardName_IsNamed_NotCalledMissing(string kind)
    {
        WritePair(_temp.Path, "t10k", 5, 5, 8);
        string labels = _temp.File("t10k-labels-idx1-ubyte");
        File.Delete(labels);
        HostileFileTests.MakeNonRegular(kind, labels);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.LoadFolder(_temp.Path));
        Assert.Contains(labels, e.Message);
        Assert.DoesNotContain("missing", e.Message);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("fifo")]
    [InlineData("dangling-symlink")]
    public void DataPathThatIsNotAFolder_SaysWhatItIs(string kind)
    {
        string path = _temp.File("not-a-folder");
        if (kind == "file") File.WriteAllText(path, "x");
        else HostileFileTests.MakeNonRegular(kind, path);
        var e = Assert.Throws<DirectoryNotFoundException>(() => IdxReader.LoadFolder(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(kind == "dangling-symlink" ? "symbolic link" : "is a file, not a folder", e.Message);
        Assert.Contains("expected a folder", e.Message);
    }

    internal static void WritePair(string dir, string pair, int images, int labels, int side, int? cols = null)
    {
        IdxWriter.Write(Path.Combine(dir, $"{pair}-images-idx3-ubyte"), IdxWriter.Images(images, side, cols ?? side), gzip: false);
        IdxWriter.Write(Path.Combine(dir, $"{pair}-labels-idx1-ubyte"),
            IdxWriter.Labels(Enumerable.Range(0, labels).Select(i => (byte)(i % 10)).ToArray()), gzip: false);
    }

    private static string WriteLabels(string path, byte[] labels)
    {
        IdxWriter.Write(path, IdxWriter.Labels(labels), gzip: false);
        return path;
    }
}
