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
}
