using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Package.Tests;

/// <summary>
/// The README's quick start is a program a newcomer pastes into a new project: it is samples/NetGen.QuickStart
/// verbatim, and it builds and runs both there (project references) and in a fresh console project against the
/// packed NetGen (the README's route (a)), learning well beyond chance.
/// </summary>
[Collection(PackageCollection.Name)]
public class QuickStartTests(PackedNetGen package, ITestOutputHelper output)
{
    private const string Begin = "<!-- quick-start:begin", End = "<!-- quick-start:end -->";

    /// <summary>Three classes: a third of the test points by chance, so 90% is learning.</summary>
    private const double RequiredAccuracy = 0.90;

    private string SamplePath => Path.Combine(package.RepoRoot, "samples", "NetGen.QuickStart", "Program.cs");

    /// <summary>The C# between the README's quick-start markers.</summary>
    private string ReadmeSnippet()
    {
        string readme = Normalize(File.ReadAllText(Path.Combine(package.RepoRoot, "README.md")));
        int begin = readme.IndexOf(Begin, StringComparison.Ordinal), end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"README.md has no '{Begin} ... {End}' block.");
        string block = readme[begin..end];
        var code = Regex.Match(block, "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(code.Success, "The quick-start block in README.md has no ```csharp fence.");
        return code.Groups[1].Value;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    [Fact]
    public void Readme_quick_start_is_the_sample_program_verbatim()
    {
        string snippet = ReadmeSnippet();
        string sample = Normalize(File.ReadAllText(SamplePath));
        Assert.True(snippet == sample,
            $"README.md's quick start and samples/NetGen.QuickStart/Program.cs differ; make them the same text.\n--- README:\n{snippet}\n--- sample:\n{sample}");
        // A newcomer pastes it as a whole Program.cs: top-level statements first, then the network declaration.
        Assert.True(snippet.IndexOf("[Network(", StringComparison.Ordinal) > snippet.IndexOf("new RingNet()", StringComparison.Ordinal));
    }

    [Fact]
    public void Readme_quick_start_runs_in_a_fresh_project_against_the_package()
    {
        string project = Path.Combine(package.WorkRoot, "quickstart");
        Directory.CreateDirectory(project);
        // What `dotnet new console` writes, plus the reference `dotnet add package NetGen --version ...` adds.
        File.WriteAllText(Path.Combine(project, "QuickStart.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NetGen" Version="{package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), ReadmeSnippet());
        File.WriteAllText(Path.Combine(project, "nuget.config"), ConsumerTests.NuGetConfig(package.Feed));
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(project, name), "<Project />");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(package.WorkRoot, "packages") };

        var run = DotNetProcess.Run(project, ["run", "-c", "Release", "--disable-build-servers"], environment);
        output.WriteLine(run.ToString());
        AssertLearned(run);
        Assert.True(File.Exists(Path.Combine(project, "rings.ngw")), "The quick start saves its network.");
    }

    [Fact]
    public void The_sample_runs_with_dotnet_run()
    {
        string folder = Path.Combine(package.WorkRoot, "sample-run");
        Directory.CreateDirectory(folder); // the working folder, where the sample writes rings.ngw
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var run = DotNetProcess.Run(folder,
            ["run", "--project", Path.Combine(package.RepoRoot, "samples", "NetGen.QuickStart"), "-c", configuration]);
        output.WriteLine(run.ToString());
        AssertLearned(run);
    }

    private static void AssertLearned(DotNetProcess.Result run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var accuracy = Regex.Match(run.Output, @"^Test accuracy: ([0-9]+(?:[.,][0-9]+)?) ?%", RegexOptions.Multiline);
        Assert.True(accuracy.Success, "No 'Test accuracy: ...%' line. " + run);
        double percent = double.Parse(accuracy.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        Assert.True(percent >= RequiredAccuracy * 100, $"Test accuracy {percent}% is below {RequiredAccuracy:P0}. {run}");
        Assert.Matches(@"is in ring [0-2]: p = ", run.Output);
    }
}
