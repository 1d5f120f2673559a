using System.Text;

namespace NetGen.Tests.Runtime;

/// <summary>Every way a weights file can be wrong: each load throws and leaves the destination untouched.</summary>
public sealed partial class PersistenceTests
{
    [Fact]
    public void WrongMagicIsRejected()
    {
        var bytes = File.ReadAllBytes(SavedBinary());
        bytes[0] = (byte)'X';
        Assert.Contains("Not a NetGen weights file", LoadFails(bytes).Message);
        Assert.Contains("not a NetGen text weights file", LoadFails("hello\n"u8.ToArray(), text: true).Message);
    }

    [Fact]
    public void WrongVersionIsRejected()
    {
        var bytes = File.ReadAllBytes(SavedBinary());
        bytes[4] = 2;
        Assert.Contains("Unsupported format version 2", LoadFails(bytes).Message);
        string text = File.ReadAllText(SavedText()).Replace("netgen-weights 1", "netgen-weights 9");
        var ex = LoadFails(Encoding.UTF8.GetBytes(text), text: true);
        Assert.Contains("unsupported format version '9'", ex.Message);
        Assert.Equal(1, ex.Line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OtherArchitectureIsRejectedNamingTheLayer(bool text)
    {
        string path = text ? SavedText() : SavedBinary();
        var bytes = File.ReadAllBytes(path);
        var narrower = new NetworkArchitecture(4, Loss.CrossEntropy, Precision.Single,
            new LayerDescription(8, Activation.PReLU, true, 0.25),
            new LayerDescription(4, Activation.LeakyReLU, false, 0.1),
            new LayerDescription(3, Activation.Softmax, true, 0.01));
        var ex = LoadFails(bytes, text, narrower);
        Assert.Contains("layer 2 has 5 neurons in the file but 4 in MyNet", ex.Message);

        var otherActivation = new NetworkArchitecture(4, Loss.CrossEntropy, Precision.Single,
            new LayerDescription(8, Activation.PReLU, true, 0.25),
            new LayerDescription(5, Activation.Tanh, false, 0.1),
            new LayerDescription(3, Activation.Softmax, true, 0.01));
        Assert.Contains("layer 2 uses LeakyReLU in the file but Tanh in MyNet", LoadFails(bytes, text, otherActivation).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OtherPrecisionIsAnArchitectureMismatch(bool text)
    {
        var net = Trained<double>(DoubleNet);
        string path = PathOf(text ? "double.txt" : "double.ngen");
        if (text) NetworkFile.SaveText<double>(path, DoubleNet, net.Parameters);
        else NetworkFile.Save<double>(path, DoubleNet, net.Parameters);
        var ex = LoadFails(File.ReadAllBytes(path), text);
        Assert.Contains("the file holds Double parameters but MyNet uses Single", ex.Message);
    }

    [Fact]
    public void TruncatedBinaryFilesAreRejectedAtEveryLength()
    {
        var bytes = File.ReadAllBytes(SavedBinary());
        for (int length = 0; length < bytes.Length; length += length < 120 ? 1 : 37)
        {
            var ex = LoadFails(bytes[..length]);
            Assert.True(ex.Message.Contains("truncated") || ex.Message.Contains("Not a NetGen"), $"length {length}: {ex.Message}");
        }
        LoadFails(bytes[..^1]);
    }

    [Fact]
    public void TruncatedTextFilesAreRejected()
    {
        var bytes = File.ReadAllBytes(SavedText());
        for (int length = 0; length < bytes.Length - 1; length += 53)
            LoadFails(bytes[..length], text: true);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        var ex = LoadFails(Encoding.UTF8.GetBytes(string.Join('\n', lines[..^2]) + "\n"), text: true);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void FlippedBytesAreCaughtByTheChecksum()
    {
        var bytes = File.ReadAllBytes(SavedBinary());
        int parametersStart = bytes.Length - 8 - FloatNet.ParameterCount * 4;
        for (int i = 0; i < bytes.Length; i += 7)
        {
            var corrupted = (byte[])bytes.Clone();
            corrupted[i] ^= 0x10;
            var ex = LoadFails(corrupted);
            if (i >= parametersStart) Assert.Contains("Checksum mismatch", ex.Message);
        }
        // Text: change one digit of a number.
        string text = File.ReadAllText(SavedText());
        int at = text.IndexOf("layer 1 biases", StringComparison.Ordinal) - 3;
        char digit = text[at] == '1' ? '2' : '1';
        var edited = text[..at] + digit + text[(at + 1)..];
        Assert.Contains("checksum mismatch", LoadFails(Encoding.UTF8.GetBytes(edited), text: true).Message);
    }

    [Fact]
    public void NaNInATextFileIsRejectedWithItsLine()
    {
        var lines = File.ReadAllText(SavedText()).Split('\n');
        int index = Array.FindIndex(lines, l => l.StartsWith("layer 2 weights", StringComparison.Ordinal)) + 1;
        var numbers = lines[index].Split(' ');
        numbers[2] = "NaN";
        lines[index] = string.Join(' ', numbers);
        var ex = LoadFails(Encoding.UTF8.GetBytes(string.Join('\n', lines)), text: true);
        Assert.Equal(index + 1, ex.Line);
        Assert.Contains($"line {index + 1}:", ex.Message);
        Assert.Contains("'NaN'", ex.Message);
        Assert.Contains("layer 2 weights [2]", ex.Message);
    }

    [Fact]
    public void NaNInABinaryFileIsRejected()
    {
        // A file with a valid checksum whose parameter is NaN (written by a buggy tool).
        var arch = TestData.Mlp(2, Loss.HalfSquaredError, Precision.Double, (1, Activation.Linear));
        var bytes = NetworkFile.Encode<double>(arch, [1.0, 2.0, 3.0]);
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8 - 8), double.NaN);
        ulong sum = NetworkFileSupport.Fnv1a64(bytes.AsSpan(0, bytes.Length - 8));
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8), sum);
        var destination = new double[3];
        var ex = Assert.Throws<NetworkFileException>(() => NetworkFile.Decode<double>(bytes, arch));
        Assert.Contains("layer 1 biases [0]", ex.Message);
        Assert.Contains("NaN", ex.Message);
    }

    [Theory]
    [InlineData("input 4", "input four", "input size 'four'")]
    [InlineData("loss CrossEntropy", "loss Entropy", "unknown loss 'Entropy'")]
    [InlineData("layer 2 dense 5 LeakyReLU nobias slope 0.1", "layer 2 dense 5 LeakyReLU nobias", "expected 'layer <k> dense")]
    [InlineData("seed 7", "seed", "expected 'seed <value>'")]
    [InlineData("learning-rate 0.05", "learning-rate NaN", "learning rate 'NaN' is not a finite number")]
    [InlineData("epochs 12", "epochs -1", "epoch count '-1'")]
    [InlineData("precision Single", "precision Half", "unknown precision 'Half'")]
    public void MalformedTextLinesReportTheirLineNumber(string original, string replacement, string expectedMessage)
    {
        var lines = File.ReadAllText(SavedText()).Split('\n');
        int index = Array.IndexOf(lines, original);
        Assert.True(index >= 0, original);
        lines[index] = replacement;
        var ex = LoadFails(Encoding.UTF8.GetBytes(string.Join('\n', lines)), text: true);
        Assert.Equal(index + 1, ex.Line);
        Assert.StartsWith($"line {index + 1}: ", ex.Message);
        Assert.Contains(expectedMessage, ex.Message);
    }

    [Fact]
    public void MalformedNumberReportsItsLine()
    {
        var lines = File.ReadAllText(SavedText()).Split('\n');
        int index = Array.FindIndex(lines, l => l.StartsWith("layer 1 biases", StringComparison.Ordinal)) + 1;
        var numbers = lines[index].Split(' ');
        numbers[1] = "abc";
        lines[index] = string.Join(' ', numbers);
        var ex = LoadFails(Encoding.UTF8.GetBytes(string.Join('\n', lines)), text: true);
        Assert.Equal(index + 1, ex.Line);
        Assert.Contains("'abc' is not a number", ex.Message);
    }
}
