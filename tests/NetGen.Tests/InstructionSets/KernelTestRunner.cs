using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Intrinsics;
using NetGen.Tests.Baked;
using NetGen.Tests.CompactWeights;
using NetGen.Tests.Batch;
using NetGen.Tests.Golden;
using NetGen.Tests.Speed;
using Xunit.Sdk;

namespace NetGen.Tests.InstructionSets;

/// <summary>
/// The test assembly's entry point (the test SDK's generated one is turned off in the project file). Under
/// <c>dotnet test</c> it never runs; <see cref="NarrowerVectorTests"/> starts the built assembly with <c>dotnet exec</c>
/// and <see cref="Argument"/> in a child process whose JIT has the widest vector width hidden, and this runs the
/// kernel-equality tests there: the same [Fact]s and [Theory]s, invoked directly without a test framework.
/// </summary>
public static class KernelTestRunner
{
    public const string Argument = "--run-kernel-tests";

    /// <summary>Every test whose result depends on the vector width the kernels pick.</summary>
    internal static readonly Type[] Classes =
    [
        typeof(KernelAgreementTests), typeof(MatrixKernelTests), typeof(BlockedPredictTests), typeof(BatchGradientTests),
        typeof(BakedInferenceTests), typeof(GoldenTests), typeof(BFloat16PredictorTests), typeof(Int8PredictorTests),
        typeof(CompactPredictorTests), typeof(SingleSampleKernelTests),
        typeof(NeuronSplitTests), typeof(HotPathDispatchTests),
    ];

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != Argument) return 0;
        Console.WriteLine($"vectors: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}");
        int ran = 0, skipped = 0, failed = 0;
        foreach (var type in Classes)
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                var fact = method.GetCustomAttribute<FactAttribute>();
                if (fact is null) continue;
                if (fact.Skip is not null)
                {
                    skipped++;
                    continue;
                }
                var cases = method.GetCustomAttributes<DataAttribute>().SelectMany(data => data.GetData(method)).ToList();
                if (fact is not TheoryAttribute) cases = [[]];
                foreach (object[] arguments in cases)
                {
                    ran++;
                    string name = $"{type.Name}.{method.Name}({string.Join(", ", arguments)})";
                    try
                    {
                        Invoke(type, method, arguments);
                    }
                    catch (Exception e)
                    {
                        failed++;
                        Console.WriteLine($"FAILED {name}: {e.Message}");
                    }
                }
            }
        Console.WriteLine($"ran {ran}, failed {failed}, skipped {skipped}");
        return failed == 0 && ran > 0 ? 0 : 1;
    }

    private static void Invoke(Type type, MethodInfo method, object[] arguments)
    {
        // A class that takes xunit's output helper gets none here (it writes through ?.).
        object instance = Activator.CreateInstance(type, type.GetConstructors()[0].GetParameters().Select(_ => (object?)null).ToArray())!;
        try
        {
            method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }
}
