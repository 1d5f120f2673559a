namespace NetGen.Digits.Tests;

/// <summary>Step 2 rebuilds each preset's declaration from its generated kernels, without reflection.</summary>
public sealed class NetworkDescriptionTests
{
    private static string Rebuilt<TKernels>(string name) where TKernels : struct, INetworkKernels<float>
    {
        var kernels = default(TKernels);
        return NetworkDescription.Declaration(name, kernels.Architecture, kernels.DefaultLearningRate, kernels.Initializer, kernels.DefaultSeed);
    }

    public static TheoryData<string, string> Presets => new()
    {
        { nameof(UciSmallNet), Rebuilt<UciSmallNet.Kernels>(nameof(UciSmallNet)) },
        { nameof(UciMediumNet), Rebuilt<UciMediumNet.Kernels>(nameof(UciMediumNet)) },
        { nameof(UciLargeNet), Rebuilt<UciLargeNet.Kernels>(nameof(UciLargeNet)) },
        { nameof(MnistSmallNet), Rebuilt<MnistSmallNet.Kernels>(nameof(MnistSmallNet)) },
        { nameof(MnistMediumNet), Rebuilt<MnistMediumNet.Kernels>(nameof(MnistMediumNet)) },
        { nameof(MnistLargeNet), Rebuilt<MnistLargeNet.Kernels>(nameof(MnistLargeNet)) },
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void Declaration_IsTheSourceOfNetworksCs(string name, string declaration)
    {
        string source = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "samples", "NetGen.Digits", "Networks.cs")).ReplaceLineEndings("\n");
        Assert.EndsWith($"public partial class {name};", declaration);
        Assert.Contains(declaration, source);
    }

    [Fact]
    public void Declaration_NamesEveryArgumentThatDiffersFromItsDefault()
    {
        var arch = new NetworkArchitecture(3, Loss.MeanSquaredError, Precision.Double,
            new LayerDescription(4, Activation.LeakyReLU, HasBias: false, Slope: 0.2),
            new LayerDescription(5, Activation.PReLU, HasBias: true, Slope: 0.01),
            new LayerDescription(1, Activation.Linear, HasBias: true, Slope: 0.01));

        string text = NetworkDescription.Declaration("Net", arch, 0.5f, Initializer.He, 7);

        Assert.Equal(
            "[Network(Loss.MeanSquaredError, LearningRate = 0.5, Initializer = Initializer.He, Seed = 7, Precision = Precision.Double)]\n" +
            "[Input(3)]\n[Dense(4, Activation.LeakyReLU, Bias = false, Slope = 0.2)]\n[Dense(5, Activation.PReLU)]\n" +
            "[Dense(1, Activation.Linear)]\npublic partial class Net;", text);
    }
}
