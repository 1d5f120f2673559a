using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;

namespace NetGen.Tests.Generator;

/// <summary>The pipeline re-emits a network only when its declaration changes.</summary>
public class CachingTests
{
    private const string Network = """
        using NetGen;
        namespace Demo;
        [Network(Loss.CrossEntropy)]
        [Input(4)]
        [Dense(8, Activation.Tanh)]
        [Dense(3, Activation.Softmax)]
        public partial class IrisNet
        {
            public int Helper() => 1;
        }
        """;

    private const string Other = "namespace Demo; public class Other { public int Value => 1; }";

    private static (GeneratorDriver Driver, Compilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compile(Network, Other);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static IEnumerable<IncrementalStepRunReason> ParseReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results[0].TrackedSteps[NetworkGenerator.TrackingNames.Parse]
            .SelectMany(step => step.Outputs).Select(output => output.Reason);

    private static Compilation Replace(Compilation compilation, int treeIndex, string newText)
    {
        var tree = compilation.SyntaxTrees.ElementAt(treeIndex);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(newText, GeneratorHarness.ParseOptions, tree.FilePath));
    }

    [Fact]
    public void Editing_unrelated_code_keeps_the_network_cached()
    {
        var (driver, compilation) = FirstRun();
        var edited = Replace(compilation, 1, Other.Replace("Value => 1", "Value => 2"));
        driver = driver.RunGenerators(edited);
        Assert.All(ParseReasons(driver), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(driver.GetRunResult().Results[0].TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_a_member_of_the_network_class_leaves_the_spec_unchanged()
    {
        var (driver, compilation) = FirstRun();
        var edited = Replace(compilation, 0, Network.Replace("Helper() => 1", "Helper() => 2"));
        driver = driver.RunGenerators(edited);
        Assert.All(ParseReasons(driver), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Moving_the_class_down_the_file_leaves_the_spec_unchanged()
    {
        var (driver, compilation) = FirstRun();
        var edited = Replace(compilation, 0, Network.Replace("namespace Demo;", "namespace Demo;\n\n// a comment that moves the class\n\n"));
        driver = driver.RunGenerators(edited);
        Assert.All(ParseReasons(driver), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Changing_a_layer_size_modifies_the_spec()
    {
        var (driver, compilation) = FirstRun();
        var edited = Replace(compilation, 0, Network.Replace("Dense(8,", "Dense(9,"));
        driver = driver.RunGenerators(edited);
        Assert.Contains(IncrementalStepRunReason.Modified, ParseReasons(driver));
        Assert.Contains("Layer1Size = 9", driver.GetRunResult().GeneratedTrees.Single().ToString());
    }

    [Fact]
    public void Parsing_twice_gives_equal_specs_and_no_compilation_objects()
    {
        var first = FirstRun().Driver.GetRunResult().Results[0].TrackedSteps[NetworkGenerator.TrackingNames.Parse];
        var second = FirstRun().Driver.GetRunResult().Results[0].TrackedSteps[NetworkGenerator.TrackingNames.Parse];
        var a = first.SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        var b = second.SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Equal(a, b);
        Assert.Equal(a.Select(x => x.GetHashCode()), b.Select(x => x.GetHashCode()));
        foreach (var value in a) GeneratorHarness.AssertNoCompilationObjects(value, "Parse");
    }
}
