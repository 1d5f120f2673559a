using Microsoft.CodeAnalysis;

namespace NetGen.Tests.Generator;

/// <summary>Every diagnostic NetGen reports: a declaration that triggers it, where it points, and that the
/// rest of the user's code still compiles.</summary>
public class DiagnosticTests
{
    private const string Usings = "using NetGen;\n";

    private const string Valid = """
        [Network(Loss.CrossEntropy, LearningRate = 0.05)]
        [Input(4)]
        [Dense(8, Activation.Tanh)]
        [Dense(3, Activation.Softmax)]
        public partial class IrisNet;
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // id, declaration, the text the diagnostic must point at
        { "NG0001", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)] public class Net { }", "Net" },
        { "NG0002", "public class Outer { [Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { } }", "Net" },
        { "NG0003", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net<T> { }", "Net" },
        { "NG0004", "[Network(Loss.HalfSquaredError)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Net" },
        { "NG0005", "[Network(Loss.HalfSquaredError)] [Input(2)] [Input(3)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Input(3)" },
        { "NG0006", "[Network(Loss.HalfSquaredError)] [Input(2)] public partial class Net { }", "Net" },
        { "NG0007", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(0, Activation.Sigmoid)] public partial class Net { }", "Dense(0, Activation.Sigmoid)" },
        { "NG0007", "[Network(Loss.HalfSquaredError)] [Input(-3)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Input(-3)" },
        { "NG0008", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(100000, Activation.Sigmoid)] public partial class Net { }", "Dense(100000, Activation.Sigmoid)" },
        { "NG0008", "[Network(Loss.HalfSquaredError)] [Input(60000)] [Dense(60000, Activation.Sigmoid)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Net" },
        { "NG0009", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(3, Activation.Softmax)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Dense(3, Activation.Softmax)" },
        { "NG0010", "[Network(Loss.CrossEntropy)] [Input(2)] [Dense(3, Activation.Sigmoid)] public partial class Net { }", "Dense(3, Activation.Sigmoid)" },
        { "NG0010", "[Network(Loss.BinaryCrossEntropy)] [Input(2)] [Dense(1, Activation.Tanh)] public partial class Net { }", "Dense(1, Activation.Tanh)" },
        { "NG0010", "[Network(Loss.Hinge)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Dense(1, Activation.Sigmoid)" },
        { "NG0011", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, (Activation)42)] public partial class Net { }", "Dense(1, (Activation)42)" },
        { "NG0011", "[Network((Loss)9)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network((Loss)9)" },
        { "NG0011", "[Network(Loss.HalfSquaredError, Initializer = (Initializer)7)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, Initializer = (Initializer)7)" },
        { "NG0012", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid, Slope = 0.2)] public partial class Net { }", "Dense(1, Activation.Sigmoid, Slope = 0.2)" },
        { "NG0013", "[Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Input(2)" },
        { "NG0014", "[Network(Loss.HalfSquaredError, LearningRate = -0.1)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, LearningRate = -0.1)" },
        { "NG0014", "[Network(Loss.HalfSquaredError, LearningRate = double.NaN)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, LearningRate = double.NaN)" },
        { "NG0014", "[Network(Loss.HalfSquaredError, LearningRate = 1e300)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, LearningRate = 1e300)" },
        { "NG0014", "[Network(Loss.HalfSquaredError, LearningRate = 1e-50)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, LearningRate = 1e-50)" },
        { "NG0014", "[Network(Loss.HalfSquaredError, LearningRate = 1e-40)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, LearningRate = 1e-40)" },
        { "NG0014", "[Network(Loss.HalfSquaredError, LearningRate = 1e-310, Precision = Precision.Double)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, LearningRate = 1e-310, Precision = Precision.Double)" },
        { "NG0015", "[Network(Loss.HalfSquaredError)] [Input(32)] [Dense(16, Activation.Tanh, Shape = CodeShape.Unrolled)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Dense(16, Activation.Tanh, Shape = CodeShape.Unrolled)" },
        { "NG0016", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(2, Activation.Step)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Dense(2, Activation.Step)" },
        { "NG0017", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)] public static partial class Net { }", "Net" },
        { "NG0017", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)] public abstract partial class Net { }", "Net" },
        { "NG0017", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial record Net;", "Net" },
        { "NG0018", "[Network(Loss.HalfSquaredError)] [Input(\"two\")] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Input(\"two\")" },
        { "NG0019", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.LeakyReLU, Slope = double.PositiveInfinity)] public partial class Net { }", "Dense(1, Activation.LeakyReLU, Slope = double.PositiveInfinity)" },
        { "NG0019", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.LeakyReLU, Slope = -1e300)] public partial class Net { }", "Dense(1, Activation.LeakyReLU, Slope = -1e300)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_declaration_gets_its_diagnostic_on_the_offending_attribute_or_class(string id, string declaration, string pointsAt)
    {
        const string unrelated = "public class Unrelated { public int Answer() => 42; }";
        var result = GeneratorHarness.Run(Usings + declaration + "\n" + unrelated);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == id);
        var tree = result.Output.SyntaxTrees.Single(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(pointsAt, tree.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage()));
        Assert.DoesNotContain("{0}", diagnostic.GetMessage());

        // The unrelated class still compiles: the only errors are about the bad declaration itself.
        var errors = result.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.DoesNotContain(errors, e => e.Location.SourceSpan.Start > (Usings + declaration).Length);
    }

    [Fact]
    public void Valid_declaration_gets_no_diagnostic_and_compiles_without_warnings()
    {
        var result = GeneratorHarness.Run(Usings + Valid);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Theory]
    [InlineData("[Dense(1, Activation.LeakyReLU, Slope = 0.2)]")]
    [InlineData("[Dense(1, Activation.PReLU, Slope = 0.25)]")]
    [InlineData("[Dense(16, Activation.Tanh, Shape = CodeShape.Unrolled)]")]
    [InlineData("[Dense(1, Activation.Tanh, Bias = false)]")]
    public void Settings_that_fit_get_no_diagnostic(string dense)
    {
        var result = GeneratorHarness.Run(Usings + $"[Network(Loss.HalfSquaredError)] [Input(4)] {dense} public partial class Net {{ }}");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Every_descriptor_has_a_case_and_a_catalogue_line()
    {
        var ids = typeof(NetGen.Generator.NetworkGenerator).Assembly
            .GetType("NetGen.Generator.Diagnostics")!
            .GetFields().Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToList();
        var tested = Cases.Concat(BakedGeneratorTests.Cases).Concat(DeclarationDiagnosticTests.Cases).Select(c => (string)c[0])
            .Concat(Onnx.OnnxBakeTests.Mismatches.Select(c => (string)c[1])).ToHashSet();
        string catalogue = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"));
        foreach (var id in ids)
        {
            Assert.Contains(id, tested);
            Assert.Contains(id, catalogue);
        }
    }
}
