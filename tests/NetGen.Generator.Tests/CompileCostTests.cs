using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Tests.Generator;
using Xunit.Abstractions;

namespace NetGen.Tests.Speed;

/// <summary>
/// What a network costs at build time: the generator's run and the size of what it emits, then a Roslyn compile
/// (Release) of the user code with the generated file. Printed for BENCHMARKS.md; the biggest must stay well under
/// 30 s. Run: dotnet test tests/NetGen.Tests -c Release --filter CompileCost --logger "console;verbosity=detailed"
/// </summary>
public class CompileCostTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("2-4-1", "[Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]", "Loss.HalfSquaredError")]
    [InlineData("64-32-10", "[Input(64)] [Dense(32, Activation.ReLU)] [Dense(10, Activation.Softmax)]", "Loss.CrossEntropy")]
    [InlineData("784-128-10", "[Input(784)] [Dense(128, Activation.ReLU)] [Dense(10, Activation.Softmax)]", "Loss.CrossEntropy")]
    [InlineData("784-512-256-10", "[Input(784)] [Dense(512, Activation.ReLU)] [Dense(256, Activation.ReLU)] [Dense(10, Activation.Softmax)]", "Loss.CrossEntropy")]
    public void Generator_and_compile_time(string name, string layers, string loss)
    {
        WarmUp.Value.ToString(); // times below are warm: the generator and Roslyn already JIT-compiled
        string source = $"using NetGen; [Network({loss})] {layers} public partial class Net {{ }}";
        var compilation = GeneratorHarness.Compile(source);
        var driver = GeneratorHarness.CreateDriver();

        var generate = Stopwatch.StartNew();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var diagnostics);
        generate.Stop();
        Assert.Empty(diagnostics);
        var generated = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToList();
        long chars = generated.Sum(s => (long)s.SourceText.Length);

        var compile = Stopwatch.StartNew();
        using var pe = new MemoryStream();
        var emitted = withGenerated.WithOptions(((CSharpCompilationOptions)withGenerated.Options)
            .WithOptimizationLevel(OptimizationLevel.Release)).Emit(pe);
        compile.Stop();
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));

        output.WriteLine($"| {name} | {generate.Elapsed.TotalMilliseconds:F0} ms | {chars:N0} chars | {compile.Elapsed.TotalMilliseconds:F0} ms | {pe.Length:N0} bytes |");
        Assert.True(generate.Elapsed + compile.Elapsed < TimeSpan.FromSeconds(30), $"{name}: generator + compile took {generate.Elapsed + compile.Elapsed}");
    }

    private static readonly Lazy<bool> WarmUp = new(() =>
    {
        var compilation = GeneratorHarness.Compile("using NetGen; [Network(Loss.HalfSquaredError)] [Input(3)] [Dense(300, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] public partial class Warm { }");
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output.Emit(new MemoryStream()).Success;
    });
}
