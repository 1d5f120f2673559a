using Microsoft.CodeAnalysis;
using NetGen.Generator;

namespace NetGen.Tests.Generator;

/// <summary>The generator side of baked inference: diagnostics for bad weights files, the emitted code, caching.</summary>
public class BakedGeneratorTests
{
    private const string Declaration = """
        using NetGen;
        namespace Demo;
        [Network(Loss.HalfSquaredError, BakedWeights = "weights/xor.txt")]
        [Input(2)]
        [Dense(2, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet;
        """;

    private static readonly NetworkArchitecture Xor = new(2, Loss.HalfSquaredError, Precision.Single,
        new LayerDescription(2, Activation.Tanh, true, 0.01), new LayerDescription(1, Activation.Sigmoid, true, 0.01));

    /// <summary>A valid text file for <see cref="Declaration"/> with weights 0.5, -0.25, 0.125, ... (exact in float).</summary>
    private static string ValidText(NetworkArchitecture? architecture = null)
    {
        architecture ??= Xor;
        var parameters = Enumerable.Range(0, architecture.ParameterCount).Select(k => (k % 2 == 0 ? 1 : -1) * MathF.Pow(2, -(k % 5) - 1)).ToArray();
        return NetworkFile.FormatText<float>(architecture, parameters);
    }

    private static AdditionalText File(string text, string path = "/project/weights/xor.txt") => new InMemoryAdditionalText(path, text);

    public static TheoryData<string, string, string> Cases => new()
    {
        // id, file text (null: no additional file), what the message must say
        { "NG0020", "", "AdditionalFiles" },
        { "NG0021", "netgen-weights 1\nfingerprint x\ninput two\n", "line 3" },
        { "NG0021", ValidText().Replace("0.5 ", "0.75 "), "checksum" },
        { "NG0022", ValidText(new NetworkArchitecture(2, Loss.HalfSquaredError, Precision.Single,
            new LayerDescription(3, Activation.Tanh, true, 0.01), new LayerDescription(1, Activation.Sigmoid, true, 0.01))),
            "layer 1 has 3 neurons in the file but 2 in the declaration" },
        { "NG0022", ValidText(new NetworkArchitecture(2, Loss.HalfSquaredError, Precision.Single,
            new LayerDescription(2, Activation.ReLU, true, 0.01), new LayerDescription(1, Activation.Sigmoid, true, 0.01))),
            "layer 1 uses ReLU in the file but Tanh in the declaration" },
        // NaN is reported while the numbers are read, before the checksum is checked.
        { "NG0023", ValidText().Replace("\n0.5 ", "\nNaN "), "NaN" },
        { "NG0024", "", "1048576" },
        // Declared BakedWeights = "" (the test method puts the text in the declaration): an empty path is reported.
        { "NG0040", "", "is empty" },
        // Two AdditionalFiles named weights/xor.txt in different folders: the message names both.
        { "NG0041", ValidText(), "'/project/b/weights/xor.txt'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_weights_file_gets_its_diagnostic_on_the_network_attribute(string id, string text, string messagePart)
    {
        string source = id == "NG0024"
            ? Declaration.Replace("[Input(2)]", "[Input(1100)]").Replace("[Dense(2, Activation.Tanh)]", "[Dense(1000, Activation.Tanh)]")
            : Declaration;
        if (id == "NG0040") source = Declaration.Replace("\"weights/xor.txt\"", "\"" + text + "\"");
        var files = id switch
        {
            "NG0020" => Array.Empty<AdditionalText>(),
            "NG0024" => new[] { File("netgen-weights 1") },
            "NG0040" => new[] { File(ValidText()) },
            "NG0041" => new[] { File(text, "/project/a/weights/xor.txt"), File(text, "/project/b/weights/xor.txt") },
            _ => new[] { File(text) },
        };
        var result = GeneratorHarness.Run(files, source);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == id);
        Assert.Contains(messagePart, diagnostic.GetMessage());
        var tree = result.Output.SyntaxTrees.First(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        Assert.StartsWith("Network(", tree.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.DoesNotContain(result.Run.Results.SelectMany(r => r.GeneratedSources), GeneratorHarness.IsBaked);
        // The trainable network is still generated, so the user's other code keeps compiling.
        Assert.Contains(result.Run.Results.SelectMany(r => r.GeneratedSources), s => GeneratorHarness.WithoutHash(s.HintName) == "Demo.XorNet.g.cs");
    }

    [Fact]
    public void Valid_file_is_baked_into_literals_and_compiles_cleanly()
    {
        var result = GeneratorHarness.Run(new[] { File(ValidText()) }, Declaration);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        Snapshot.Verify(result.GeneratedSource(".Baked.g.cs"), "Baked_xor_2_2_1");
    }

    /// <summary>BakedWeights values that cannot name a file: each is NG0040, never silently ignored.</summary>
    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("\\t", "is empty")]
    [InlineData("weights/", "names a folder")]
    [InlineData("weights\\\\", "names a folder")]
    [InlineData("./", "names a folder")]
    [InlineData(".", "names no file")]
    [InlineData("../weights/xor.txt", "'..'")]
    [InlineData("weights/../xor.txt", "'..'")]
    [InlineData("xor?.txt", "'?'")]
    [InlineData("x*.txt", "'*'")]
    [InlineData("a|b.txt", "'|'")]
    [InlineData("xor.txt\\n", "control character")]
    [InlineData(" xor.txt", "white space")]
    public void Unusable_BakedWeights_path_is_an_error(string declared, string messagePart)
    {
        var result = GeneratorHarness.Run(new[] { File(ValidText()) }, Declaration.Replace("\"weights/xor.txt\"", "\"" + declared + "\""));
        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "NG0040");
        Assert.Contains(messagePart, diagnostic.GetMessage());
        Assert.DoesNotContain(result.Run.Results.SelectMany(r => r.GeneratedSources), GeneratorHarness.IsBaked);
    }

    /// <summary>The matching rule (docs/diagnostics.md): whole trailing path segments, '/' = '\\', case-insensitive, rooted = full path.</summary>
    [Theory]
    [InlineData("weights/xor.txt", "/project/weights/xor.txt", true)]
    [InlineData("xor.txt", "/project/weights/xor.txt", true)]
    [InlineData("./weights/xor.txt", "/project/weights/xor.txt", true)]
    [InlineData("WEIGHTS\\\\Xor.TXT", "/project/weights/xor.txt", true)]
    [InlineData("weights/xor.txt", "C:\\proj\\weights\\xor.txt", true)]
    [InlineData("/project/weights/xor.txt", "/project/weights/xor.txt", true)]
    [InlineData("eights/xor.txt", "/project/weights/xor.txt", false)]
    [InlineData("or.txt", "/project/weights/xor.txt", false)]
    [InlineData("/weights/xor.txt", "/project/weights/xor.txt", false)]
    [InlineData("project/weights/xor.txt/more", "/project/weights/xor.txt", false)]
    public void BakedWeights_matches_whole_trailing_path_segments(string declared, string filePath, bool matches)
    {
        var result = GeneratorHarness.Run(new[] { File(ValidText(), filePath) }, Declaration.Replace("\"weights/xor.txt\"", "\"" + declared + "\""));
        Assert.Equal(matches ? Array.Empty<string>() : new[] { "NG0020" }, result.Ids.ToArray());
        Assert.Equal(matches, result.Run.Results.SelectMany(r => r.GeneratedSources).Any(GeneratorHarness.IsBaked));
    }

    [Fact]
    public void More_folders_resolve_an_ambiguous_name()
    {
        var files = new[] { File(ValidText(), "/project/a/weights/xor.txt"), File(ValidText(), "/project/b/weights/xor.txt") };
        Assert.Single(GeneratorHarness.Run(files, Declaration).GeneratorDiagnostics, d => d.Id == "NG0041");
        var result = GeneratorHarness.Run(files, Declaration.Replace("\"weights/xor.txt\"", "\"b/weights/xor.txt\""));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains(result.Run.Results.SelectMany(r => r.GeneratedSources), GeneratorHarness.IsBaked);
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results[0].TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results[0].TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void Editing_unrelated_code_keeps_the_baked_network_cached()
    {
        var compilation = GeneratorHarness.Compile(Declaration, "namespace Demo; class Other { int X => 1; }");
        var driver = GeneratorHarness.CreateDriver(File(ValidText())).RunGenerators(compilation);
        var other = compilation.SyntaxTrees.Last();
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(other,
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Demo; class Other { int X => 2; }", GeneratorHarness.ParseOptions, other.FilePath)));
        Assert.All(Reasons(driver, NetworkGenerator.TrackingNames.Bake), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(OutputReasons(driver), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Editing_one_weights_file_regenerates_only_that_networks_baked_code()
    {
        string second = Declaration.Replace("XorNet", "OtherNet").Replace("weights/xor.txt", "weights/other.txt");
        var compilation = GeneratorHarness.Compile(Declaration, second);
        var xorFile = File(ValidText());
        var otherFile = File(ValidText(), "/project/weights/other.txt");
        var driver = GeneratorHarness.CreateDriver(xorFile, otherFile).RunGenerators(compilation);
        string otherBefore = driver.GetRunResult().GeneratedTrees.Single(t => GeneratorHarness.WithoutHash(t.FilePath).EndsWith("OtherNet.Baked.g.cs")).ToString();

        var edited = Enumerable.Range(0, Xor.ParameterCount).Select(k => k * 0.0625f).ToArray();
        driver = driver.ReplaceAdditionalText(xorFile, File(NetworkFile.FormatText<float>(Xor, edited))).RunGenerators(compilation);

        var bake = Reasons(driver, NetworkGenerator.TrackingNames.Bake).ToList();
        Assert.Equal(1, bake.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, bake.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
        var trees = driver.GetRunResult().GeneratedTrees;
        Assert.Equal(otherBefore, trees.Single(t => GeneratorHarness.WithoutHash(t.FilePath).EndsWith("OtherNet.Baked.g.cs")).ToString());
        Assert.Contains("0.0625f", trees.Single(t => GeneratorHarness.WithoutHash(t.FilePath).EndsWith("XorNet.Baked.g.cs")).ToString());
        // The trainable networks' own step never saw the weights file.
        Assert.All(Reasons(driver, NetworkGenerator.TrackingNames.Parse), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    /// <summary>
    /// The baked Predict's stack buffer follows the runtime's one scratch policy: the scratch the pass needs, at most
    /// <see cref="ScratchBuffer.StackLimit"/> elements (the generator's plan has its own copy of the limit).
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(511)]
    [InlineData(600)]
    public void Baked_stack_scratch_is_capped_at_the_runtime_limit(int hidden)
    {
        var architecture = new NetworkArchitecture(2, Loss.HalfSquaredError, Precision.Single,
            new LayerDescription(hidden, Activation.Tanh, true, 0.01), new LayerDescription(1, Activation.Sigmoid, true, 0.01));
        var result = GeneratorHarness.Run(new[] { File(ValidText(architecture)) }, Declaration.Replace("[Dense(2, Activation.Tanh)]", $"[Dense({hidden}, Activation.Tanh)]"));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        int scratch = 2 * hidden + 2;
        Assert.Contains($"ScratchBuffer.For({scratch}, stackalloc float[{Math.Min(scratch, ScratchBuffer.StackLimit)}])", result.GeneratedSource("Baked.g.cs"));
    }
}
