namespace NetGen.Tests.Generator;

/// <summary>Pins the emitted code for representative declarations; a change to the emitters shows up as a diff.</summary>
public class SnapshotTests
{
    public static TheoryData<string, string> Declarations => new()
    {
        { "Xor_2_4_1_tanh_sigmoid", """
            namespace Demo;
            [Network(Loss.HalfSquaredError, LearningRate = 0.5)]
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class XorNet;
            """ },
        { "Iris_4_8_3_softmax_crossentropy", """
            [Network(Loss.CrossEntropy, LearningRate = 0.05, Initializer = Initializer.XavierNormal, Seed = 7)]
            [Input(4)]
            [Dense(8, Activation.Tanh)]
            [Dense(3, Activation.Softmax)]
            public partial class IrisNet;
            """ },
        { "Double_prelu_nobias_hinge_nested", """
            namespace Demo.Models;
            public static partial class Catalog
            {
                [Network(Loss.Hinge, Precision = Precision.Double)]
                [Input(3)]
                [Dense(3, Activation.PReLU, Slope = 0.25)]
                [Dense(2, Activation.LeakyReLU, Slope = 0.1, Bias = false)]
                [Dense(1, Activation.Linear)]
                internal partial class Separator { }
            }
            """ },
        { "Digits_64_32_10_vectorized", """
            [Network(Loss.CrossEntropy, LearningRate = 0.1)]
            [Input(64)]
            [Dense(32, Activation.ReLU)]
            [Dense(10, Activation.Softmax)]
            public partial class DigitsNet;
            """ },
        { "Softmax_mse_jacobian", """
            [Network(Loss.MeanSquaredError)]
            [Input(2)]
            [Dense(3, Activation.PiecewiseLinear)]
            [Dense(3, Activation.Softmax)]
            public partial class SoftmaxMse;
            """ },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Emitted_code_matches_the_verified_snapshot(string name, string declaration)
    {
        var result = GeneratorHarness.Run("using NetGen;\n" + declaration);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        var source = Assert.Single(result.Run.Results.SelectMany(r => r.GeneratedSources));
        Snapshot.Verify(source.SourceText.ToString(), name);
    }

    [Fact]
    public void Emitting_twice_gives_identical_text()
    {
        var (name, declaration) = ("Xor", (string)Declarations.First()[1]);
        string first = GeneratorHarness.Run("using NetGen;\n" + declaration).Run.Results[0].GeneratedSources[0].SourceText.ToString();
        string second = GeneratorHarness.Run("using NetGen;\n" + declaration).Run.Results[0].GeneratedSources[0].SourceText.ToString();
        Assert.Equal(first, second);
        Assert.NotEmpty(name);
    }
}
