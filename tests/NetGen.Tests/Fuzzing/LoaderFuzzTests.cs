using System.Text;
using NetGen.Tests.Networks;
using Xunit.Abstractions;

namespace NetGen.Tests.Fuzzing;

/// <summary>
/// Random truncations, byte flips, insertions and deletions of valid weights files (binary and text): every damaged
/// file is rejected with <see cref="NetworkFileException"/>, never another exception, and the network's parameters
/// are never partially overwritten.
/// </summary>
public class LoaderFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int CasesPerFormat = 2_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("netgen-loader-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Damaged_weights_files_are_rejected_cleanly_and_never_partially_loaded(bool text)
    {
        var source = new IrisNet();
        source.InitializeParameters(seed: 5);
        string original = Path.Combine(_folder, text ? "valid.txt" : "valid.ngw");
        if (text) source.SaveText(original); else source.Save(original);
        byte[] valid = File.ReadAllBytes(original);

        var random = new DeterministicRandom(text ? 11 : 12);
        var target = new IrisNet();
        int rejected = 0, accepted = 0;
        string path = Path.Combine(_folder, "damaged");
        for (int i = 0; i < CasesPerFormat; i++)
        {
            byte[] damaged = Damage(valid, random, out string how);
            File.WriteAllBytes(path, damaged);
            target.InitializeParameters(seed: i);
            var before = target.Parameters.ToArray();
            try
            {
                if (text) target.LoadText(path); else target.Load(path);
                // A change the format cannot see (e.g. CR/LF in the text form) must still load the exact parameters.
                Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
                accepted++;
            }
            catch (NetworkFileException)
            {
                Assert.True(before.AsSpan().SequenceEqual(target.Parameters), $"case {i} ({how}) partially loaded the parameters");
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} ({how}) threw {e.GetType().Name}: {e.Message}");
            }
        }
        string summary = $"{(text ? "text" : "binary")} weights files: {CasesPerFormat} damaged copies tried, {rejected} rejected with NetworkFileException, {accepted} unaffected loads, 0 crashes";
        output.WriteLine(summary);
        NetGen.Tests.TestCounts.Record(summary);
        Console.WriteLine(summary);
        Assert.True(rejected > CasesPerFormat * 0.9, summary);
    }

    /// <summary>One random damage: truncation, 1-3 flipped bytes, an inserted byte, or a deleted byte.</summary>
    public static byte[] Damage(byte[] valid, DeterministicRandom random, out string how)
    {
        var bytes = new List<byte>(valid);
        switch (random.NextInt(4))
        {
            case 0:
                int length = random.NextInt(valid.Length);
                how = $"truncated to {length} bytes";
                return valid[..length];
            case 1:
                int flips = 1 + random.NextInt(3);
                var where = new StringBuilder("flipped");
                for (int f = 0; f < flips; f++)
                {
                    int at = random.NextInt(bytes.Count);
                    bytes[at] ^= (byte)(1 + random.NextInt(255));
                    where.Append(' ').Append(at);
                }
                how = where.ToString();
                break;
            case 2:
                int insertAt = random.NextInt(bytes.Count + 1);
                bytes.Insert(insertAt, (byte)random.NextInt(256));
                how = $"inserted a byte at {insertAt}";
                break;
            default:
                int deleteAt = random.NextInt(bytes.Count);
                bytes.RemoveAt(deleteAt);
                how = $"deleted byte {deleteAt}";
                break;
        }
        return bytes.ToArray();
    }
}
