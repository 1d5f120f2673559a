namespace NetGen.Tests.Backprop;

/// <summary>
/// One scratch policy: small passes use the stack, large ones a buffer kept per thread; no pass allocates in steady
/// state and none puts more than <see cref="ScratchBuffer.StackLimit"/> elements on the stack, whatever the size.
/// </summary>
public sealed class ScratchPolicyTests
{
    [Fact]
    public void Predict_of_a_4097_wide_network_does_not_allocate()
    {
        var net = new WideScratchNet();
        float[] x = [0.5f, -0.25f], y = [0.1f], a = new float[1], rows = [0.5f, -0.25f, 1, 2], outs = new float[2];
        Assert.True(net.AsModel().BatchWorkspaceSize(0) >= 0);
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < 1000; i++) net.Predict(x, a); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < 1000; i++) net.PredictBatch(rows, outs); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < 1000; i++) net.PredictClass(x); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < 1000; i++) net.TrainStep(x, y); }));
    }

    [Fact]
    public void Predict_of_a_wide_network_is_correct_on_several_threads()
    {
        var net = new WideScratchNet();
        float[] x = [0.5f, -0.25f], expected = new float[1];
        net.Predict(x, expected);
        Parallel.For(0, 8, _ =>
        {
            var a = new float[1];
            for (int i = 0; i < 200; i++)
            {
                net.Predict(x, a);
                Assert.Equal(expected[0], a[0]);
            }
        });
    }

    private static long Allocated(Action body)
    {
        body();
        body();
        long before = GC.GetAllocatedBytesForCurrentThread();
        body();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
