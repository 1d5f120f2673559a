using Microsoft.CodeAnalysis;
using NetGen.Tests.Generator;

namespace NetGen.Tests.Fuzzing;

/// <summary>Generator bugs the fuzzer found, pinned as plain tests.</summary>
public class FuzzRegressionTests
{
    [Fact]
    public void Networks_and_containing_types_named_with_escaped_keywords_compile()
    {
        var result = GeneratorHarness.Run("""
            using NetGen;
            namespace Models.Fuzz;
            public partial class @class
            {
                [Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)]
                public partial class @event;
            }
            [Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)]
            public partial class @record;
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("partial class @event", result.GeneratedSource("event.g.cs"));
    }

    [Theory]
    [InlineData("LearningRate = 1e300, Precision = Precision.Double", "Activation.Sigmoid")]
    [InlineData("LearningRate = 1e-50, Precision = Precision.Double", "Activation.Sigmoid")]
    [InlineData("Precision = Precision.Double", "Activation.LeakyReLU, Slope = 1e300")]
    [InlineData("LearningRate = 3e38", "Activation.LeakyReLU, Slope = -3e38")]
    public void Settings_beyond_float_range_are_fine_when_the_network_type_holds_them(string network, string dense)
    {
        var result = GeneratorHarness.Run($$"""
            using NetGen;
            [Network(Loss.HalfSquaredError, {{network}})] [Input(2)] [Dense(1, {{dense}})]
            public partial class Net;
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.DoesNotContain(result.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
    }

    private const string Layers = "[Network(Loss.HalfSquaredError)] [Input(2)] [Dense(1, Activation.Sigmoid)]";

    [Fact]
    public void Networks_whose_full_names_differ_only_in_case_get_distinct_stable_legal_hint_names()
    {
        string[] sources =
        [
            $"using NetGen;\nnamespace Models.Mnist {{ {Layers} public partial class Net {{ }} }}",
            $"using NetGen;\nnamespace Models.MNIST {{ {Layers} public partial class Net {{ }} }}",
            $"using NetGen;\nnamespace App.@event.Réseau {{ {Layers} public partial class MyNet {{ }} {Layers} public partial class Mynet {{ }} {Layers} public partial class @class {{ }} }}",
        ];
        var first = GeneratorHarness.Run(sources);
        var second = GeneratorHarness.Run(sources.Reverse().ToArray());
        string[] HintNames(GeneratorHarness.Result r) =>
            r.Run.Results.SelectMany(x => x.GeneratedSources).Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal).ToArray();

        var names = HintNames(first);
        Assert.Equal(5, names.Length);
        Assert.Equal(5, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(names, HintNames(second)); // independent of file order
        Assert.All(names, n => Assert.Matches("^[A-Za-z0-9._]+$", n));
        Assert.Empty(first.GeneratorDiagnostics);
        Assert.Empty(first.CompilationProblems);
    }

    [Fact]
    public void Network_attribute_on_partial_declarations_in_two_files_is_reported_once_and_nothing_is_generated()
    {
        var result = GeneratorHarness.Run(
            $"using NetGen;\nnamespace App;\n{Layers} public partial class Net {{ }}",
            "using NetGen;\nnamespace App;\n[Network(Loss.HalfSquaredError)] public partial class Net { }");
        Assert.Single(result.GeneratorDiagnostics, d => d.Id == "NG0025");
        Assert.Empty(result.Run.Results.SelectMany(r => r.GeneratedSources));
        Assert.DoesNotContain(result.Output.GetDiagnostics(), d => d.Id is "AD0001" or "CS8785");
    }
}
