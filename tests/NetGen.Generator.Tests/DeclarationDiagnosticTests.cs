using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Tests.Generator;

/// <summary>
/// Diagnostics about the class a network is declared on (partial declarations, C# version, names NetGen uses, base
/// classes) and about arguments whose value looks right but is written wrong. Each case: the diagnostic, where it
/// points, nothing generated when it is an error, and no problem inside generated code.
/// </summary>
public class DeclarationDiagnosticTests
{
    private const string Usings = "using NetGen;\n";
    private const string Attributes = "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)]";

    public static TheoryData<string, string, string> Cases => new()
    {
        // id, declaration, the text the diagnostic must point at
        { "NG0017", $"{Attributes} public partial struct Net {{ }}", "Net" },
        { "NG0025", $"{Attributes} public partial class Net {{ }} [Network(Loss.HalfSquaredError)] public partial class Net {{ }}", "Net" },
        { "NG0026", "[Network(Loss.HalfSquaredError)] [Input(2)] public partial class Net { } [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Net" },
        { "NG0027", "// langversion:7.3\n" + $"{Attributes} public partial class Net {{ }}", "Net" },
        { "NG0028", $"{Attributes} file partial class Net {{ }}", "Net" },
        { "NG0028", $"file partial class Outer {{ {Attributes} public partial class Net {{ }} }}", "Net" },
        { "NG0029", $"{Attributes} public partial class Net {{ public int InputSize; }}", "InputSize" },
        { "NG0029", $"{Attributes} public partial class Net {{ public static int Layer12Size() => 0; }}", "Layer12Size" },
        { "NG0029", $"{Attributes} public partial class Net {{ public struct Kernels {{ }} }}", "Kernels" },
        { "NG0029", $"{Attributes} public partial class Net {{ public event System.Action? Architecture; }}", "Architecture" },
        { "NG0032", $"{Attributes} public partial class Net {{ public string Predict {{ get; set; }} = \"\"; }}", "Predict" },
        { "NG0030", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Architecture { }", "Architecture" },
        { "NG0030", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Kernels { }", "Kernels" },
        { "NG0031", $"public class Base {{ }} {Attributes} public partial class Net : Base {{ }}", "Base" },
        { "NG0031", $"{Attributes} public partial class Other {{ }} {Attributes} public partial class Net : Other, System.IDisposable {{ public void Dispose() {{ }} }}", "Other" },
        { "NG0033", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Tanh | Activation.Sigmoid)] public partial class Net { }", "Dense(1, Activation.Tanh | Activation.Sigmoid)" },
        { "NG0033", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, (Activation)1)] public partial class Net { }", "Dense(1, (Activation)1)" },
        { "NG0033", "[Network(default)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(default)" },
        { "NG0033", "[Network(Loss.HalfSquaredError, Precision = (Precision)1)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, Precision = (Precision)1)" },
        { "NG0033", "[Network(Loss.HalfSquaredError, Initializer = 0)] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Network(Loss.HalfSquaredError, Initializer = 0)" },
        { "NG0033", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid, Shape = CodeShape.Auto | CodeShape.Unrolled)] public partial class Net { }", "Dense(1, Activation.Sigmoid, Shape = CodeShape.Auto | CodeShape.Unrolled)" },
        { "NG0033", "public static class C { public const Activation Mixed = Activation.Tanh | Activation.Sigmoid; } [Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, C.Mixed)] public partial class Net { }", "Dense(1, C.Mixed)" },
        { "NG0034", "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Softmax)] public partial class Net { }", "Dense(1, Activation.Softmax)" },
        { "NG0034", "[Network(Loss.CrossEntropy)] [Input(2)] [Dense(1, Activation.Softmax)] public partial class Net { }", "Dense(1, Activation.Softmax)" },
        { "NG0035", "[Network(Loss.HalfSquaredError)] [Input(256)] [Dense(128, Activation.Tanh, Shape = CodeShape.Unrolled)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", "Dense(128, Activation.Tanh, Shape = CodeShape.Unrolled)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_declaration_gets_its_diagnostic_where_the_problem_is_and_no_problem_in_generated_code(string id, string declaration, string pointsAt)
    {
        var result = Run(Usings + declaration);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == id);
        var tree = result.Output.SyntaxTrees.Single(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(pointsAt, tree.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.DoesNotContain("{", diagnostic.GetMessage());
        if (diagnostic.Severity == DiagnosticSeverity.Error && declaration.Contains("class Net"))
            Assert.DoesNotContain(result.Run.Results.SelectMany(r => r.GeneratedSources), s =>
                (s.HintName.Contains(".Net.", StringComparison.Ordinal) || s.HintName.StartsWith("Net.", StringComparison.Ordinal)) &&
                !GeneratorHarness.IsPlaceholder(s.SourceText.ToString()));
        AssertNothingInGeneratedCode(result);
    }

    [Theory]
    [InlineData("public partial class Net { public void PredictAll() { } public int Layer1Sizes; public int layersize; }")]
    [InlineData("public partial class Net { public void Predict(string text, int extra) { } public void Save(System.IO.Stream stream) { } }")]
    [InlineData("public partial class Net : System.IDisposable { public void Dispose() { } }")]
    [InlineData("public partial class Net { } public partial class Net { public int Extra => 1; }")]
    [InlineData("public partial class Net { public new void Fit(string text, int extra) { } }")]
    [InlineData("// langversion:8\npublic partial class Net { }")]
    [InlineData("// langversion:9\npublic partial class Net { }")]
    [InlineData("// langversion:10\npublic partial class Net { }")]
    public void Declaration_that_fits_gets_no_error_and_compiles(string declaration)
    {
        var result = Run(Usings + "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)]\n" + declaration);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error || d.Id == "NG0032");
        Assert.Contains(result.Run.Results.SelectMany(r => r.GeneratedSources), s => s.HintName.StartsWith("Net.", StringComparison.Ordinal));
        Assert.DoesNotContain(result.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
        AssertNothingInGeneratedCode(result);
    }

    [Theory]
    [InlineData("[Dense(1, Activation.Sigmoid)]")]
    [InlineData("[Dense(1, (Activation.Sigmoid))]")]
    [InlineData("[Dense(activation: Activation.Sigmoid, size: 1)]")]
    [InlineData("[Dense(1, global::NetGen.Activation.Sigmoid)]")]
    [InlineData("[Dense(1, Sigmoid)]")]
    [InlineData("[Dense(1, Choice.Output)]")]
    [InlineData("[Dense(2, Activation.Softmax)]")]
    public void Enum_arguments_naming_one_member_are_accepted(string dense)
    {
        var result = Run("using NetGen;\nusing static NetGen.Activation;\n" +
                         "public static class Choice { public const Activation Chosen = Activation.Sigmoid; public const Activation Output = Chosen; }\n" +
                         $"[Network(Loss.HalfSquaredError, Precision = Precision.Double, Initializer = NetGen.Initializer.He)] [Input(2)] {dense} public partial class Net {{ }}");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Every_problem_of_a_declaration_is_reported_at_once()
    {
        var result = Run(Usings + "[Network(Loss.HalfSquaredError, LearningRate = -1)] [Input(2)] " +
                         "[Dense(3, Activation.LeakyReLU, Slope = double.NaN)] [Dense(1, Activation.Sigmoid, Slope = 0.5)] public partial class Net { public int OutputSize; }");
        Assert.Equal(new[] { "NG0012", "NG0014", "NG0019", "NG0029" }, result.Ids.Distinct().OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void Forced_unrolling_between_the_budget_and_the_limit_warns_and_generates()
    {
        var result = Run(Usings + "[Network(Loss.HalfSquaredError)] [Input(128)] [Dense(128, Activation.Tanh, Shape = CodeShape.Unrolled)] [Dense(1, Activation.Sigmoid)] public partial class Net { }", compile: false);
        Assert.Equal(new[] { "NG0015" }, result.Ids);
        Assert.Single(result.Run.Results.SelectMany(r => r.GeneratedSources));
    }

    /// <summary>Runs with the C# version a "// langversion:X" first line asks for (default: latest).</summary>
    private static GeneratorHarness.Result Run(string source, bool compile = true)
    {
        var version = LanguageVersion.Latest;
        if (source.Contains("// langversion:", StringComparison.Ordinal))
        {
            string text = source.Split("// langversion:")[1].Split('\n')[0];
            Assert.True(LanguageVersionFacts.TryParse(text, out version));
        }
        var parse = new CSharpParseOptions(version);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: version >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable);
        var result = GeneratorHarness.RunWith(parse, options, source);
        if (compile) _ = result.Output.GetDiagnostics();
        return result;
    }

    internal static void AssertNothingInGeneratedCode(GeneratorHarness.Result result)
    {
        var generatedTrees = result.Run.GeneratedTrees.ToHashSet();
        var inGenerated = result.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
            .ToList();
        Assert.True(inGenerated.Count == 0, string.Join("\n", inGenerated));
    }
}
