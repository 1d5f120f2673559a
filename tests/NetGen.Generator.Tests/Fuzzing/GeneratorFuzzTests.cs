using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;
using NetGen.Tests.Generator;
using Xunit.Abstractions;

namespace NetGen.Tests.Fuzzing;

/// <summary>
/// Feeds the generator thousands of random and malformed declarations. It must never throw, and every
/// declaration must end either in generated code that compiles, or in a diagnostic on that declaration.
/// </summary>
public class GeneratorFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_122;
    // CI (CI=true) runs the full 10,000; a developer's run takes 1,000 so the generator tests stay under a minute.
    // NETGEN_FUZZ_CASES overrides both.
    private static readonly int CaseCount =
        int.TryParse(Environment.GetEnvironmentVariable("NETGEN_FUZZ_CASES"), out int n) && n > 0 ? n
        : Environment.GetEnvironmentVariable("CI") == "true" ? 10_000 : 1_000;
    private static readonly int BatchSize =
        int.TryParse(Environment.GetEnvironmentVariable("NETGEN_FUZZ_BATCH"), out int b) && b > 0 ? b : 200;

    [Fact]
    public void Random_and_malformed_declarations_never_crash_the_generator_and_every_invalid_one_is_reported()
    {
        var stopwatch = Stopwatch.StartNew();
        var fuzzer = new DeclarationFuzzer(Seed);
        var cases = Enumerable.Range(0, CaseCount).Select(n => fuzzer.Next(n)).ToList();
        var failures = new ConcurrentQueue<string>();
        int generated = 0;

        Parallel.ForEach(cases.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = Math.Min(2, Environment.ProcessorCount) },
            batch => Interlocked.Add(ref generated, RunBatch(batch, failures)));

        int valid = cases.Count(c => c.Valid);
        string summary = $"Fuzzed {cases.Count} declarations (seed {Seed}; {cases.Count(c => c.ExtraSources.Length > 0)} spread over several files, {cases.Count(c => c.Networks > 1)} with a case twin): {valid} valid, {cases.Count - valid} invalid, " +
                         $"{generated} networks generated, in {stopwatch.Elapsed.TotalSeconds:F1} s " +
                         $"(generator {TimeSpan.FromTicks(GeneratorTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:F1} s, " +
                         $"compiling {TimeSpan.FromTicks(CompileTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:F1} s); {failures.Count} failures.";
        output.WriteLine(summary);
        NetGen.Tests.TestCounts.Record(summary);
        Console.WriteLine(summary);
        Assert.True(failures.IsEmpty, summary + "\n\n" + string.Join("\n\n", failures.Take(15)));
        Assert.True(valid > CaseCount / 10 && cases.Count - valid > CaseCount / 2, summary); // both kinds are well represented
    }

    private static long GeneratorTicks, CompileTicks;

    private static int RunBatch(FuzzCase[] batch, ConcurrentQueue<string> failures)
    {
        // A case may spread its class over several files (syntax trees): each keeps the case's own path.
        var files = batch.SelectMany(c => c.FilePaths.Zip(new[] { c.Source }.Concat(c.ExtraSources))).ToList();
        var compilation = GeneratorHarness.Compile(files.Select(f => f.Second).ToArray());
        var trees = compilation.SyntaxTrees.ToList();
        for (int i = 0; i < trees.Count; i++)
            compilation = compilation.ReplaceSyntaxTree(trees[i], trees[i].WithFilePath(files[i].First));

        var watch = Stopwatch.StartNew();
        // No step tracking: the fuzz run only needs outputs, diagnostics and exceptions.
        var driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var outputCompilation, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        foreach (var result in run.Results)
            if (result.Exception is not null)
                failures.Enqueue($"Generator threw on batch starting at case {batch[0].Number}: {result.Exception}");

        Interlocked.Add(ref GeneratorTicks, watch.ElapsedTicks);
        watch.Restart();
        var compilerDiagnostics = outputCompilation.GetDiagnostics();
        Interlocked.Add(ref CompileTicks, watch.ElapsedTicks);
        foreach (var d in generatorDiagnostics.Concat(run.Diagnostics).Concat(compilerDiagnostics))
            if (d.Id is "AD0001" or "CS8785")
                failures.Enqueue($"{d.Id} in batch starting at case {batch[0].Number}: {d}");
        foreach (var d in generatorDiagnostics.Where(d => !d.GetMessage().Contains('{') && d.Location.GetLineSpan().Path is not { Length: > 0 }))
            failures.Enqueue($"{d.Id} points nowhere: {d}");

        var sources = run.Results.SelectMany(r => r.GeneratedSources).ToList();
        foreach (var c in batch)
        {
            string prefix = c.Namespace + ".";
            var paths = c.FilePaths.ToHashSet();
            bool InCase(Diagnostic d) => paths.Contains(d.Location.GetLineSpan().Path);
            bool InGenerated(Diagnostic d) =>
                d.Location.SourceTree is { } tree && !paths.Contains(tree.FilePath) &&
                Path.GetFileName(tree.FilePath).StartsWith(prefix, StringComparison.Ordinal);

            var ownErrors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && InCase(d)).ToList();
            var ngErrors = generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && InCase(d)).ToList();
            var generatedErrors = compilerDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && InGenerated(d)).ToList();
            int emittedCount = sources.Count(s => s.HintName.StartsWith(prefix, StringComparison.Ordinal));
            bool emitted = emittedCount > 0;

            string Describe(string problem) =>
                $"Case {c.Number} ({(c.Valid ? "valid" : "invalid: " + c.Mutations)}): {problem}\n" +
                $"NG: {string.Join(" | ", generatorDiagnostics.Where(InCase).Select(d => d.Id + " " + d.GetMessage()))}\n" +
                $"C#: {string.Join(" | ", ownErrors.Take(3).Select(d => d.Id + " " + d.GetMessage()))}\n" +
                $"Generated: {string.Join(" | ", generatedErrors.Take(3).Select(d => d.Id + " " + d.GetMessage() + " at " + d.Location.GetLineSpan()))}\n{c.Source}";

            if (c.Valid)
            {
                if (ownErrors.Count > 0 || ngErrors.Count > 0) failures.Enqueue(Describe("a valid declaration got errors"));
                else if (emittedCount != c.Networks) failures.Enqueue(Describe($"{c.Networks} valid networks produced {emittedCount} sources"));
                else if (generatedErrors.Count > 0) failures.Enqueue(Describe("the generated code does not compile"));
            }
            else
            {
                if (ownErrors.Count == 0 && ngErrors.Count == 0) failures.Enqueue(Describe("an invalid declaration was not reported"));
                else if (generatedErrors.Count > 0 && ownErrors.Count == 0) failures.Enqueue(Describe("generated code for a reported declaration does not compile"));
            }
        }
        return sources.Count;
    }
}
