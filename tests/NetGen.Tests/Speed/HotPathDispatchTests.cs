using System.Reflection;
using System.Text.RegularExpressions;
using NetGen.TestSupport;
using Xunit.Abstractions;

namespace NetGen.Tests.Speed;

/// <summary>
/// The hot path makes no virtual, interface or delegate call: the machine code the JIT produces for the training
/// step, the training loops (online, mini-batch, batch; SGD, momentum, Adam; one and two threads) and inference is
/// read back and every call in it, and in everything it calls, must be direct. The probe (tests/NetGen.HotPathProbe)
/// runs those paths in a child process with <c>DOTNET_JitDisasm</c>; tiering is off, so this is the code the JIT
/// makes from the generic struct specialization alone, without profile-guided guesses.
/// </summary>
public sealed partial class HotPathDispatchTests(ITestOutputHelper output)
{
    /// <summary>Where the per-sample and per-batch work starts.</summary>
    private static readonly string[] Roots =
    [
        "[ProbeXorNet+Kernels,float]:TrainStep(", "[ProbeXorNet+Kernels,float]:Predict(",
        "[ProbeDigitsNet+Kernels,float]:TrainStep(", "[ProbeDigitsNet+Kernels,float]:Predict(",
        // The compact-weight predictors (bfloat16, 8-bit): their public Predict forwards to the shared core, and is inlined.
        "PackedPredictor`2[ProbeDigitsNet+Kernels,NetGen.Kernels.BFloat16Layer]:Predict(", "PackedPredictor`2[ProbeDigitsNet+Kernels,NetGen.Kernels.BFloat16Layer]:PredictBatch(",
        "PackedPredictor`2[ProbeDigitsNet+Kernels,NetGen.Kernels.Int8Layer]:Predict(", "PackedPredictor`2[ProbeDigitsNet+Kernels,NetGen.Kernels.Int8Layer]:PredictBatch(",
        "NetGen.Trainer:RunEpoch[", "NetGen.Trainer:RunBatchedEpoch[", ":WorkerLoop(int)",
    ];

    /// <summary>Methods that must be reached from the roots, or the probe did not exercise what it claims.</summary>
    private static readonly string[] MustReach =
    [
        "ProbeXorNet+Kernels:Backpropagate(", "ProbeDigitsNet+Kernels:Backpropagate(", "ProbeDigitsNet+Kernels:BackpropagateBatch(",
        // Kernels.Forward is a few calls now and inlined into Predict, whose own listing shows that inference ran.
        "[ProbeDigitsNet+Kernels,float]:Predict(", "NetGen.Kernels.BFloat16Kernels:Multiply[", "NetGen.Kernels.Int8Kernels:Multiply[", "NetGen.Kernels.Int8Kernels:Quantize(", "NetGen.GradientStep:TryApply[float](", "NetGen.Optimizer`1[float]:Step(", "NetGen.Kernels.MatrixKernels:MultiplyAdd[", ":Step(int,int,", "NetGen.Optimizer`1[float]:ApplySlice(",
    ];

    [GeneratedRegex(@"^; Assembly listing for method (?<name>.+?)(?: \((?<tier>[^()]*)\))?$")]
    private static partial Regex ListingHeader();

    // `call     [NetGen.Guard:Length(...)]` is direct (through an indirection cell the JIT names); a register or a
    // register-relative operand (`call rax`, `call [rax+0x18]Action:Invoke`, `call [r11]` for interface stubs) is not.
    // A tail call (`tail.jmp [...]`) is followed like a call.
    [GeneratedRegex(@"^\s+(?:call|tail\.jmp)\s+(?<target>.+)$")]
    private static partial Regex Call();

    [GeneratedRegex(@"^\[?(?:r(?:[a-d]x|[sd]i|[sb]p|\d{1,2})|e[a-d]x)\b")]
    private static partial Regex RegisterOperand();

    [Fact]
    public void Training_and_inference_make_only_direct_calls()
    {
        var (listings, tiers) = Disassemble();
        var reached = Reachable(listings, Roots);
        foreach (string name in reached)
            Assert.True(tiers[name] is "FullOpts" or "", $"{name} was compiled as {tiers[name]}, not fully optimized");
        var missing = MustReach.Where(required => !reached.Any(name => name.Contains(required, StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "Not reached from the roots: " + string.Join(", ", missing));

        var indirect = reached.SelectMany(name => listings[name].Where(IsIndirect).Select(call => $"{name}: {call.Trim()}")).ToList();
        output?.WriteLine($"{reached.Count} hot-path methods checked, {reached.Sum(n => listings[n].Count(l => Call().IsMatch(l)))} calls, {indirect.Count} indirect");
        Assert.True(indirect.Count == 0, "Indirect calls on the hot path:\n" + string.Join('\n', indirect));

        // The check can fail: Fit's once-per-epoch progress callback is a delegate call, and it is seen as one.
        var fit = listings.Keys.Single(name => name.StartsWith("NetGen.Trainer:Fit[", StringComparison.Ordinal));
        Assert.Contains(listings[fit], line => IsIndirect(line) && line.Contains("Invoke", StringComparison.Ordinal));
    }

    /// <summary>Where a mini-batch step starts, on the caller's thread and on a worker's.</summary>
    private static readonly string[] StepRoots = [":Step(int,int,", ":WorkerLoop(int)"];

    [GeneratedRegex(@"^(?<label>G_M\d+_IG\d+):")]
    private static partial Regex Label();

    [GeneratedRegex(@"^\s+j\w+\s+(?:SHORT\s+)?(?<label>G_M\d+_IG\d+)\s*$")]
    private static partial Regex Jump();

    /// <summary>
    /// With the runtime's default tiering, as a user's program runs: every method with a loop on a mini-batch step
    /// (one and two threads) is compiled fully optimized at its first call. Unoptimized (tier-0) loops ran the first
    /// epochs several times slower, and with two threads spinning the background compiler that replaces them had no
    /// core. A loop is a jump back to a label of the same listing.
    /// </summary>
    [Fact]
    public void Loops_on_the_batch_step_are_fully_optimized_from_their_first_call()
    {
        var (listings, tiers) = Disassemble(tiered: true);
        var reached = Reachable(listings, StepRoots);
        Assert.Contains(reached, name => name.Contains("NetGen.Kernels.MatrixKernels:MultiplyAddBlock[", StringComparison.Ordinal));
        var slow = reached.Where(name => tiers[name] != "FullOpts" && HasLoop(listings[name])).Select(name => $"{name} ({tiers[name]})").ToList();
        output?.WriteLine($"{reached.Count} methods reached from a step, {reached.Count(name => HasLoop(listings[name]))} with loops");
        Assert.True(slow.Count == 0, "Loops compiled unoptimized first:\n" + string.Join('\n', slow));
    }

    private static bool HasLoop(List<string> listing)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in listing)
        {
            if (Label().Match(line) is { Success: true } label) seen.Add(label.Groups["label"].Value);
            else if (Jump().Match(line) is { Success: true } jump && seen.Contains(jump.Groups["label"].Value)) return true;
        }
        return false;
    }

    private static bool IsIndirect(string line) =>
        Call().Match(line) is { Success: true } call && RegisterOperand().IsMatch(call.Groups["target"].Value);

    /// <summary>Methods reachable from the roots through direct calls to methods that have a listing.</summary>
    private static HashSet<string> Reachable(Dictionary<string, List<string>> listings, IEnumerable<string> roots)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(listings.Keys.Where(name => roots.Any(root => name.Contains(root, StringComparison.Ordinal))));
        while (pending.TryPop(out var name))
        {
            if (!reached.Add(name)) continue;
            foreach (string line in listings[name])
            {
                if (Call().Match(line) is not { Success: true } call) continue;
                string target = call.Groups["target"].Value;
                if (target.StartsWith('[') && target.EndsWith(']')) target = target[1..^1];
                if (listings.ContainsKey(target)) pending.Push(target);
            }
        }
        return reached;
    }

    /// <summary>Runs the probe and returns each method's listing (its instruction lines) by the JIT's name for it.</summary>
    /// <param name="tiered">Whether the runtime tiers (then the first listing of each method is kept: what runs first).</param>
    private (Dictionary<string, List<string>> Listings, Dictionary<string, string> Tiers) Disassemble(bool tiered = false)
    {
        string probe = typeof(HotPathDispatchTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NetGenHotPathProbe").Value!;
        Assert.True(File.Exists(probe), $"The probe {probe} was not built.");
        string listingFile = Path.Combine(Path.GetTempPath(), $"netgen-hotpath-{Guid.NewGuid():N}.txt");
        try
        {
            var run = DotNetProcess.Run(Path.GetDirectoryName(probe)!, [probe], new Dictionary<string, string>
            {
                ["DOTNET_TieredCompilation"] = tiered ? "1" : "0",
                ["DOTNET_JitDisasm"] = "NetGen.*:* Probe*:*",
                ["DOTNET_JitStdOutFile"] = listingFile,
            });
            Assert.True(run.ExitCode == 0 && run.Output.Contains("probe done", StringComparison.Ordinal), run.ToString());

            var listings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var tiers = new Dictionary<string, string>(StringComparer.Ordinal);
            List<string>? current = null;
            foreach (string line in File.ReadLines(listingFile))
            {
                if (ListingHeader().Match(line) is { Success: true } header)
                {
                    string name = header.Groups["name"].Value;
                    if (tiers.ContainsKey(name))
                    {
                        current = null; // a later tier of a method already listed
                        continue;
                    }
                    tiers[name] = header.Groups["tier"].Value;
                    listings[name] = current = [];
                }
                else current?.Add(line);
            }
            output?.WriteLine($"{listings.Count} methods in the probe's JIT listing");
            return (listings, tiers);
        }
        finally
        {
            File.Delete(listingFile);
        }
    }
}
