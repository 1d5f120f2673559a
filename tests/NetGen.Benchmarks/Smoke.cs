using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Benchmarks;

namespace NetGen.Benchmarks;

/// <summary>
/// <c>--smoke [filter]</c>: runs every [Benchmark] method in-process with a Stopwatch (a short warm-up, then
/// batches for ~150 ms, best batch reported) and prints a ratio table per benchmark group. Seconds instead of the
/// tens of minutes a full BenchmarkDotNet run takes; numbers are indicative, not publication grade.
/// </summary>
public static class Smoke
{
    private const double WarmupMs = 120, MeasureMs = 150, BatchMs = 10;
    private const string TieringVariable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>
    /// Tiered compilation normally waits 100 ms after the last tier-0 JIT activity before promoting hot methods,
    /// which would leave a short warm-up measuring tier-0 code. Smoke mode therefore re-runs itself with
    /// <c>DOTNET_TC_CallCountingDelayMs=0</c> (same tiers and dynamic PGO, just no delay) unless it is already set.
    /// </summary>
    public static int RunInFreshProcess(string[] args)
    {
        string? filter = args.Length > 1 ? args[1] : null;
        if (Environment.GetEnvironmentVariable(TieringVariable) is not null || Environment.ProcessPath is not { } exe
            || Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return Run(filter);
        var start = new ProcessStartInfo(exe) { UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment[TieringVariable] = "0";
        using Process child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }

    public static int Run(string? filter)
    {
        Console.WriteLine($"Smoke run (in-process Stopwatch; {WarmupMs} ms warm-up, then best of ~{BatchMs} ms batches over {MeasureMs} ms per method; " +
            $"{TieringVariable}={Environment.GetEnvironmentVariable(TieringVariable) ?? "default"})");
        Console.WriteLine($"{RuntimeInformationText()}");
        Console.WriteLine();
        var types = typeof(Smoke).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(t => t.Name, StringComparer.Ordinal);

        Console.WriteLine($"| {"Class",-22} | {"Group",-12} | {"Params",-8} | {"Method",-30} | {"ns/op",12} | {"Ratio",6} | Note");
        Console.WriteLine($"|{new string('-', 24)}|{new string('-', 14)}|{new string('-', 10)}|{new string('-', 32)}|{new string('-', 14)}|{new string('-', 8)}|------");
        foreach (Type type in types)
        {
            var methods = type.GetMethods()
                .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
                .Where(m => filter is null || $"{type.Name}.{m.Name}".Contains(filter, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (methods.Count == 0) continue;
            foreach (var (label, apply) in ParamCombinations(type))
            {
                object instance = Activator.CreateInstance(type)!;
                apply(instance);
                (instance as ISmokeAware)?.ConfigureForSmoke();
                foreach (MethodInfo setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
                    setup.Invoke(instance, null);

                var results = new List<(string Group, string Method, double Ns, bool Baseline)>();
                foreach (MethodInfo m in methods)
                {
                    var run = (Func<float>)m.CreateDelegate(typeof(Func<float>), instance);
                    string group = m.GetCustomAttributes<BenchmarkCategoryAttribute>().SelectMany(c => c.Categories).FirstOrDefault() ?? "";
                    results.Add((group, m.Name, Measure(run), m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline));
                }
                foreach (var r in results)
                {
                    double? baseline = results.FirstOrDefault(b => b.Baseline && b.Group == r.Group).Ns;
                    string ratio = baseline is > 0 ? (r.Ns / baseline.Value).ToString("F2", CultureInfo.InvariantCulture) : "";
                    string note = (instance as ISmokeAware)?.Describe(r.Method, r.Ns) ?? "";
                    Console.WriteLine($"| {type.Name,-22} | {r.Group,-12} | {label,-8} | {r.Method,-30} | {FormatNs(r.Ns),12} | {ratio,6} | {note}");
                }
            }
        }
        return 0;
    }

    private static string FormatNs(double ns) => ns >= 1e6
        ? (ns / 1e6).ToString("N1", CultureInfo.InvariantCulture) + " ms"
        : ns.ToString(ns < 100 ? "F1" : "N0", CultureInfo.InvariantCulture);

    private static double Measure(Func<float> run)
    {
        float sink = 0;
        var sw = Stopwatch.StartNew();
        long calls = 0;
        do { sink += run(); calls++; } while (sw.Elapsed.TotalMilliseconds < WarmupMs || calls < 2);
        double nsPerCall = sw.Elapsed.TotalMilliseconds * 1e6 / calls;

        long batch = Math.Max(1, (long)(BatchMs * 1e6 / nsPerCall));
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        int batches = 0;
        do
        {
            sw.Restart();
            for (long i = 0; i < batch; i++) sink += run();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds * 1e6 / batch);
            batches++;
        } while (total.Elapsed.TotalMilliseconds < MeasureMs || batches < 3);
        GC.KeepAlive(sink);
        return best;
    }

    private static IEnumerable<(string Label, Action<object> Apply)> ParamCombinations(Type type)
    {
        var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (Member: m, Values: m.GetCustomAttribute<ParamsAttribute>()?.Values))
            .Where(x => x.Values is not null)
            .ToList();
        IEnumerable<(string, Action<object>)> combos = [("", _ => { })];
        foreach (var (member, values) in members)
        {
            combos = combos.SelectMany(c => values!.Select(v => (
                (c.Item1.Length == 0 ? "" : c.Item1 + ",") + $"{member.Name}={v}",
                (Action<object>)(o => { c.Item2(o); SetMember(member, o, v); }))));
        }
        return combos;
    }

    private static void SetMember(MemberInfo member, object target, object? value)
    {
        if (member is PropertyInfo p) p.SetValue(target, value);
        else if (member is FieldInfo f) f.SetValue(target, value);
    }

    public static string RuntimeInformationText() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
        $"{Environment.ProcessorCount} logical cores, Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}";
}
