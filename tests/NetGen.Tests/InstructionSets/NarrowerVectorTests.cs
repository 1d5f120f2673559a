using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.TestSupport;
using Xunit.Abstractions;

namespace NetGen.Tests.InstructionSets;

/// <summary>
/// The kernels have one code path per vector width, and a test run exercises only the widest one the machine has.
/// This runs the kernel-equality tests (<see cref="KernelTestRunner.Classes"/>) again in a child process with that
/// width hidden from the JIT: AVX-512 on an AVX-512 machine (so the AVX2 paths, and the golden file recorded on one,
/// are checked there too: <see cref="Golden.GoldenTests"/> compares only on an AVX2 machine), AVX2 on an AVX2-only machine (the 128-bit paths).
/// </summary>
public sealed class NarrowerVectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Kernel_tests_pass_with_the_widest_vectors_hidden()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !Vector256.IsHardwareAccelerated)
            return; // nothing narrower to hide on this machine that the JIT knobs below describe
        bool avx512 = Vector512.IsHardwareAccelerated;
        // .NET 10 reads DOTNET_EnableAVX512; the older DOTNET_EnableAVX512F=0 no longer hides AVX-512 (the assertion
        // on the child's vector widths below catches a knob that stops working).
        var environment = avx512
            ? new Dictionary<string, string> { ["DOTNET_EnableAVX512"] = "0" }
            : new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0" };
        string assembly = typeof(KernelTestRunner).Assembly.Location;
        var result = DotNetProcess.Run(AppContext.BaseDirectory, ["exec", assembly, KernelTestRunner.Argument], environment);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        // The child really ran on the narrower width, and ran the tests.
        string expected = avx512 ? "Vector512 False, Vector256 True" : "Vector512 False, Vector256 False";
        Assert.Contains("vectors: " + expected, result.Output);
        Assert.Matches(@"ran [1-9]\d*, failed 0", result.Output);
    }
}
