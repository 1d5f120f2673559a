using System.Globalization;
using System.Text;
using NetGen.Tests.Reference;

namespace NetGen.Tests.Runtime;

public sealed partial class PersistenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("netgen-persistence-").FullName;

    private static readonly NetworkArchitecture FloatNet = new(4, Loss.CrossEntropy, Precision.Single,
        new LayerDescription(8, Activation.PReLU, true, 0.25),
        new LayerDescription(5, Activation.LeakyReLU, false, 0.1),
        new LayerDescription(3, Activation.Softmax, true, 0.01));

    private static readonly NetworkArchitecture DoubleNet = new(4, Loss.CrossEntropy, Precision.Double,
        new LayerDescription(8, Activation.PReLU, true, 0.25),
        new LayerDescription(5, Activation.LeakyReLU, false, 0.1),
        new LayerDescription(3, Activation.Softmax, true, 0.01));

    private static readonly NetworkMetadata Meta = new() { LearningRate = 0.05, Seed = 7, EpochsTrained = 12 };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static ReferenceMlp<T> Trained<T>(NetworkArchitecture arch) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var net = TestData.Network<T>(arch, Initializer.XavierNormal, 5);
        var (train, _) = TestData.SplitStandardized(TestData.Synthetic<T>(60, 4, 3));
        Trainer.Fit(net.Model, train, new TrainingOptions { Epochs = 3, BatchSize = 8, LearningRate = 0.1 });
        return net;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveLoadPredictIsBitIdenticalForFloat(bool text) => RoundTrip<float>(FloatNet, text);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveLoadPredictIsBitIdenticalForDouble(bool text) => RoundTrip<double>(DoubleNet, text);

    private void RoundTrip<T>(NetworkArchitecture arch, bool text) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var net = Trained<T>(arch);
        string path = PathOf(text ? "net.txt" : "net.ngen");
        if (text) NetworkFile.SaveText<T>(path, arch, net.Parameters, Meta);
        else NetworkFile.Save<T>(path, arch, net.Parameters, Meta);
        var loaded = new ReferenceMlp<T>(arch);
        var meta = text ? NetworkFile.LoadText<T>(path, arch, loaded.Parameters) : NetworkFile.Load<T>(path, arch, loaded.Parameters);
        Assert.Equal(Meta, meta);
        Assert.Equal(net.Parameters, loaded.Parameters); // exact equality of every value
        var data = TestData.Synthetic<T>(20, 4, 3, seed: 9);
        var a = new T[3];
        var b = new T[3];
        for (int r = 0; r < data.Count; r++)
        {
            net.Predict(data.Input(r), a);
            loaded.Predict(data.Input(r), b);
            Assert.Equal(a, b);
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.ngtmp"));
    }

    [Fact]
    public void TextFormatLooksAsDocumented()
    {
        var arch = TestData.Mlp(4, Loss.CrossEntropy, Precision.Single, (8, Activation.Tanh), (3, Activation.Softmax));
        var net = TestData.Network<float>(arch);
        string text = NetworkFile.FormatText<float>(arch, net.Parameters, Meta);
        var lines = text.Split('\n');
        Assert.Equal("netgen-weights 1", lines[0]);
        Assert.Equal("fingerprint in 4; dense 8 Tanh bias; dense 3 Softmax bias; loss CrossEntropy; Single", lines[1]);
        Assert.Equal("input 4", lines[2]);
        Assert.Equal("layer 1 dense 8 Tanh bias slope 0.01", lines[3]);
        Assert.Equal("layer 2 dense 3 Softmax bias slope 0.01", lines[4]);
        Assert.Equal(["loss CrossEntropy", "precision Single", "learning-rate 0.05", "seed 7", "epochs 12", "parameters 67", "layer 1 weights 32"], lines[5..12]);
        Assert.Equal(8, lines[12].Split(' ').Length);
        Assert.StartsWith("checksum fnv1a64 ", lines[^2]);
        Assert.Equal("", lines[^1]);
        // CRLF line endings (e.g. a Windows checkout) still load.
        var parsed = NetworkFile.ParseText<float>(text.Replace("\n", "\r\n"), arch);
        Assert.Equal(net.Parameters, parsed.Parameters);
        Assert.Equal(arch.Fingerprint, parsed.Architecture.Fingerprint);
    }

    [Fact]
    public void ReadWithoutExpectedArchitectureReturnsEverything()
    {
        var net = Trained<double>(DoubleNet);
        string path = PathOf("net.ngen");
        NetworkFile.Save<double>(path, DoubleNet, net.Parameters, Meta);
        var contents = NetworkFile.Read<double>(path);
        Assert.Equal(DoubleNet.Fingerprint, contents.Architecture.Fingerprint);
        Assert.Equal(net.Parameters, contents.Parameters);
        Assert.Equal(Meta, contents.Metadata);
    }

    private static void AssertUntouched(float[] destination) => Assert.All(destination, v => Assert.Equal(123f, v));

    private float[] Destination() => Enumerable.Repeat(123f, FloatNet.ParameterCount).ToArray();

    private string SavedBinary()
    {
        string path = PathOf("good.ngen");
        NetworkFile.Save<float>(path, FloatNet, Trained<float>(FloatNet).Parameters, Meta);
        return path;
    }

    private string SavedText()
    {
        string path = PathOf("good.txt");
        NetworkFile.SaveText<float>(path, FloatNet, Trained<float>(FloatNet).Parameters, Meta);
        return path;
    }

    private NetworkFileException LoadFails(byte[] bytes, bool text = false, NetworkArchitecture? arch = null)
    {
        string path = PathOf(text ? "bad.txt" : "bad.ngen");
        File.WriteAllBytes(path, bytes);
        var destination = Enumerable.Repeat(123f, (arch ?? FloatNet).ParameterCount).ToArray();
        var ex = Assert.Throws<NetworkFileException>(() =>
        {
            if (text) NetworkFile.LoadText<float>(path, arch ?? FloatNet, destination, "MyNet");
            else NetworkFile.Load<float>(path, arch ?? FloatNet, destination, "MyNet");
        });
        AssertUntouched(destination);
        return ex;
    }

    [Fact]
    public void SaveReplacesAnExistingFileAtomically()
    {
        string path = PathOf("net.ngen");
        File.WriteAllText(path, "old content");
        var net = Trained<float>(FloatNet);
        NetworkFile.Save<float>(path, FloatNet, net.Parameters, Meta);
        NetworkFile.SaveText<float>(path + ".txt", FloatNet, net.Parameters, Meta);
        NetworkFile.SaveText<float>(path + ".txt", FloatNet, net.Parameters, Meta with { EpochsTrained = 13 });
        var destination = new float[FloatNet.ParameterCount];
        Assert.Equal(Meta, NetworkFile.Load<float>(path, FloatNet, destination));
        Assert.Equal(13, NetworkFile.LoadText<float>(path + ".txt", FloatNet, destination).EpochsTrained);
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void AFailedSaveLeavesTheOldFileIntactAndNoTemporaryFile()
    {
        string path = SavedBinary();
        var before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => NetworkFileSupport.WriteAtomically(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new IOException("disk full");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));

        // Invalid parameters are rejected before anything is written.
        var bad = Destination();
        bad[3] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => NetworkFile.Save<float>(path, FloatNet, bad));
        Assert.Contains("layer 1 weights [3]", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Throws<ArgumentException>(() => NetworkFile.SaveText<float>(path, FloatNet, new float[3]));
        Assert.Throws<ArgumentException>(() => NetworkFile.Save<double>(path, FloatNet, new double[FloatNet.ParameterCount]));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void NumbersRoundTripExactlyIncludingExtremes()
    {
        var arch = TestData.Mlp(2, Loss.HalfSquaredError, Precision.Single, (2, Activation.Linear));
        float[] values = [float.Epsilon, -float.MaxValue, 1f / 3f, 0.1f, -0f, 1e-38f];
        var parsed = NetworkFile.ParseText<float>(NetworkFile.FormatText<float>(arch, values), arch);
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), parsed.Parameters.Select(BitConverter.SingleToInt32Bits));
        var darch = TestData.Mlp(2, Loss.HalfSquaredError, Precision.Double, (2, Activation.Linear));
        double[] dvalues = [double.Epsilon, double.MaxValue, 1.0 / 3.0, 0.1, -0.0, Math.PI];
        var dparsed = NetworkFile.ParseText<double>(NetworkFile.FormatText<double>(darch, dvalues), darch);
        Assert.Equal(dvalues.Select(BitConverter.DoubleToInt64Bits), dparsed.Parameters.Select(BitConverter.DoubleToInt64Bits));
        var decoded = NetworkFile.Decode<double>(NetworkFile.Encode<double>(darch, dvalues), darch);
        Assert.Equal(dvalues.Select(BitConverter.DoubleToInt64Bits), decoded.Parameters.Select(BitConverter.DoubleToInt64Bits));
        _ = CultureInfo.InvariantCulture;
    }
}
