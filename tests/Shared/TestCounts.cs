namespace NetGen.Tests;

/// <summary>
/// The counts of the fuzzers and corpora (cases run, accepted, rejected, failures), kept where .ci/run prints them:
/// the test runner only shows a test's output when it fails.
/// </summary>
internal static class TestCounts
{
    /// <summary>The file .ci/run prints after the tests; <c>NETGEN_TEST_COUNTS</c> overrides it.</summary>
    public static string FilePath =>
        Environment.GetEnvironmentVariable("NETGEN_TEST_COUNTS") is { Length: > 0 } path ? path : Path.Combine(Path.GetTempPath(), "netgen-test-counts.txt");

    public static void Record(string summary)
    {
        lock (typeof(TestCounts))
            File.AppendAllText(FilePath, summary.ReplaceLineEndings(" ") + Environment.NewLine);
    }
}
