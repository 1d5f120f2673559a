using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;

namespace NetGen.Tests.Generator;

/// <summary>Runs NetGen's generator on in-memory source, the way the compiler would.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(NetworkAttribute).Assembly.Location);
        paths.Add(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("UserCode",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalTexts) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public sealed record Result(
        Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Run)
    {
        /// <summary>Errors and warnings of the compilation with the generated code added.</summary>
        public IEnumerable<Diagnostic> CompilationProblems => Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning);

        /// <summary>The generated source whose hint name, without its hash part (".1a2b3c4d"), ends so.</summary>
        public string GeneratedSource(string hintNameEnd) =>
            Run.Results.SelectMany(r => r.GeneratedSources)
                .Single(s => WithoutHash(s.HintName).EndsWith(hintNameEnd, StringComparison.Ordinal)).SourceText.ToString();

        public IEnumerable<string> Ids => GeneratorDiagnostics.Select(d => d.Id);
    }

    /// <summary>A hint name without the hash NetGen adds to keep names unique ignoring case.</summary>
    public static string WithoutHash(string hintName) =>
        System.Text.RegularExpressions.Regex.Replace(hintName, @"\.[0-9a-f]{8}(?=\.)", "");

    public static ImmutableArray<MetadataReference> MetadataReferences => References.Value;

    public static Result Run(params string[] sources) => Run(Array.Empty<AdditionalText>(), sources);

    /// <summary>Runs the generator on one compilation made with the given options, as a project with them would.</summary>
    public static Result RunWith(CSharpParseOptions parseOptions, CSharpCompilationOptions compilationOptions, params string[] sources)
    {
        var compilation = CSharpCompilation.Create("UserCode",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"Source{i}.cs")),
            References.Value, compilationOptions);
        var driver = CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var run = driver.GetRunResult();
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        return new Result(output, diagnostics, run);
    }

    public static Result Run(AdditionalText[] additionalTexts, params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver(additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var run = driver.GetRunResult();
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        return new Result(output, diagnostics, run);
    }

    /// <summary>Fails when a pipeline step's output holds anything that roots a compilation (symbols, syntax, ...).</summary>
    public static void AssertNoCompilationObjects(object? value, string path, HashSet<object>? seen = null)
    {
        seen ??= new HashSet<object>(ReferenceEqualityComparer.Instance);
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!seen.Add(value)) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location,
            $"{path} holds a {value.GetType().Name}, which roots the compilation and defeats caching.");
        if (value is DiagnosticDescriptor) return;
        if (value is System.Collections.IEnumerable items)
        {
            int i = 0;
            foreach (var item in items) AssertNoCompilationObjects(item, $"{path}[{i++}]", seen);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertNoCompilationObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
    }
}

/// <summary>An in-memory additional file, as MSBuild's AdditionalFiles would pass it.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(text);
}
