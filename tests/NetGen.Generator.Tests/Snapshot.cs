using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace NetGen.Tests.Generator;

/// <summary>
/// Snapshot assertions with Verify's conventions: the accepted text lives in <c>Snapshots/NAME.verified.cs</c>
/// beside the test; on a mismatch the new text is written to <c>NAME.received.cs</c> and the test fails with a
/// readable diff. Set <c>NETGEN_ACCEPT_SNAPSHOTS=1</c> to accept received text as verified.
/// The folder is found from the repository root, not from <see cref="CallerFilePathAttribute"/>: CI builds
/// (<c>ContinuousIntegrationBuild</c>) map source paths to <c>/_/</c>.
/// </summary>
internal static partial class Snapshot
{
    public const string AcceptVariable = "NETGEN_ACCEPT_SNAPSHOTS";

    private static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "NetGen.Generator.Tests", "Snapshots");

    public static void Verify(string actual, string name)
    {
        string verifiedPath = Path.Combine(Folder, name + ".verified.cs");
        string receivedPath = Path.Combine(Folder, name + ".received.cs");
        actual = Normalize(actual);

        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(Folder);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, actual);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        string message = verified is null
            ? $"No verified snapshot at {verifiedPath}. The output was written to {receivedPath}; review it and set {AcceptVariable}=1 to accept."
            : $"Snapshot {name} differs from {verifiedPath} (received: {receivedPath}; set {AcceptVariable}=1 to accept):\n{Diff(verified, actual)}";
        Assert.Fail(message);
    }

    /// <summary>Line ends and BOM; the generator's version in <c>[GeneratedCode]</c> is scrubbed so a release does not change every snapshot.</summary>
    private static string Normalize(string text) =>
        GeneratedCodeVersion().Replace(text.Replace("\r\n", "\n").TrimStart('\uFEFF'), "(\"NetGen\", \"{version}\")");

    [System.Text.RegularExpressions.GeneratedRegex(@"\(""NetGen"", ""[0-9.]+""\)")]
    private static partial System.Text.RegularExpressions.Regex GeneratedCodeVersion();

    private static string Diff(string expected, string actual)
    {
        var diff = new InlineDiffBuilder(new DiffPlex.Differ()).BuildDiffModel(expected, actual);
        var text = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < diff.Lines.Count && shown < 60; i++)
        {
            var line = diff.Lines[i];
            if (line.Type == ChangeType.Unchanged) continue;
            text.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").Append(line.Position is int p ? $"{p,5}: " : "       ").AppendLine(line.Text);
            shown++;
        }
        return text.ToString();
    }
}
