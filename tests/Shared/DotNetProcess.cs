using System.Diagnostics;
using System.Text;

namespace NetGen.TestSupport;

/// <summary>Shared by the test projects (linked from tests/Shared). Runs the `dotnet` CLI as a child process with a timeout, capturing everything it prints.</summary>
internal static class DotNetProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public sealed record Result(string CommandLine, int ExitCode, string Output, TimeSpan Duration)
    {
        public override string ToString() =>
            $"`{CommandLine}` exited with {ExitCode} after {Duration.TotalSeconds:F1} s. Output:\n{Output}";
    }

    /// <summary>The `dotnet` host that runs this test, so the child uses the same SDK install.</summary>
    private static string DotNetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        return "dotnet";
    }

    public static Result Run(string workingDirectory, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(DotNetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // The test host runs under `dotnet test`, whose MSBuild settings must not leak into an independent build.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) ||
                key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(key);
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDNOINPROCNODE"] = null;
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;

        string commandLine = "dotnet " + string.Join(' ', start.ArgumentList);
        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
                throw new TimeoutException($"`{commandLine}` did not finish within {(timeout ?? DefaultTimeout).TotalMinutes} min. Output:\n{output}");
        }
        process.WaitForExit(); // drains the asynchronous output readers
        lock (output) return new Result(commandLine, process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }

    /// <summary>Runs and fails the test, showing the whole output, unless the process exits with 0.</summary>
    public static Result RunChecked(string workingDirectory, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Run(workingDirectory, arguments, environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
