using System.Numerics;

namespace NetGen.Tests.Batch;

/// <summary>The batched forward/backward (matrix kernels) gives the sum of the per-sample gradients and losses.</summary>
public sealed class BatchGradientTests
{
    public static TheoryData<int> BatchSizes => new() { 1, 3, 8, 13, 37 };

    [Theory, MemberData(nameof(BatchSizes))]
    public void Small_double_softmax_ce(int count) => Check<BatchSmallSoftmaxD.Model, double>(new BatchSmallSoftmaxD().AsModel(), count, 1e-10);

    [Theory, MemberData(nameof(BatchSizes))]
    public void Small_double_prelu_sigmoid_bce(int count) => Check<BatchSmallBceD.Model, double>(new BatchSmallBceD().AsModel(), count, 1e-10);

    [Theory, MemberData(nameof(BatchSizes))]
    public void Wide_double_prelu_sigmoid_softmax_ce(int count) => Check<BatchWideSoftmaxD.Model, double>(new BatchWideSoftmaxD().AsModel(), count, 1e-10);

    [Theory, MemberData(nameof(BatchSizes))]
    public void Wide_double_tanh_sigmoid_bce(int count) => Check<BatchWideBceD.Model, double>(new BatchWideBceD().AsModel(), count, 1e-10);

    [Theory, MemberData(nameof(BatchSizes))]
    public void Double_piecewise_hinge_nobias(int count) => Check<BatchHingeD.Model, double>(new BatchHingeD().AsModel(), count, 1e-10);

    [Theory, MemberData(nameof(BatchSizes))]
    public void Wide_float_prelu_relu_softmax_ce(int count) => Check<BatchWideSoftmaxF.Model, float>(new BatchWideSoftmaxF().AsModel(), count, 1e-5);

    [Theory, MemberData(nameof(BatchSizes))]
    public void Wide_float_tanh_sigmoid_bce(int count) => Check<BatchWideBceF.Model, float>(new BatchWideBceF().AsModel(), count, 1e-5);

    [Theory, MemberData(nameof(BatchSizes))]
    public void Float_softmax_jacobian_mse(int count) => Check<BatchSoftmaxMseF.Model, float>(new BatchSoftmaxMseF().AsModel(), count, 1e-5);

    [Fact]
    public void Batch_adds_to_the_gradient_buffer()
    {
        var model = new BatchSmallSoftmaxD().AsModel();
        var (x, y) = BatchData.Make<double>(model.Architecture, 5, seed: 3);
        var ws = new double[model.BatchWorkspaceSize(5)];
        var once = new double[model.Architecture.ParameterCount];
        model.BackpropagateBatch(x, y, 5, once, ws, accumulate: true);
        var twice = new double[once.Length];
        twice.AsSpan().Fill(double.NaN);
        model.BackpropagateBatch(x, y, 5, twice, ws, accumulate: false);
        model.BackpropagateBatch(x, y, 5, twice, ws, accumulate: true);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], twice[i], 1e-12);
    }

    private static void Check<TNet, T>(TNet model, int count, double tolerance)
        where TNet : struct, ITrainableNetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = model.Architecture;
        int n = arch.InputSize, m = arch.OutputSize, p = arch.ParameterCount;
        var (x, y) = BatchData.Make<T>(arch, count, seed: count);

        T expectedLoss = T.Zero;
        for (int r = 0; r < count; r++)
            expectedLoss += model.Backpropagate(x.AsSpan(r * n, n), y.AsSpan(r * m, m), accumulate: r != 0);
        var expected = model.Gradients.ToArray();

        var gradients = new T[p];
        gradients.AsSpan().Fill(T.NaN); // accumulate: false must overwrite every element
        var workspace = new T[model.BatchWorkspaceSize(count)];
        workspace.AsSpan().Fill(T.NaN); // the batch path must not read stale workspace
        T loss = model.BackpropagateBatch(x, y, count, gradients, workspace, accumulate: false);

        double scale = 0;
        foreach (var g in expected) scale = Math.Max(scale, Math.Abs(double.CreateTruncating(g)));
        Assert.True(scale > 0);
        // Relative error, with a floor for components that are sums of cancelling terms (their rounding error is
        // relative to the terms, not to the small result): 1% of the largest gradient for double, 10% for float.
        double floor = (typeof(T) == typeof(float) ? 0.1 : 0.01) * scale;
        for (int i = 0; i < p; i++)
        {
            double e = double.CreateTruncating(expected[i]), a = double.CreateTruncating(gradients[i]);
            Assert.True(Math.Abs(a - e) <= tolerance * Math.Max(Math.Abs(e), floor),
                $"gradient {i}: batched {a:R}, per-sample sum {e:R} (scale {scale:R})");
        }
        double el = double.CreateTruncating(expectedLoss), al = double.CreateTruncating(loss);
        Assert.True(Math.Abs(al - el) <= tolerance * Math.Abs(el) + 1e-300, $"loss: batched {al:R}, per-sample sum {el:R}");
    }
}

internal static class BatchData
{
    /// <summary>Random inputs in [-1, 1] and targets valid for the architecture's loss.</summary>
    public static (T[] Inputs, T[] Targets) Make<T>(NetworkArchitecture arch, int count, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed * 7919 + 17);
        int n = arch.InputSize, m = arch.OutputSize;
        var x = new T[count * n];
        var y = new T[count * m];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        for (int r = 0; r < count; r++)
        {
            var row = y.AsSpan(r * m, m);
            switch (arch.Loss)
            {
                case Loss.CrossEntropy:
                    row[random.Next(m)] = T.One;
                    break;
                case Loss.BinaryCrossEntropy:
                    for (int j = 0; j < m; j++) row[j] = random.Next(2) == 0 ? T.Zero : T.One;
                    break;
                case Loss.Hinge or Loss.SquareLoss:
                    for (int j = 0; j < m; j++) row[j] = random.Next(2) == 0 ? -T.One : T.One;
                    break;
                default:
                    for (int j = 0; j < m; j++) row[j] = T.CreateTruncating(random.NextDouble());
                    break;
            }
        }
        return (x, y);
    }

    public static Dataset<T> Dataset<T>(NetworkArchitecture arch, int count, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (x, y) = Make<T>(arch, count, seed);
        return new Dataset<T>(x, y, arch.InputSize, arch.OutputSize);
    }
}

public sealed class BlockedPredictTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(150)]
    public void PredictBatchBlocked_matches_Predict(int rows)
    {
        var net = new BatchWideSoftmaxD();
        var (x, _) = BatchData.Make<double>(BatchWideSoftmaxD.Architecture, rows, seed: 11);
        var blocked = new double[rows * BatchWideSoftmaxD.OutputSize];
        net.PredictBatchBlocked(x, blocked);
        var one = new double[BatchWideSoftmaxD.OutputSize];
        for (int r = 0; r < rows; r++)
        {
            net.Predict(x.AsSpan(r * BatchWideSoftmaxD.InputSize, BatchWideSoftmaxD.InputSize), one);
            for (int j = 0; j < one.Length; j++) Assert.Equal(one[j], blocked[r * one.Length + j], 1e-12);
        }
        // Warm, it allocates nothing (pooled scratch).
        net.PredictBatchBlocked(x, blocked);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) net.PredictBatchBlocked(x, blocked);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// A bad input in a later block (or another thread's share) is named by its index in the whole batch, and no output
    /// is written: every input is checked before any block runs.
    /// </summary>
    [Theory]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void A_bad_input_in_a_later_block_is_named_by_its_place_in_the_whole_batch_and_nothing_is_written(int threads, bool blocked)
    {
        var net = new BatchWideBceF();
        var (x, _) = BatchData.Make<float>(BatchWideBceF.Architecture, 150, seed: 13);
        int bad = 140 * BatchWideBceF.InputSize + 2; // row 140: the third block, the second thread's share
        x[bad] = float.PositiveInfinity;
        var outputs = new float[150 * BatchWideBceF.OutputSize];
        Array.Fill(outputs, -7f);
        Action predict = (threads, blocked) switch
        {
            (0, _) => () => net.PredictBatchBlocked(x, outputs),
            (_, true) => () => net.PredictBatchBlocked(x, outputs, threads),
            _ => () => net.PredictBatch(x, outputs, threads),
        };
        var error = Assert.Throws<ArgumentException>(predict);
        Assert.Contains($"inputs[{bad}]", error.Message);
        Assert.Equal("inputs", error.ParamName);
        Assert.All(outputs, o => Assert.Equal(-7f, o));
    }

    [Fact]
    public void PredictBatchBlocked_float_matches_Predict()
    {
        var net = new BatchWideBceF();
        var (x, _) = BatchData.Make<float>(BatchWideBceF.Architecture, 70, seed: 12);
        var blocked = new float[70 * BatchWideBceF.OutputSize];
        net.PredictBatchBlocked(x, blocked);
        var one = new float[BatchWideBceF.OutputSize];
        for (int r = 0; r < 70; r++)
        {
            net.Predict(x.AsSpan(r * BatchWideBceF.InputSize, BatchWideBceF.InputSize), one);
            for (int j = 0; j < one.Length; j++) Assert.Equal(one[j], blocked[r * one.Length + j], 1e-5f);
        }
    }
}
