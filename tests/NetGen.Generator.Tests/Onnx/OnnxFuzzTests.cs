using Microsoft.CodeAnalysis;

namespace NetGen.Tests.Generator.Onnx;

/// <summary>
/// Damaged ONNX bytes never make the generator throw: every truncation of a real model, and seeded random byte
/// changes, each get a diagnostic (NG0042-NG0047, NG0023) or, when the damage still leaves a valid model, baked code.
/// </summary>
public class OnnxFuzzTests
{
    private const string Name = "prelu_softmax_6_9_4";

    [Fact]
    public void Truncated_or_corrupted_model_gets_a_diagnostic_and_never_an_exception()
    {
        byte[] model = OnnxTestModels.Bytes(Name);
        var cases = new List<(string What, byte[] Bytes, bool MustFail)>();
        // Every cut in the header and the first node, then every 5th: each lands in another field or tensor.
        for (int length = 0; length < model.Length; length += length < 96 ? 1 : 5) cases.Add(($"the first {length} bytes", model[..length], true));
        var random = new Random(14);
        for (int k = 0; k < 250; k++)
        {
            byte[] damaged = (byte[])model.Clone();
            int changes = 1 + random.Next(3);
            for (int c = 0; c < changes; c++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            cases.Add(($"random change {k}", damaged, false));
        }
        for (int k = 0; k < 30; k++)
        {
            byte[] junk = new byte[random.Next(1, 300)];
            random.NextBytes(junk);
            cases.Add(($"random bytes {k}", junk, true));
        }

        var compilation = GeneratorHarness.Compile(OnnxTestModels.Declaration(Name));
        var current = OnnxTestModels.Encoded(model);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(current).RunGenerators(compilation);
        int diagnosed = 0, baked = 0;
        foreach (var (what, bytes, mustFail) in cases)
        {
            var next = OnnxTestModels.Encoded(bytes);
            driver = driver.ReplaceAdditionalText(current, next).RunGenerators(compilation);
            current = next;
            var run = driver.GetRunResult();
            Assert.All(run.Results, r => Assert.True(r.Exception is null, $"{what}: {r.Exception}"));
            var errors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            bool bakedNow = run.GeneratedTrees.Any(t => t.FilePath.EndsWith(".Baked.g.cs", StringComparison.Ordinal));
            Assert.True(errors.Count > 0 != bakedNow, $"{what}: {errors.Count} errors, baked {bakedNow}");
            Assert.All(errors, d => Assert.True(d.Id is "NG0023" or "NG0042" or "NG0043" or "NG0044" or "NG0045" or "NG0046" or "NG0047", $"{what}: {d}"));
            if (mustFail) Assert.True(errors.Count > 0, $"{what} was baked");
            if (bakedNow) baked++; else diagnosed++;
        }
        TestCounts.Record($"ONNX bake fuzz ({Name}, {model.Length} bytes): {cases.Count} damaged models, {diagnosed} diagnosed, {baked} still valid and baked, 0 generator exceptions");
    }
}
