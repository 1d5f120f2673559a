namespace NetGen.Tests.Runtime;

public class InitializerTests
{
    private static readonly NetworkArchitecture Wide = new(200, Loss.MeanSquaredError, Precision.Double,
        new LayerDescription(300, Activation.ReLU, true, 0.01),
        new LayerDescription(100, Activation.PReLU, true, 0.2),
        new LayerDescription(10, Activation.Tanh, false, 0.01));

    [Fact]
    public void RandomSequenceIsPinned()
    {
        // Golden values: these bits must never change, on any machine or .NET version.
        var random = new DeterministicRandom(42);
        Assert.Equal(GoldenUInt64, random.NextUInt64());
        Assert.Equal(GoldenDouble, BitConverter.DoubleToInt64Bits(random.NextDouble()));
        Assert.Equal(GoldenGaussian, BitConverter.DoubleToInt64Bits(random.NextGaussian()));
        Assert.Equal(GoldenInt, random.NextInt(1000));
    }

    private const ulong GoldenUInt64 = 1546998764402558742; // cross-checked with an independent Python implementation
    private const long GoldenDouble = 4600498721180566606;
    private const long GoldenGaussian = 4597152819617802828;
    private const int GoldenInt = 476;

    [Fact]
    public void InitializedParametersArePinned()
    {
        var arch = TestData.Mlp(4, Loss.CrossEntropy, Precision.Single, (8, Activation.Tanh), (3, Activation.Softmax));
        var p = new float[arch.ParameterCount];
        ParameterInitializer.Initialize<float>(arch, p, Initializer.He, 42);
        ulong hash = NetworkFileSupport.Fnv1a64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.AsSpan()));
        Assert.Equal(GoldenInitHash, hash);
    }

    private const ulong GoldenInitHash = 13971972010378870754;

    [Fact]
    public void LogarithmMatchesMathLog()
    {
        var random = new DeterministicRandom(1);
        for (int i = 0; i < 10000; i++)
        {
            double x = Math.Exp(random.NextUniform(-700, 700));
            double expected = Math.Log(x);
            Assert.True(Math.Abs(DeterministicRandom.Ln(x) - expected) <= 4e-16 * Math.Max(1, Math.Abs(expected)), $"ln({x:R})");
        }
    }

    [Fact]
    public void NextIntAndGaussianHaveTheRightDistribution()
    {
        var random = new DeterministicRandom(3);
        var counts = new int[10];
        double sum = 0, sumSq = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            counts[random.NextInt(10)]++;
            double g = random.NextGaussian();
            sum += g;
            sumSq += g * g;
        }
        Assert.All(counts, c => Assert.InRange(c, n / 10 * 0.97, n / 10 * 1.03));
        Assert.InRange(sum / n, -0.01, 0.01);
        Assert.InRange(sumSq / n, 0.98, 1.02);
    }

    [Theory]
    [InlineData(Initializer.Auto)]
    [InlineData(Initializer.SmallUniform)]
    [InlineData(Initializer.XavierUniform)]
    [InlineData(Initializer.XavierNormal)]
    [InlineData(Initializer.He)]
    public void SameSeedSameBitsOtherSeedOtherBits(Initializer kind)
    {
        double[] Run(int seed)
        {
            var p = new double[Wide.ParameterCount];
            ParameterInitializer.Initialize<double>(Wide, p, kind, seed);
            return p;
        }
        Assert.Equal(Run(5).Select(BitConverter.DoubleToInt64Bits), Run(5).Select(BitConverter.DoubleToInt64Bits));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Fact]
    public void BiasesAreZeroAndPReLUSlopesStartAtTheDeclaredSlope()
    {
        var p = new double[Wide.ParameterCount];
        p.AsSpan().Fill(9);
        ParameterInitializer.Initialize<double>(Wide, p, Initializer.Auto, 1);
        Assert.All(p.AsSpan(Wide.BiasOffset(0), 300).ToArray(), b => Assert.Equal(0.0, b));
        Assert.All(p.AsSpan(Wide.BiasOffset(1), 100).ToArray(), b => Assert.Equal(0.0, b));
        Assert.All(p.AsSpan(Wide.SlopeOffset(1), 100).ToArray(), s => Assert.Equal(0.2, s));
    }

    [Fact]
    public void DistributionsMatchTheirDefinitions()
    {
        var p = new double[Wide.ParameterCount];
        (double Mean, double Std, double MaxAbs) Stats(int layer)
        {
            var w = p.AsSpan(Wide.WeightOffset(layer), Wide.WeightCount(layer)).ToArray();
            double mean = w.Average();
            return (mean, Math.Sqrt(w.Select(x => (x - mean) * (x - mean)).Average()), w.Max(Math.Abs));
        }

        ParameterInitializer.Initialize<double>(Wide, p, Initializer.XavierUniform, 2);
        double bound = Math.Sqrt(6.0 / (200 + 300));
        var s = Stats(0);
        Assert.True(s.MaxAbs <= bound);
        Assert.True(s.MaxAbs > 0.99 * bound);
        Assert.InRange(s.Std, 0.97 * bound / Math.Sqrt(3), 1.03 * bound / Math.Sqrt(3));

        ParameterInitializer.Initialize<double>(Wide, p, Initializer.SmallUniform, 2);
        Assert.True(Stats(1).MaxAbs <= 0.05);

        ParameterInitializer.Initialize<double>(Wide, p, Initializer.He, 2);
        s = Stats(0);
        Assert.InRange(s.Std, 0.97 * Math.Sqrt(2.0 / 200), 1.03 * Math.Sqrt(2.0 / 200));
        Assert.InRange(s.Mean, -0.003, 0.003);

        ParameterInitializer.Initialize<double>(Wide, p, Initializer.XavierNormal, 2);
        Assert.InRange(Stats(1).Std, 0.97 * Math.Sqrt(2.0 / 400), 1.03 * Math.Sqrt(2.0 / 400));

        // Auto: He for the ReLU and PReLU layers, Xavier uniform for the tanh layer.
        ParameterInitializer.Initialize<double>(Wide, p, Initializer.Auto, 2);
        Assert.InRange(Stats(0).Std, 0.97 * Math.Sqrt(2.0 / 200), 1.03 * Math.Sqrt(2.0 / 200));
        Assert.InRange(Stats(1).Std, 0.95 * Math.Sqrt(2.0 / 300), 1.05 * Math.Sqrt(2.0 / 300));
        Assert.True(Stats(2).MaxAbs <= Math.Sqrt(6.0 / 110));
    }

    [Fact]
    public void WrongBufferLengthIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => ParameterInitializer.Initialize<double>(Wide, new double[3], Initializer.He, 1));
        Assert.Contains(Wide.ParameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }
}
