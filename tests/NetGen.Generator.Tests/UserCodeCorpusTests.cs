using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;
using Xunit.Abstractions;

namespace NetGen.Tests.Generator;

/// <summary>
/// User code that compiles without NetGen must never get an error or warning inside a generated file: each shape of
/// user code below either gets its network generated or an NG diagnostic on its declaration. The member names come
/// from the generator's own lists, so the corpus follows them when the generated code changes.
/// </summary>
public class UserCodeCorpusTests(ITestOutputHelper output)
{
    /// <summary>One small program and how it is compiled.</summary>
    public sealed record Shape(string Name, string[] Sources, LanguageVersion Version = LanguageVersion.Latest,
        bool WarningsAsErrors = false, bool NullableDisabled = false);

    private const string Attributes = "[Network(Loss.CrossEntropy)] [Input(2)] [Dense(3, Activation.Tanh)] [Dense(2, Activation.Softmax)]";

    private static string Net(string body = "", string name = "Net", string baseList = "", string modifiers = "public partial", string keyword = "class") =>
        $"{Attributes}\n{modifiers} {keyword} {name}{(baseList.Length > 0 ? " : " + baseList : "")} {{ {body} }}";

    private static string Program(string code, string ns = "namespace App;", string usings = "using NetGen;") => $"{usings}\n{ns}\n{code}\n";

    private static IReadOnlyCollection<string> GeneratedNames(string list) =>
        (IReadOnlyCollection<string>)typeof(NetworkGenerator).Assembly.GetType("NetGen.Generator.Model.GeneratedMembers")!
            .GetField(list, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    /// <summary>A member named <paramref name="name"/> of one of five kinds.</summary>
    private static string MemberOfKind(string name, int kind) => kind switch
    {
        0 => $"public int {name};",
        1 => $"public int {name} {{ get; set; }}",
        2 => $"public void {name}(string text, int extra) {{ }}",
        3 => $"public sealed class {name} {{ }}",
        _ => $"public event System.Action? {name};",
    };

    public static IEnumerable<Shape> Shapes()
    {
        var names = GeneratedNames("DeclaredInPartial").Concat(GeneratedNames("Inherited"))
            .Concat(new[] { "Layer1Size", "Layer3Size", "Layer40Size", "ForwardLayer1", "BackwardLayer2Part1" }).ToList();
        for (int i = 0; i < names.Count; i++)
        {
            // Every name once with a rotating kind, and the first names with every kind.
            foreach (int kind in i < 6 ? Enumerable.Range(0, 5) : new[] { i % 5 })
                yield return new Shape($"member {names[i]} kind {kind}", [Program(Net(MemberOfKind(names[i], kind)))]);
            yield return new Shape($"new member {names[i]}", [Program(Net("public new void " + names[i] + "(string text, int extra) { }"))]);
        }
        foreach (var name in new[] { "Model", "Architecture", "Parameters", "Predict", "InputSize", "Kernels", "Fit" })
            yield return new Shape($"class named {name}", [Program(Net(name: name))]);

        yield return new Shape("derives from a class with NetGen's member names",
            [Program("public class Base { public int InputSize; public void Predict() { } public int Parameters => 0; }\n" + Net(baseList: "Base"))]);
        yield return new Shape("derives from another network", [Program(Net(name: "First") + "\n" + Net(baseList: "First"))]);
        yield return new Shape("implements interfaces", [Program(Net("public void Dispose() { }", baseList: "System.IDisposable"))]);
        yield return new Shape("file class", [Program(Net(modifiers: "file partial"))]);
        yield return new Shape("file containing type", [Program("file partial class Outer { " + Net() + " }")]);
        yield return new Shape("partial struct", [Program(Net(keyword: "struct"))]);
        yield return new Shape("record", [Program(Net(keyword: "record"))]);
        yield return new Shape("record struct", [Program(Net(keyword: "record struct"))]);
        foreach (var version in new[] { LanguageVersion.CSharp7_3, LanguageVersion.CSharp8, LanguageVersion.CSharp9, LanguageVersion.CSharp10, LanguageVersion.Latest })
            yield return new Shape($"C# {version.ToDisplayString()}", [Program(Net(), ns: "namespace App {", usings: "using NetGen;") + "}"], version,
                NullableDisabled: version < LanguageVersion.CSharp8);
        foreach (var container in new[] { "partial struct", "partial record", "partial record struct", "partial interface", "static partial class", "partial class" })
            yield return new Shape($"nested in {container}", [Program($"public {container} Outer {{ {Net()} }}")]);
        yield return new Shape("global namespace", [Program(Net(), ns: "")]);
        yield return new Shape("namespace @event", [Program(Net(), ns: "namespace App.@event;")]);
        yield return new Shape("namespace with keywords", [Program(Net(name: "@class"), ns: "namespace @namespace.@public.@record;")]);
        yield return new Shape("Unicode names", [Program(Net(name: "Réseau") + "\n" + Net(name: "网络") + "\n" + Net(name: "Σ_1"), ns: "namespace Modèles.Ünïcode;")]);
        yield return new Shape("names differing in case",
            [Program(Net(name: "MyNet") + "\n" + Net(name: "Mynet")), Program(Net(), ns: "namespace Models.Mnist;"), Program(Net(), ns: "namespace Models.MNIST;")]);
        foreach (var shadow in new[] { "System", "NetGen", "Span", "ReadOnlySpan", "Math", "MathF", "Vector128", "Vector", "Unsafe", "MemoryMarshal", "Guard", "Dataset", "Array", "Float", "Single", "Double", "Int32" })
            yield return new Shape($"a type named {shadow} in the namespace", [Program($"public class {shadow} {{ }}\n" + Net())]);
        yield return new Shape("a namespace named System inside the network's",
            [Program("namespace System { public class Span { } }\n" + Net(), ns: "namespace App {") + "}"]);
        yield return new Shape("using aliases shadowing names",
            [Program(Net(), usings: "using NetGen;\nusing System = App.Fake;\nusing Span = App.Fake;\nusing MathF = App.Fake;\nusing Unsafe = App.Fake;"),
             "namespace App { public class Fake { } }"]);
        yield return new Shape("nullable disabled in the file", [Program("#nullable disable\n" + Net())]);
        yield return new Shape("nullable disabled in the project", [Program(Net())], NullableDisabled: true);
        yield return new Shape("warnings as errors", [Program(Net("public int Extra => 1;"))], WarningsAsErrors: true);
        yield return new Shape("warnings as errors, C# 8", [Program(Net(), ns: "namespace App {") + "}"], LanguageVersion.CSharp8, WarningsAsErrors: true);
        yield return new Shape("two partial declarations, attributes on one", [Program(Net()), Program("public partial class Net { public int Extra => 1; }")]);
        yield return new Shape("attributes on two partial declarations",
            [Program("[Network(Loss.CrossEntropy)] [Input(2)] public partial class Net { }"), Program("[Dense(2, Activation.Softmax)] public partial class Net { }")]);
        yield return new Shape("[Network] on two partial declarations", [Program(Net()), Program("[Network(Loss.CrossEntropy)] public partial class Net { }")]);
    }

    [Fact]
    public void No_user_code_shape_gets_a_problem_inside_generated_code()
    {
        var failures = new List<string>();
        int shapes = 0, generated = 0, reported = 0;
        foreach (var shape in Shapes())
        {
            shapes++;
            var parse = new CSharpParseOptions(shape.Version);
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: shape.NullableDisabled ? NullableContextOptions.Disable : NullableContextOptions.Enable,
                generalDiagnosticOption: shape.WarningsAsErrors ? ReportDiagnostic.Error : ReportDiagnostic.Default);
            var result = GeneratorHarness.RunWith(parse, options, shape.Sources);
            var generatedTrees = result.Run.GeneratedTrees.ToHashSet();
            var all = result.GeneratorDiagnostics.Concat(result.Output.GetDiagnostics()).ToList();

            foreach (var d in all.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } t && generatedTrees.Contains(t)))
                failures.Add($"{shape.Name}: {d.Id} in generated code: {d}");
            foreach (var d in all.Where(d => d.Id is "AD0001" or "CS8785"))
                failures.Add($"{shape.Name}: {d}");
            bool ngError = result.GeneratorDiagnostics.Any(d => d.Id.StartsWith("NG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
            if (generatedTrees.Count > 0) generated++;
            if (ngError || result.GeneratorDiagnostics.Any(d => d.Id.StartsWith("NG", StringComparison.Ordinal))) reported++;
            if (generatedTrees.Count == 0 && !ngError) failures.Add($"{shape.Name}: neither generated nor reported");
        }
        string summary = $"User-code corpus: {shapes} shapes, {generated} generated code, {reported} got an NG diagnostic; {failures.Count} failures.";
        output.WriteLine(summary);
        NetGen.Tests.TestCounts.Record(summary);
        Console.WriteLine(summary);
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(30)));
    }
}
