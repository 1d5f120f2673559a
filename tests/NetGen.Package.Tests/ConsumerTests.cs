using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace NetGen.Package.Tests;

/// <summary>
/// A user's first experience: a fresh console project outside the repository references the packed NetGen by
/// version, declares two networks and bakes a PyTorch ONNX model, builds for net10.0 and net8.0 with warnings as
/// errors, and runs.
/// </summary>
[Collection(PackageCollection.Name)]
public class ConsumerTests(PackedNetGen package, ITestOutputHelper output)
{
    private const string Networks = """
        using NetGen;

        namespace Consumer;

        [Network(Loss.HalfSquaredError, LearningRate = 0.5)]
        [Input(2)]
        [Dense(4, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet;

        [Network(Loss.CrossEntropy, LearningRate = 0.05)]
        [Input(4)]
        [Dense(8, Activation.Tanh)]
        [Dense(3, Activation.Softmax)]
        public partial class ThreeClassNet;

        // A PyTorch model compiled in: the package's build step hands the .onnx file to the generator, which reads it
        // with Google.Protobuf loaded from beside it in the compiler.
        [Network(Loss.CrossEntropy, BakedWeights = "models/prelu_softmax_6_9_4.onnx")]
        [Input(6)]
        [Dense(9, Activation.PReLU)]
        [Dense(4, Activation.Softmax)]
        public partial class PyTorchNet;
        """;

    /// <summary>The baked PyTorch model's example model, its JSON (inputs and PyTorch's outputs) beside it.</summary>
    private const string OnnxModel = "prelu_softmax_6_9_4";

    /// <summary>Runs <c>PyTorchNet.Baked</c> on the JSON's input rows and prints each output row, round-trip.</summary>
    private static string OnnxCheck(double[][] rows)
    {
        string literal = string.Join(",\n        ", rows.Select(r => "new float[] { " + string.Join(", ", r.Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture) + "f")) + " }"));
        return $$"""
            using System.Globalization;

            namespace Consumer;

            internal static class OnnxCheck
            {
                private static readonly float[][] Rows =
                {
                    {{literal}}
                };

                public static void Run()
                {
                    var output = new float[PyTorchNet.OutputSize];
                    for (int row = 0; row < Rows.Length; row++)
                    {
                        PyTorchNet.Baked.Predict(Rows[row], output);
                        Console.WriteLine($"onnx row {row}: {string.Join(" ", output.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}");
                    }
                }
            }
            """;
    }

    private const string Program = """
        using System.Globalization;
        using Consumer;

        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        int failures = 0;

        // XOR: train with TrainStep until every sample is on the right side of 0.5 with a margin. The weights are
        // drawn here (uniform in [-1, 1], seeded) so the check does not hinge on the default initializer; a run that
        // lands in XOR's flat region is restarted with the next seed, as a user would.
        float[][] xs = [[0, 0], [0, 1], [1, 0], [1, 1]];
        float[] ys = [0, 1, 1, 0];
        var xor = new XorNet();
        float[] y = new float[XorNet.OutputSize];
        int epochs = 0, restarts = 0;
        bool learned = false;
        for (int seed = 1; seed <= 5 && !learned; seed++, restarts++)
        {
            var random = new Random(seed);
            for (int k = 0; k < xor.Parameters.Length; k++) xor.Parameters[k] = (float)(random.NextDouble() * 2 - 1);
            for (epochs = 0; epochs < 5_000 && !learned; epochs++)
            {
                for (int i = 0; i < xs.Length; i++) xor.TrainStep(xs[i], [ys[i]]);
                learned = true;
                for (int i = 0; i < xs.Length; i++)
                {
                    xor.Predict(xs[i], y);
                    learned &= Math.Abs(y[0] - ys[i]) < 0.2f;
                }
            }
        }
        for (int i = 0; i < xs.Length; i++)
        {
            xor.Predict(xs[i], y);
            Console.WriteLine($"xor({xs[i][0]},{xs[i][1]}) = {y[0]:F3}");
        }
        Console.WriteLine(learned ? $"XOR LEARNED after {epochs} epochs ({restarts - 1} restarts)" : $"XOR FAILED after {restarts} restarts");
        if (!learned) failures++;

        // Softmax: outputs are a probability distribution, before and after training with class labels.
        var classes = new ThreeClassNet();
        float[] probabilities = new float[ThreeClassNet.OutputSize];
        float[] sample = [0.5f, -1.25f, 2f, 0.1f];
        for (int step = 0; step < 50; step++) classes.TrainStep(sample, label: 2);
        classes.Predict(sample, probabilities);
        float sum = probabilities.Sum();
        bool distribution = Math.Abs(sum - 1f) < 1e-5f && probabilities.All(p => p >= 0 && p <= 1);
        Console.WriteLine($"softmax = [{string.Join(", ", probabilities.Select(p => p.ToString("F4")))}], sum = {sum:F6}");
        Console.WriteLine(distribution && probabilities[2] > 0.5f ? "SOFTMAX OK" : "SOFTMAX FAILED");
        if (!(distribution && probabilities[2] > 0.5f)) failures++;

        // The runtime checks ship too: a wrong span length is reported, not read past.
        try
        {
            xor.Predict(new float[3], y);
            Console.WriteLine("GUARD FAILED: no exception");
            failures++;
        }
        catch (ArgumentException e)
        {
            Console.WriteLine($"GUARD OK: {e.GetType().Name}: {e.Message}");
        }

        OnnxCheck.Run();

        Console.WriteLine($"parameters: XorNet {XorNet.ParameterCount}, ThreeClassNet {ThreeClassNet.ParameterCount}");
        return failures;
        """;

    private static string ProjectFile(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="NetGen" Version="{version}" />
            <AdditionalFiles Include="models/{OnnxModel}.onnx" />
          </ItemGroup>
        </Project>
        """;

    private static string NuGetConfig(string feed)
    {
        // Packages the machine already has (System.Numerics.Tensors, targeting packs) are read from the user's
        // global folder without copying; NetGen's unique version can only come from the fresh feed.
        string global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string fallback = Directory.Exists(global)
            ? $"""<fallbackPackageFolders><clear /><add key="machine" value="{global}" /></fallbackPackageFolders>"""
            : "<fallbackPackageFolders><clear /></fallbackPackageFolders>";
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="netgen-test-feed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              {fallback}
            </configuration>
            """;
    }

    [Fact]
    public void Fresh_console_project_builds_for_net10_and_net8_and_runs_against_the_package()
    {
        var stopwatch = Stopwatch.StartNew();
        string project = Path.Combine(package.WorkRoot, "consumer");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), ProjectFile(package.Version));
        File.WriteAllText(Path.Combine(project, "Networks.cs"), Networks);
        File.WriteAllText(Path.Combine(project, "Program.cs"), Program);
        File.WriteAllText(Path.Combine(project, "nuget.config"), NuGetConfig(package.Feed));
        string onnxFolder = Path.Combine(package.RepoRoot, "..", "shared", "data", "onnx");
        Directory.CreateDirectory(Path.Combine(project, "models"));
        File.Copy(Path.Combine(onnxFolder, OnnxModel + ".onnx"), Path.Combine(project, "models", OnnxModel + ".onnx"));
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(onnxFolder, OnnxModel + ".json")));
        double[][] Rows(string name) => reference.RootElement.GetProperty(name).EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        File.WriteAllText(Path.Combine(project, "OnnxCheck.cs"), OnnxCheck(Rows("x")));
        // Stop MSBuild from picking up any Directory.*.props/targets above the temporary folder.
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />");

        // A fresh packages folder: the NetGen used here is the one just packed, never a cached copy.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(package.WorkRoot, "packages") };

        var build = DotNetProcess.RunChecked(project, ["build", "-c", "Release", "--disable-build-servers"], environment);
        output.WriteLine(build.ToString());
        Assert.True(Directory.Exists(Path.Combine(package.WorkRoot, "packages", "netgen", package.Version)),
            $"NetGen {package.Version} was not restored into the fresh packages folder. {build}");

        foreach (string framework in new[] { "net10.0", "net8.0" })
        {
            Assert.True(File.Exists(Path.Combine(project, "bin", "Release", framework, "Consumer.dll")), $"No {framework} build. {build}");
            string generated = Path.Combine(project, "obj", "Release", framework, "generated", "NetGen.Generator",
                "NetGen.Generator.NetworkGenerator");
            // Hint names end in a hash of the exact name (Consumer.XorNet.1a2b3c4d.g.cs): names differing in case stay apart.
            Assert.True(Directory.Exists(generated) && Directory.EnumerateFiles(generated, "Consumer.XorNet.*.g.cs").Any(),
                $"The packaged generator did not run for {framework}: nothing in {generated}. {build}");
        }

        var run = DotNetProcess.Run(project, [Path.Combine(project, "bin", "Release", "net10.0", "Consumer.dll")], environment);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("XOR LEARNED", run.Output);
        Assert.Contains("SOFTMAX OK", run.Output);
        Assert.Contains("GUARD OK: ArgumentException", run.Output);
        // The baked PyTorch model gives PyTorch's outputs (its JSON) within 1e-5.
        var expected = Rows("y");
        for (int row = 0; row < expected.Length; row++)
        {
            string line = run.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith($"onnx row {row}: ", StringComparison.Ordinal));
            double[] got = line[(line.IndexOf(':') + 2)..].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected[row].Length, got.Length);
            for (int j = 0; j < got.Length; j++)
                Assert.True(Math.Abs(got[j] - expected[row][j]) <= 1e-5, $"{OnnxModel} row {row} output {j}: baked {got[j]}, PyTorch {expected[row][j]}");
        }
        output.WriteLine($"Consumer test: pack {package.PackDuration.TotalSeconds:F1} s (shared), restore+build+run {stopwatch.Elapsed.TotalSeconds:F1} s.");
    }
}
