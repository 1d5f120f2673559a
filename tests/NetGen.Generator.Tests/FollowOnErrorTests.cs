using System.Reflection;
using Microsoft.CodeAnalysis;

namespace NetGen.Tests.Generator;

/// <summary>
/// A declaration with an error gets its NG diagnostic and nothing else: the generator still emits the network's public
/// shape (a placeholder whose members throw), so the user's calls to Predict, Fit, Save, the size constants or Baked do
/// not add a CS1061/CS0117 for every use.
/// </summary>
public class FollowOnErrorTests
{
    /// <summary>Code a user writes against a network named Net of element type <c>T</c>.</summary>
    private static string UserCode(string T) => $$"""
        public static class App
        {
            public static {{T}} Run()
            {
                var net = new Net();
                var input = new {{T}}[Net.InputSize];
                var output = new {{T}}[Net.OutputSize];
                net.Predict(input, output);
                int label = net.PredictClass(input);
                {{T}} loss = net.TrainStep(input, label);
                var data = Dataset<{{T}}>.ForClassification(input, Net.InputSize, new[] { 0 }, Net.ClassCount);
                var result = net.Fit(data, new TrainingOptions { Epochs = 1 });
                var evaluation = net.Evaluate(data);
                net.Save("net.ngw");
                net.LoadText("net.txt");
                int sizes = Net.LayerCount + Net.Layer1Size + Net.ParameterCount + Net.DefaultSeed + Net.LayerSizes.Length;
                string shape = Net.Architecture.ToString() + result.StopReason + evaluation.Accuracy;
                {{T}} rate = Net.DefaultLearningRate + net.LearningRate;
                INetwork<{{T}}> any = net;
                return loss + rate + sizes + shape.Length + any.Parameters.Length;
            }
        }
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // the NG ids expected, the declaration, the element type
        { "NG0007", "[Network(Loss.CrossEntropy)] [Input(4)] [Dense(0, Activation.Tanh)] [Dense(3, Activation.Softmax)] public partial class Net;", "float" },
        { "NG0010", "[Network(Loss.CrossEntropy)] [Input(4)] [Dense(3, Activation.Sigmoid)] public partial class Net;", "float" },
        { "NG0005", "[Network(Loss.CrossEntropy)] [Input(4)] [Input(5)] [Dense(3, Activation.Softmax)] public partial class Net;", "float" },
        { "NG0004", "[Network(Loss.CrossEntropy)] [Dense(3, Activation.Softmax)] public partial class Net;", "float" },
        { "NG0006", "[Network(Loss.CrossEntropy)] [Input(4)] public partial class Net;", "float" },
        { "NG0009", "[Network(Loss.CrossEntropy)] [Input(4)] [Dense(3, Activation.Softmax)] [Dense(3, Activation.Tanh)] public partial class Net;", "float" },
        { "NG0011", "[Network(Loss.CrossEntropy)] [Input(4)] [Dense(3, (Activation)42)] public partial class Net;", "float" },
        { "NG0012 NG0014", "[Network(Loss.HalfSquaredError, LearningRate = -1)] [Input(4)] [Dense(3, Activation.Tanh, Slope = 0.5)] public partial class Net;", "float" },
        { "NG0008", "[Network(Loss.HalfSquaredError, Precision = Precision.Double)] [Input(60000)] [Dense(60000, Activation.Tanh)] [Dense(1, Activation.Tanh)] public partial class Net;", "double" },
        { "NG0026", "[Network(Loss.CrossEntropy)] [Input(4)] public partial class Net; [Dense(3, Activation.Softmax)] public partial class Net;", "float" },
        { "NG0035", "namespace Deep.Inside { public partial class Outer { [Network(Loss.HalfSquaredError)] [Input(256)] [Dense(128, Activation.Tanh, Shape = CodeShape.Unrolled)] [Dense(1, Activation.Tanh)] public partial class Net; } }\nusing Net = Deep.Inside.Outer.Net;", "float" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_declaration_gets_only_its_NG_errors_however_much_code_uses_the_network(string ids, string declaration, string T)
    {
        var (usings, declarations) = SplitUsingAlias(declaration);
        string prefix = "using NetGen;\n" + usings + declarations + "\n";
        var result = GeneratorHarness.Run(prefix + UserCode(T));

        Assert.Equal(ids.Split(' '), result.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().Order());
        // Two [Input] are also the compiler's own CS0579 on the second attribute: an error in the declaration, not a follow-on.
        AssertOnlyNetGenErrors(result, allowedInDeclaration: ids == "NG0005" ? prefix.Length : 0);
        Assert.True(GeneratorHarness.IsPlaceholder(result.GeneratedSource("Net.g.cs")));
    }

    [Fact]
    public void A_weights_file_that_cannot_be_baked_gets_only_its_NG_error_where_Baked_is_used()
    {
        const string declaration = "[Network(Loss.HalfSquaredError, BakedWeights = \"missing.txt\")] [Input(2)] [Dense(1, Activation.Sigmoid)] public partial class Net;";
        const string use = "public static class App { public static void Run(float[] x, float[] y) => Net.Baked.Predict(x, y); }";
        var result = GeneratorHarness.Run("using NetGen;\n" + declaration + "\n" + use);

        Assert.Equal(new[] { "NG0020" }, result.Ids);
        AssertOnlyNetGenErrors(result);
        Assert.False(GeneratorHarness.IsPlaceholder(result.GeneratedSource("Net.g.cs")), "the trainable network is valid and generated in full");
    }

    [Fact]
    public void A_bad_declaration_naming_a_weights_file_keeps_Baked_compiling_too()
    {
        const string declaration = "[Network(Loss.HalfSquaredError, BakedWeights = \"net.txt\")] [Input(0)] [Dense(1, Activation.Sigmoid)] public partial class Net;";
        const string use = "public static class App { public static void Run(float[] x, float[] y) => Net.Baked.Predict(x, y); }";
        var result = GeneratorHarness.Run("using NetGen;\n" + declaration + "\n" + use);

        Assert.Equal(new[] { "NG0007" }, result.Ids);
        AssertOnlyNetGenErrors(result);
    }

    [Fact]
    public void Errors_about_the_class_itself_still_emit_nothing()
    {
        // A placeholder would add errors of its own here (a partial of a non-partial class, a second base class).
        foreach (string declaration in new[]
        {
            "[Network(Loss.HalfSquaredError)] [Input(0)] [Dense(1, Activation.Sigmoid)] public class Net { }",
            "public class Base { } [Network(Loss.HalfSquaredError)] [Input(0)] [Dense(1, Activation.Sigmoid)] public partial class Net : Base { }",
            "[Network(Loss.HalfSquaredError)] [Input(0)] [Dense(1, Activation.Sigmoid)] public partial class Net { public int InputSize; }",
        })
        {
            var result = GeneratorHarness.Run("using NetGen;\n" + declaration);
            Assert.Contains(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Empty(result.Run.GeneratedTrees);
        }
    }

    [Fact]
    public void The_placeholder_throws_naming_the_NG_errors_when_run_anyway()
    {
        // The compiler's own output has no error (the NG ones come from the generator), so the assembly can be loaded.
        var result = GeneratorHarness.Run("using NetGen;\n[Network(Loss.CrossEntropy)] [Input(4)] [Dense(3, Activation.Sigmoid)] public partial class Net;\n" + UserCode("float"));
        using var image = new MemoryStream();
        Assert.True(result.Output.Emit(image).Success);
        var assembly = Assembly.Load(image.ToArray());
        var run = assembly.GetType("App")!.GetMethod("Run")!;

        var thrown = Assert.Throws<TargetInvocationException>(() => run.Invoke(null, null));
        var error = Assert.IsType<InvalidOperationException>(thrown.InnerException);
        Assert.Contains("NG0010", error.Message);
        Assert.Contains("Net", error.Message);
    }

    /// <summary>No error or warning from the C# compiler, in the user's code or the generated code: only NG errors.</summary>
    private static void AssertOnlyNetGenErrors(GeneratorHarness.Result result, int allowedInDeclaration = 0)
    {
        Assert.Contains(result.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("NG", StringComparison.Ordinal));
        var userTree = result.Output.SyntaxTrees.First();
        var others = result.Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => d.Location.SourceTree != userTree || d.Location.SourceSpan.Start >= allowedInDeclaration)
            .ToList();
        Assert.True(others.Count == 0, string.Join("\n", others));
    }

    /// <summary>A "using X = ...;" line at the end of a case goes before everything else (C# wants usings first).</summary>
    private static (string Usings, string Declarations) SplitUsingAlias(string declaration)
    {
        var lines = declaration.Split('\n');
        var usings = lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal)).Select(l => l + "\n");
        return (string.Concat(usings), string.Join("\n", lines.Where(l => !l.StartsWith("using ", StringComparison.Ordinal))));
    }
}
