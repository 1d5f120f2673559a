using System.Xml.Linq;

namespace NetGen.Package.Tests;

/// <summary>What is inside the .nupkg: the runtime per target framework, the generator (and Google.Protobuf, which
/// it loads) as an analyzer, the ONNX build step, metadata,
/// and no dependency on the compiler packages the generator was built against.</summary>
[Collection(PackageCollection.Name)]
public class PackageLayoutTests(PackedNetGen package, ITestOutputHelper output)
{
    [Fact]
    public void Package_holds_the_runtime_for_each_framework_and_the_generator_as_an_analyzer()
    {
        var entries = package.Entries();
        output.WriteLine($"Packed {Path.GetFileName(package.PackagePath)} in {package.PackDuration.TotalSeconds:F1} s:");
        foreach (var entry in entries) output.WriteLine("  " + entry);

        Assert.Contains("lib/net8.0/NetGen.dll", entries);
        Assert.Contains("lib/net10.0/NetGen.dll", entries);
        Assert.Contains("lib/net8.0/NetGen.xml", entries);
        Assert.Contains("lib/net10.0/NetGen.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/NetGen.Generator.dll", entries);
        Assert.Contains("PACKAGE.md", entries);

        // The generator is an analyzer only: never a lib/ reference, and Roslyn itself is never shipped.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        // Google.Protobuf reads ONNX models for BakedWeights; the compiler loads it from beside the generator.
        Assert.Equal(["analyzers/dotnet/cs/Google.Protobuf.dll", "analyzers/dotnet/cs/NetGen.Generator.dll"],
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)));
        // The build step that hands .onnx AdditionalFiles to the generator, for direct and transitive references.
        Assert.Contains("build/NetGen.targets", entries);
        Assert.Contains("buildTransitive/NetGen.targets", entries);
    }

    [Fact]
    public void Nuspec_depends_only_on_the_runtime_dependencies_and_carries_the_metadata()
    {
        var nuspec = package.Nuspec();
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        output.WriteLine(nuspec.ToString());

        Assert.Equal("NetGen", metadata.Element(ns + "id")?.Value);
        Assert.Equal(package.Version, metadata.Element(ns + "version")?.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
        Assert.Equal("PACKAGE.md", metadata.Element(ns + "readme")?.Value);
        Assert.StartsWith("https://", metadata.Element(ns + "projectUrl")?.Value);
        Assert.StartsWith("https://", metadata.Element(ns + "repository")?.Attribute("url")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        Assert.Contains("source-generator", metadata.Element(ns + "tags")?.Value);

        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToList();
        Assert.Equal(["net10.0", "net8.0"], groups.Select(g => g.Attribute("targetFramework")!.Value).Order(StringComparer.Ordinal));
        foreach (var group in groups)
        {
            var ids = group.Elements(ns + "dependency").Select(d => d.Attribute("id")!.Value).Order(StringComparer.Ordinal).ToList();
            // Google.Protobuf reads and writes ONNX models (src/NetGen/Interop).
            Assert.Equal(["Google.Protobuf", "System.Numerics.Tensors"], ids);
        }
        var all = nuspec.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        Assert.DoesNotContain(all, id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(all, id => id.Contains("NetGen", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Symbols_package_holds_the_runtime_pdbs()
    {
        string snupkg = Path.ChangeExtension(package.PackagePath, ".snupkg");
        Assert.True(File.Exists(snupkg), $"Expected {snupkg}");
        using var zip = System.IO.Compression.ZipFile.OpenRead(snupkg);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net8.0/NetGen.pdb", names);
        Assert.Contains("lib/net10.0/NetGen.pdb", names);
    }
}
