using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace NetGen.Package.Tests;

/// <summary>
/// Packs src/NetGen once per test run into a fresh temporary feed, with a version no earlier run can have used,
/// so no cached package can stand in for it. Nothing is written into the repository: build outputs go to a
/// temporary artifacts folder too.
/// </summary>
public sealed class PackedNetGen : IDisposable
{
    public string RepoRoot { get; }
    public string WorkRoot { get; }
    public string Feed { get; }
    public string Version { get; }
    public string PackagePath { get; }
    public TimeSpan PackDuration { get; }
    public string PackOutput { get; }

    public PackedNetGen()
    {
        RepoRoot = FindRepoRoot();
        WorkRoot = Path.Combine(Path.GetTempPath(), $"netgen-package-tests-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Feed = Path.Combine(WorkRoot, "feed");
        Directory.CreateDirectory(Feed);
        Version = $"0.0.0-pkgtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

        var stopwatch = Stopwatch.StartNew();
        var pack = DotNetProcess.RunChecked(RepoRoot,
        [
            "pack", Path.Combine(RepoRoot, "src", "NetGen", "NetGen.csproj"),
            "-c", "Release",
            "-o", Feed,
            "--artifacts-path", Path.Combine(WorkRoot, "artifacts"),
            "--disable-build-servers",
            $"-p:Version={Version}",
        ]);
        PackDuration = stopwatch.Elapsed;
        PackOutput = pack.Output;
        PackagePath = Path.Combine(Feed, $"NetGen.{Version}.nupkg");
        Assert.True(File.Exists(PackagePath), $"Expected {PackagePath} after packing. {pack}");
    }

    public IReadOnlyList<string> Entries()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        return zip.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    public XDocument Nuspec()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No NetGen.sln above {AppContext.BaseDirectory}.");
    }

    public void Dispose()
    {
        try { Directory.Delete(WorkRoot, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedNetGen>
{
    public const string Name = "Packed NetGen";
}
