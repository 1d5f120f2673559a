using System.Globalization;
using Microsoft.CodeAnalysis;

namespace NetGen.Tests.Generator;

/// <summary>
/// LoadText and BakedWeights share one text reader: over a generated corpus of damaged files (each also re-sealed
/// with a correct checksum, so the grammar and not the checksum decides), the generator bakes exactly the files
/// LoadText accepts, and never throws.
/// </summary>
public class WeightsTextAgreementTests
{
    private const string Declaration = """
        using NetGen;
        namespace Demo;
        [Network(Loss.HalfSquaredError, BakedWeights = "w/net.txt")]
        [Input(3)]
        [Dense(4, Activation.PReLU)]
        [Dense(2, Activation.LeakyReLU, Slope = 0.1, Bias = false)]
        [Dense(1, Activation.Linear)]
        public partial class AgreeNet;
        """;

    private static readonly NetworkArchitecture Architecture = new(3, Loss.HalfSquaredError, Precision.Single,
        new LayerDescription(4, Activation.PReLU, true, 0.25),
        new LayerDescription(2, Activation.LeakyReLU, false, 0.1),
        new LayerDescription(1, Activation.Linear, true, 0.01));

    private static string Valid()
    {
        var parameters = Enumerable.Range(0, Architecture.ParameterCount).Select(k => (k % 3 - 1) * 0.375f * k).ToArray();
        return NetworkFile.FormatText<float>(Architecture, parameters, new NetworkMetadata { LearningRate = 0.05, Seed = 3, EpochsTrained = 2 });
    }

    /// <summary>Replaces the checksum line (or appends one) with the correct checksum of the lines before it.</summary>
    private static string Reseal(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int at = lines.FindLastIndex(l => l.StartsWith("checksum", StringComparison.Ordinal));
        var body = at >= 0 ? lines.Take(at).ToList() : lines.Where((l, i) => i < lines.Count - 1 || l.Length > 0).ToList();
        ulong hash = NetworkFileSupport.Fnv1a64Start;
        foreach (string line in body)
        {
            hash = NetworkFileSupport.Fnv1a64(System.Text.Encoding.UTF8.GetBytes(line), hash);
            hash = NetworkFileSupport.Fnv1a64("\n"u8, hash);
        }
        return string.Join('\n', body) + "\nchecksum fnv1a64 " + hash.ToString("x16", CultureInfo.InvariantCulture) + "\n";
    }

    /// <summary>Damaged variants of a valid file: structural edits of every line, token edits, truncations, junk.</summary>
    private static IEnumerable<string> Corpus()
    {
        string valid = Valid();
        var lines = valid.Split('\n');
        yield return valid;
        yield return valid + "\n\n  \n";
        yield return valid.Replace("\n", "\r\n");
        yield return valid + "junk\n";
        yield return valid + "\n\nchecksum fnv1a64 0000000000000000\n";
        yield return valid.ToUpperInvariant();
        for (int length = 0; length < valid.Length; length += 13) yield return valid[..length];
        for (int i = 0; i < lines.Length; i++)
        {
            var without = lines.Where((_, k) => k != i);
            yield return string.Join('\n', without);
            yield return Reseal(string.Join('\n', without));
            yield return Reseal(string.Join('\n', lines.Take(i + 1).Concat(lines.Skip(i))));            // duplicated
            yield return Reseal(string.Join('\n', lines.Take(i).Append("").Concat(lines.Skip(i))));      // blank line before
            yield return Reseal(string.Join('\n', lines.Select((l, k) => k == i ? l + " x" : l)));       // extra token
            yield return Reseal(string.Join('\n', lines.Select((l, k) => k == i ? "  " + l + "\t" : l))); // padding
            yield return Reseal(string.Join('\n', lines.Select((l, k) => k == i ? l.Replace(" ", "  ") : l)));
            var tokens = lines[i].Split(' ');
            for (int t = 0; t < tokens.Length; t++)
                foreach (string replacement in new[] { "NaN", "-Infinity", "1e39", "abc", "+1", "-0", "0x10", "1,5", "2", "-1", "1e-50", "" })
                {
                    var edited = tokens.ToArray();
                    edited[t] = replacement;
                    yield return Reseal(string.Join('\n', lines.Select((l, k) => k == i ? string.Join(' ', edited) : l)));
                }
        }
        // A short file claiming 900 million parameters (consistent header).
        yield return Reseal("netgen-weights 1\nfingerprint in 30000; dense 30000 Linear bias; loss HalfSquaredError; Single\ninput 30000\n"
            + "layer 1 dense 30000 Linear bias slope 0.01\nloss HalfSquaredError\nprecision Single\nlearning-rate 0.01\nseed 1\nepochs 0\n"
            + "parameters 900030000\nlayer 1 weights 900000000\n0 0\n");
    }

    private static bool LoadTextAccepts(string text)
    {
        try
        {
            NetworkFile.ParseText<float>(text, Architecture, "AgreeNet");
            return true;
        }
        catch (NetworkFileException)
        {
            return false;
        }
    }

    [Fact]
    public void The_generator_bakes_exactly_the_files_LoadText_accepts()
    {
        var compilation = GeneratorHarness.Compile(Declaration);
        var file = new InMemoryAdditionalText("/project/w/net.txt", Valid());
        var driver = GeneratorHarness.CreateDriver(file).RunGenerators(compilation);
        int accepted = 0, rejected = 0;
        foreach (string text in Corpus().Distinct())
        {
            var next = new InMemoryAdditionalText("/project/w/net.txt", text);
            driver = driver.ReplaceAdditionalText(file, next).RunGenerators(compilation);
            file = next;
            var run = driver.GetRunResult();
            Assert.All(run.Results, r => Assert.Null(r.Exception));
            var bakeDiagnostics = run.Diagnostics.Where(d => d.Id is "NG0021" or "NG0022" or "NG0023").ToList();
            bool baked = run.Results.SelectMany(r => r.GeneratedSources).Any(s => GeneratorHarness.IsBaked(s) && GeneratorHarness.WithoutHash(s.HintName).EndsWith("AgreeNet.Baked.g.cs", StringComparison.Ordinal));
            Assert.Equal(baked, bakeDiagnostics.Count == 0);
            bool loads = LoadTextAccepts(text);
            Assert.True(loads == baked,
                $"LoadText {(loads ? "accepts" : "rejects")} but the generator {(baked ? "bakes" : "rejects")} ({string.Join("; ", bakeDiagnostics.Select(d => d.GetMessage()))}):\n{text}");
            if (loads) accepted++;
            else rejected++;
        }
        // The corpus exercises both sides of the rules, not only damage the checksum catches.
        Assert.True(accepted >= 5, $"{accepted} accepted");
        Assert.True(rejected >= 500, $"{rejected} rejected");
    }

    [Fact]
    public void Junk_after_the_checksum_is_rejected_by_both()
    {
        string junk = Valid() + "junk\n";
        Assert.False(LoadTextAccepts(junk));
        var result = GeneratorHarness.Run(new[] { new InMemoryAdditionalText("/project/w/net.txt", junk) }, Declaration);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "NG0021");
        Assert.Contains("unexpected content after the checksum line", diagnostic.GetMessage());
    }

    [Fact]
    public void A_fingerprint_that_does_not_match_the_layers_is_rejected_by_both()
    {
        // The old generator checked only the "fingerprint " prefix.
        string text = Reseal(Valid().Replace("fingerprint in 3;", "fingerprint in 3 ;"));
        Assert.False(LoadTextAccepts(text));
        var result = GeneratorHarness.Run(new[] { new InMemoryAdditionalText("/project/w/net.txt", text) }, Declaration);
        Assert.Contains("does not match the layers", Assert.Single(result.GeneratorDiagnostics, d => d.Id == "NG0021").GetMessage());
    }
}
