using NetGen.TestSupport;

namespace NetGen.Tests.Generator.Onnx;

/// <summary>
/// The build route of ONNX models (src/NetGen/build/NetGen.targets), run by MSBuild itself: each .onnx AdditionalFiles
/// item is replaced by its text copy, the copy is exactly what the in-memory tests feed the generator
/// (<see cref="OnnxTestModels.Encode"/>), and an unchanged model is not written again (the compiler stays up to date).
/// </summary>
public class OnnxBuildRouteTests
{
    [Fact]
    public void NetGen_targets_swap_each_onnx_additional_file_for_the_copy_the_generator_reads()
    {
        string folder = Path.Combine(Path.GetTempPath(), "netgen-onnx-route-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            const string name = "relu_sigmoid_nobias_4_6_1";
            string model = Path.Combine(folder, "models", name + ".onnx");
            Directory.CreateDirectory(Path.GetDirectoryName(model)!);
            File.Copy(Path.Combine(OnnxTestModels.Folder, name + ".onnx"), model);
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a model");
            string targets = Path.Combine(RepoPaths.Root, "src", "NetGen", "build", "NetGen.targets");
            // A bare MSBuild project (no SDK, no restore): the targets run before its stand-in CoreCompile, which
            // records the AdditionalFiles the compiler would get.
            File.WriteAllText(Path.Combine(folder, "route.proj"), $"""
                <Project>
                  <PropertyGroup><IntermediateOutputPath>obj/</IntermediateOutputPath></PropertyGroup>
                  <ItemGroup>
                    <AdditionalFiles Include="models/{name}.onnx" />
                    <AdditionalFiles Include="notes.txt" />
                  </ItemGroup>
                  <Import Project="{targets}" />
                  <Target Name="CoreCompile">
                    <WriteLinesToFile File="compiler-sees.txt" Lines="@(AdditionalFiles->'%(FullPath)')" Overwrite="true" />
                  </Target>
                </Project>
                """);

            DotNetProcess.RunChecked(folder, ["msbuild", "route.proj", "-t:CoreCompile", "-nologo", "-nodeReuse:false"]);
            var seen = File.ReadAllLines(Path.Combine(folder, "compiler-sees.txt"));
            Assert.Equal(2, seen.Length);
            Assert.Contains(Path.Combine(folder, "notes.txt"), seen);
            string copy = Assert.Single(seen, p => p != Path.Combine(folder, "notes.txt"));
            Assert.StartsWith(Path.Combine(folder, "obj", "netgen-onnx", name + "."), copy);
            Assert.Equal(OnnxTestModels.Encode(model, File.ReadAllBytes(model)), File.ReadAllText(copy));

            // The copy, handed to the generator as the compiler would, bakes the model.
            var result = GeneratorHarness.Run([new InMemoryAdditionalText(copy, File.ReadAllText(copy))],
                OnnxTestModels.Declaration(name).Replace("models/net.onnx", $"models/{name}.onnx"));
            Assert.Empty(result.GeneratorDiagnostics);
            Assert.Contains(result.Run.Results.SelectMany(r => r.GeneratedSources), s => s.HintName.EndsWith(".Baked.g.cs", StringComparison.Ordinal));

            // A second build leaves an unchanged copy alone, so CoreCompile's inputs stay older than its outputs.
            var written = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(copy, written);
            DotNetProcess.RunChecked(folder, ["msbuild", "route.proj", "-t:CoreCompile", "-nologo", "-nodeReuse:false"]);
            Assert.Equal(written, File.GetLastWriteTimeUtc(copy));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
