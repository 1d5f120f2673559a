using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Tests.Backprop;

/// <summary>
/// NG0016 (Step/Sign cannot be trained) is a warning meant to be silenced with <c>#pragma warning disable</c>; the
/// compiler only applies pragmas to diagnostics located in one of the compilation's syntax trees. (The Step/Sign
/// networks of this project build with warnings as errors, which checks the pragma end to end.)
/// </summary>
public sealed class DiagnosticLocationTests
{
    private const string Source = """
        using NetGen;
        [Network(Loss.HalfSquaredError)]
        [Input(2)]
        [Dense(3, Activation.Step)]
        public partial class Thresholds;
        """;

    private static GeneratorRun Run(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location));
        var tree = CSharpSyntaxTree.ParseText(source, path: "Thresholds.cs");
        var compilation = CSharpCompilation.Create("Test", [tree], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = CSharpGeneratorDriver.Create(new NetGen.Generator.NetworkGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new(tree, generatorDiagnostics.ToArray(), output.GetDiagnostics().ToArray());
    }

    private sealed record GeneratorRun(SyntaxTree Tree, Diagnostic[] Generator, Diagnostic[] Compilation);

    [Fact]
    public void NG0016_is_located_in_the_source_tree()
    {
        var result = Run(Source);
        var ng0016 = Assert.Single(result.Generator, d => d.Id == "NG0016");
        Assert.Equal(DiagnosticSeverity.Warning, ng0016.Severity);
        Assert.Equal(LocationKind.SourceFile, ng0016.Location.Kind);
        Assert.Same(result.Tree, ng0016.Location.SourceTree);
        Assert.Equal(3, ng0016.Location.GetLineSpan().StartLinePosition.Line); // the [Dense(3, Activation.Step)] line
        Assert.DoesNotContain(result.Compilation, d => d.Severity == DiagnosticSeverity.Error);
    }
}
