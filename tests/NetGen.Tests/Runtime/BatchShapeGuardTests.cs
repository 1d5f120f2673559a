namespace NetGen.Tests.Runtime;

/// <summary>
/// <see cref="Guard.BatchShape{T}"/>, the check for a network's public BackpropagateBatch: it throws exactly when a
/// buffer cannot hold <c>count</c> rows, names that buffer, and when it passes the generated kernel runs without
/// an index error.
/// </summary>
public sealed class BatchShapeGuardTests
{
    private const int In = SoftmaxGuardNet.InputSize, Out = SoftmaxGuardNet.OutputSize, P = SoftmaxGuardNet.ParameterCount;
    private static readonly int PerRow = ((INetworkKernels<float>)default(SoftmaxGuardNet.Kernels)).BatchWorkspacePerRow, Fixed = ((INetworkKernels<float>)default(SoftmaxGuardNet.Kernels)).BatchWorkspaceFixed;

    /// <summary>The buffer an independent reading of the contract says is too short (in check order), or null.</summary>
    private static string? Expected(int count, int inputs, int targets, int gradients, int workspace)
    {
        if (count < 0) return "count";
        if (inputs < (long)count * In) return "inputs";
        if (targets < (long)count * Out) return "targets";
        if (gradients < P) return "gradients";
        if (workspace < (long)count * PerRow + Fixed) return "workspace";
        return null;
    }

    [Fact]
    public void Throws_exactly_for_buffers_too_short_for_count_and_names_the_buffer()
    {
        var random = new Random(77);
        var model = new SoftmaxGuardNet().AsModel();
        int passed = 0, refused = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            int rows = random.Next(0, 6);
            // Counts around the data's row count, plus extremes whose products overflow 32 bits.
            int count = random.Next(8) switch { 0 => -random.Next(1, 3), 1 => int.MaxValue, 2 => int.MaxValue / In + 1, _ => rows + random.Next(-1, 2) };
            int Jitter(long exact) => (int)Math.Clamp(exact + random.Next(-2, 3), 0, 4096);
            var inputs = new float[Jitter((long)rows * In)];
            var targets = new float[Jitter((long)rows * Out)];
            for (int i = 0; i < targets.Length; i += Out) targets[i] = 1; // valid one-hot rows
            var gradients = new float[Jitter(P)];
            var workspace = new float[Jitter((long)rows * PerRow + Fixed)];
            string? expected = Expected(count, inputs.Length, targets.Length, gradients.Length, workspace.Length);

            void Check() => Guard.BatchShape<float>(count, inputs, targets, gradients, workspace, In, Out, P, PerRow, Fixed);
            if (expected is null)
            {
                Check();
                // The guard is sufficient: the unvalidated kernel accepts everything it lets through.
                model.BackpropagateBatch(inputs, targets, count, gradients, workspace, accumulate: false);
                passed++;
                continue;
            }
            var error = Assert.ThrowsAny<ArgumentException>(Check);
            Assert.Equal(expected, error.ParamName);
            Assert.Contains(expected switch
            {
                "count" => "at least 0",
                "gradients" => $"at least {P} values",
                _ => $"A batch of {count} rows",
            }, error.Message);
            refused++;
        }
        Assert.True(passed > 100 && refused > 100, $"the corpus should cover both outcomes ({passed} passed, {refused} refused)");
    }

    [Fact]
    public void A_count_larger_than_the_data_names_the_rows_available()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Guard.BatchShape<float>(5, new float[4 * In], new float[5 * Out], new float[P], new float[5 * PerRow + Fixed], In, Out, P, PerRow, Fixed));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains($"A batch of 5 rows needs {5 * In} inputs", error.Message);
        Assert.Contains("(4 whole rows)", error.Message);
    }
}
