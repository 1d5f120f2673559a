using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;

namespace NetGen.Tests.Golden;

/// <summary>
/// Compares the networks' numbers (Predict, PredictBatchBlocked, baked Predict, parameters after TrainStep and Fit)
/// with the exact bits in <c>golden.txt</c>, so a rewrite of the generated code can show it changed no bit.
/// With <c>NETGEN_RECORD_GOLDEN=1</c> the file is rewritten from the current code instead (then the cases check that
/// a second computation gives the same bits).
/// </summary>
public class GoldenTests
{
    private static readonly string GoldenPath = Path.Combine(RepoPaths.Root, "tests", "NetGen.Tests", "Golden", "golden.txt");

    private static bool Recording => Environment.GetEnvironmentVariable("NETGEN_RECORD_GOLDEN") == "1";

    private static readonly GoldenSubject[] Subjects =
    [
        new GoldenSubject<GoldenXor, float>("Xor_2_4_1_tanh_sigmoid", GoldenXor.InputSize, GoldenXor.OutputSize, false),
        new GoldenSubject<GoldenIris, float>("Iris_4_8_3_softmax_crossentropy", GoldenIris.InputSize, GoldenIris.OutputSize, false),
        new GoldenSubject<GoldenCatalog.Separator, double>("Double_prelu_nobias_hinge_nested",
            GoldenCatalog.Separator.InputSize, GoldenCatalog.Separator.OutputSize, signedTargets: true),
        new GoldenSubject<GoldenDigits, float>("Digits_64_32_10_vectorized", GoldenDigits.InputSize, GoldenDigits.OutputSize, false),
        new GoldenSubject<GoldenSoftmaxMse, float>("Softmax_mse_jacobian", GoldenSoftmaxMse.InputSize, GoldenSoftmaxMse.OutputSize, false),
        new GoldenSubject<GoldenBakedXor, float>("Baked_xor_2_2_1", GoldenBakedXor.InputSize, GoldenBakedXor.OutputSize, false,
            (input, output) => GoldenBakedXor.Baked.Predict(input, output)),
        new GoldenSubject<GoldenT1Xor, float>("T1_xor_2_4_1", GoldenT1Xor.InputSize, GoldenT1Xor.OutputSize, false),
        new GoldenSubject<GoldenT2Iris, float>("T2_iris_4_16_3", GoldenT2Iris.InputSize, GoldenT2Iris.OutputSize, false),
        new GoldenSubject<GoldenT3Digits, float>("T3_digits_64_32_10", GoldenT3Digits.InputSize, GoldenT3Digits.OutputSize, false),
        new GoldenSubject<GoldenT4Fashion, float>("T4_fashion_784_128_10", GoldenT4Fashion.InputSize, GoldenT4Fashion.OutputSize, false),
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Expected = new(() => Recording ? RecordFile() : ReadFile());

    public static TheoryData<string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var subject in Subjects)
                foreach (var section in subject.Sections) cases.Add(subject.Name, section);
            return cases;
        }
    }

    [GoldenTheory]
    [MemberData(nameof(Cases))]
    public void Section_has_the_recorded_bits(string network, string section)
    {
        string prefix = network + "/" + section + "/";
        var actual = Subjects.Single(s => s.Name == network).Record(section).ToDictionary(v => v.Index, v => v.Bits);
        var expected = Expected.Value.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key[prefix.Length..], e => e.Value);

        var report = new StringBuilder();
        int differences = 0;
        foreach (string index in expected.Keys.Union(actual.Keys))
        {
            expected.TryGetValue(index, out string? before);
            actual.TryGetValue(index, out string? now);
            if (before == now) continue;
            differences++;
            report.Append(prefix).Append(index).Append(": ").AppendLine(BitsComparison.Describe(index, before, now));
        }
        if (differences > 0)
            Assert.Fail($"{network}/{section} differs from {GoldenPath} in {differences} entries " +
                        $"(recorded on: {RecordedOn()}; this machine: {MachineDescription()}):\n{report}");
    }

    [Fact]
    public void Golden_file_holds_exactly_the_cases_networks_and_sections()
    {
        var inFile = Expected.Value.Keys.Select(k => k[..k.LastIndexOf('/')]).ToHashSet();
        var cases = Subjects.SelectMany(s => s.Sections.Select(section => s.Name + "/" + section)).ToHashSet();
        Assert.Equal(cases.Order(StringComparer.Ordinal), inFile.Order(StringComparer.Ordinal));
        if (Recording) Assert.Equal(Expected.Value, ReadFile()); // what was written reads back the same
    }

    private static IReadOnlyDictionary<string, string> RecordFile()
    {
        var text = new StringBuilder()
            .Append("# NetGen golden numbers: <network>/<section>/<index> <bits in hex>, written with NETGEN_RECORD_GOLDEN=1.\n")
            .Append("# recorded-on ").Append(MachineDescription()).Append('\n');
        foreach (var subject in Subjects)
            foreach (var section in subject.Sections)
                foreach (var (index, bits) in subject.Record(section))
                    text.Append(subject.Name).Append('/').Append(section).Append('/').Append(index).Append(' ').Append(bits).Append('\n');
        File.WriteAllText(GoldenPath, text.ToString());
        return ReadFile();
    }

    private static IReadOnlyDictionary<string, string> ReadFile() =>
        File.ReadAllLines(GoldenPath).Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ')).ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    internal static string RecordedOn() =>
        File.ReadLines(GoldenPath).FirstOrDefault(l => l.StartsWith("# recorded-on ", StringComparison.Ordinal))?["# recorded-on ".Length..] ?? "?";

    // The vector width picks the kernels' code paths; a difference on another machine may come from that, not a change.
    internal static string MachineDescription() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, " +
        $"Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, " +
        $"Fma {System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}";
}

/// <summary>
/// Compares only on the kind of machine the file was recorded on (architecture, vector widths, FMA): another width runs
/// other kernel paths, whose bits may differ legitimately. On an AVX-512 machine, <c>DOTNET_EnableAVX512=0</c> gives the
/// AVX2 signature the checked-in file was recorded with (.NET 10 ignores the older <c>DOTNET_EnableAVX512F=0</c>).
/// </summary>
public sealed class GoldenTheoryAttribute : TheoryAttribute
{
    public GoldenTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("NETGEN_RECORD_GOLDEN") == "1") return;
        string recorded = Signature(GoldenTests.RecordedOn()), here = Signature(GoldenTests.MachineDescription());
        if (recorded != here)
            Skip = $"The golden file was recorded on '{recorded}', this machine is '{here}' (set DOTNET_EnableAVX512=0 to compare on an AVX-512 machine; NarrowerVectorTests does).";
    }

    // The .NET patch version is only reported: NetGen's math is its own (FastMath), not the runtime's.
    private static string Signature(string description) =>
        string.Join(", ", description.Split(", ").Where(part => !part.StartsWith(".NET", StringComparison.Ordinal)));
}

/// <summary>Explains how far apart two recorded values are: bits, values, ulps and relative difference.</summary>
internal static class BitsComparison
{
    public static string Describe(string index, string? expected, string? actual)
    {
        if (expected is null) return $"not in the golden file (now {actual})";
        if (actual is null) return $"no longer produced (golden {expected})";
        bool single = expected.Length == 8 && actual.Length == 8, isDouble = expected.Length == 16 && actual.Length == 16;
        if (!int.TryParse(index, CultureInfo.InvariantCulture, out _) || (!single && !isDouble))
            return $"expected {expected}, got {actual}"; // a count or checksum: no ulps
        long a = long.Parse(expected, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        long b = long.Parse(actual, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        double x = single ? BitConverter.Int32BitsToSingle((int)a) : BitConverter.Int64BitsToDouble(a);
        double y = single ? BitConverter.Int32BitsToSingle((int)b) : BitConverter.Int64BitsToDouble(b);
        Int128 ulps = Int128.Abs(Ordered(a, single) - Ordered(b, single));
        double relative = Math.Abs(x - y) / Math.Max(Math.Abs(x), Math.Abs(y));
        return string.Create(CultureInfo.InvariantCulture,
            $"expected {expected} ({x:R}), got {actual} ({y:R}): {ulps} ulps, relative {relative:E3}");
    }

    // Maps bits to integers that count representable values in order (-0 and +0 both to 0), so a difference is in ulps.
    private static Int128 Ordered(long bits, bool single)
    {
        long signed = single ? (int)bits : bits;
        return signed >= 0 ? signed : (Int128)(single ? int.MinValue : long.MinValue) - signed;
    }
}
