using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NetGen.Tests.Runtime;

/// <summary>
/// No reader allocates what a file merely declares: a few hundred bytes claiming a billion parameters are rejected
/// (as another architecture, or as too short to hold them) with almost no allocation, in both formats.
/// </summary>
public sealed class PersistenceSizeTests
{
    private const long AllowedAllocation = 1 << 20; // the file, its lines, the exception: far below any claimed buffer

    private static readonly NetworkArchitecture Small = TestData.Mlp(2, Loss.HalfSquaredError, Precision.Single, (3, Activation.Tanh), (1, Activation.Linear));

    /// <summary>A consistent header (fingerprint and count match the layers) that claims the given sizes, then a few numbers.</summary>
    private static string Claiming(int input, int[] sizes, string precision = "Single")
    {
        var c = CultureInfo.InvariantCulture;
        long count = 0, fanIn = input;
        foreach (int size in sizes)
        {
            count += fanIn * size + size;
            fanIn = size;
        }
        var text = new StringBuilder();
        text.Append("netgen-weights 1\n");
        text.Append("fingerprint in ").Append(input.ToString(c));
        foreach (int size in sizes) text.Append("; dense ").Append(size.ToString(c)).Append(" Linear bias");
        text.Append("; loss HalfSquaredError; ").Append(precision).Append('\n');
        text.Append("input ").Append(input.ToString(c)).Append('\n');
        for (int l = 0; l < sizes.Length; l++)
            text.Append(c, $"layer {l + 1} dense {sizes[l]} Linear bias slope 0.01\n");
        text.Append(c, $"loss HalfSquaredError\nprecision {precision}\nlearning-rate 0.01\nseed 1\nepochs 0\nparameters {Math.Min(count, int.MaxValue)}\n");
        text.Append(c, $"layer 1 weights {(long)input * sizes[0]}\n0 0 0 0\nchecksum fnv1a64 0000000000000000\n");
        return text.ToString();
    }

    public static TheoryData<int, int[], string> Claims => new()
    {
        { 30000, [30000], "Single" },            // 900 million parameters in ~300 bytes (the reported 7.2 GB)
        { 30000, [30000], "Double" },
        { 1, [40000, 40000], "Single" },         // spread over layers
        { 2, [3, 1000000], "Double" },
        { 1, [1, 2, 3, 4, 5, 600000], "Single" },
        { 50000, [40000, 1], "Single" },         // just below int.MaxValue parameters
        { 2_000_000_000, [2_000_000_000], "Single" }, // beyond any int: an invalid architecture
    };

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Theory]
    [MemberData(nameof(Claims))]
    public void A_text_file_claiming_huge_sizes_is_rejected_before_allocating(int input, int[] sizes, string precision)
    {
        string text = Claiming(input, sizes, precision);
        Assert.True(text.Length < 1000);
        var expected = precision == "Double"
            ? TestData.Mlp(2, Loss.HalfSquaredError, Precision.Double, (3, Activation.Tanh), (1, Activation.Linear))
            : Small;

        NetworkFileException? withExpected = null, withoutExpected = null;
        long allocated = AllocatedBy(() => withExpected = Assert.Throws<NetworkFileException>(() => Parse(text, precision, expected)));
        Assert.True(allocated < AllowedAllocation, $"{allocated} bytes allocated: {withExpected!.Message}");
        allocated = AllocatedBy(() => withoutExpected = Assert.Throws<NetworkFileException>(() => Parse(text, precision, null)));
        Assert.True(allocated < AllowedAllocation, $"{allocated} bytes allocated: {withoutExpected!.Message}");
    }

    private static void Parse(string text, string precision, NetworkArchitecture? expected)
    {
        if (precision == "Double") NetworkFile.ParseText<double>(text, expected);
        else NetworkFile.ParseText<float>(text, expected);
    }

    [Fact]
    public void Without_an_expected_network_the_claim_is_checked_against_the_length_of_the_text()
    {
        var ex = Assert.Throws<NetworkFileException>(() => NetworkFile.ParseText<float>(Claiming(30000, [30000])));
        Assert.Contains("900030000 parameters", ex.Message);
        Assert.Contains("too few to hold them", ex.Message);
        Assert.Equal(10, ex.Line);
    }

    [Fact]
    public void With_an_expected_network_the_claim_is_an_architecture_mismatch()
    {
        var ex = Assert.Throws<NetworkFileException>(() => NetworkFile.ParseText<float>(Claiming(30000, [30000]), Small, "Small"));
        Assert.Contains("does not match the network", ex.Message);
    }

    /// <summary>Binary: each declared count of a valid file raised to a huge value, alone and together.</summary>
    [Theory]
    [InlineData(30000, 30000, -1)]
    [InlineData(30000, 30000, 900_030_000)]
    [InlineData(2, 3, 900_030_000)]
    [InlineData(2, 3, int.MaxValue)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    public void A_binary_file_claiming_huge_sizes_is_rejected_before_allocating(int input, int firstLayer, int parameterCount)
    {
        var bytes = NetworkFile.Encode<float>(Small, new float[Small.ParameterCount]);
        int fingerprintLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(7));
        int layerCountAt = 11 + fingerprintLength, inputAt = layerCountAt + 4, firstLayerAt = inputAt + 4;
        int parameterCountAt = bytes.Length - 8 - Small.ParameterCount * 4 - 4;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(inputAt), input);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(firstLayerAt), firstLayer);
        if (parameterCount >= 0) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(parameterCountAt), parameterCount);

        NetworkFileException? ex = null;
        long allocated = AllocatedBy(() => ex = Assert.Throws<NetworkFileException>(() => NetworkFile.Decode<float>(bytes)));
        Assert.True(allocated < AllowedAllocation, $"{allocated} bytes allocated: {ex!.Message}");
        allocated = AllocatedBy(() => ex = Assert.Throws<NetworkFileException>(() => NetworkFile.Decode<float>(bytes, Small)));
        Assert.True(allocated < AllowedAllocation, $"{allocated} bytes allocated: {ex!.Message}");

        // Also the layer and fingerprint counts.
        var layers = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(layers.AsSpan(layerCountAt), int.MaxValue);
        Assert.True(AllocatedBy(() => Assert.Throws<NetworkFileException>(() => NetworkFile.Decode<float>(layers))) < AllowedAllocation);
        var fingerprint = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(fingerprint.AsSpan(7), int.MaxValue);
        Assert.True(AllocatedBy(() => Assert.Throws<NetworkFileException>(() => NetworkFile.Decode<float>(fingerprint))) < AllowedAllocation);
    }
}
