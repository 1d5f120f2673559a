using NetGen.Tests.Networks;

namespace NetGen.Tests.Backprop;

/// <summary>Training and inference must not allocate: every buffer lives in the network or on the stack.</summary>
public sealed class ZeroAllocationTests
{
    private const int Calls = 100_000;

    private static long Allocated(Action body)
    {
        body(); // warm up: JIT, tiering, statics
        body();
        long before = GC.GetAllocatedBytesForCurrentThread();
        body();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Small_unrolled_network_does_not_allocate()
    {
        var net = new XorNet();
        float[] x = [1, 0], y = [1], a = new float[1], batch = [0, 0, 0, 1, 1, 0, 1, 1], batchOut = new float[4];
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.TrainStep(x, y); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.TrainStep(x, i & 1); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.Predict(x, a); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.Backpropagate(x, y, accumulate: (i & 1) == 0); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls / 4; i++) net.PredictBatch(batch, batchOut); }));
    }

    [Fact]
    public void Vectorized_network_does_not_allocate()
    {
        var net = new DigitsNet();
        var x = new float[DigitsNet.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 7) / 7f;
        var y = new float[DigitsNet.OutputSize];
        y[3] = 1;
        var a = new float[DigitsNet.OutputSize];
        var batch = new float[DigitsNet.InputSize * 3];
        var batchOut = new float[DigitsNet.OutputSize * 3];
        net.LearningRate = 1e-4f;
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.TrainStep(x, y); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.TrainStep(x, i % 10); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.Predict(x, a); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.Backpropagate(x, y, accumulate: (i & 1) == 0); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls / 10; i++) net.PredictBatch(batch, batchOut); }));
    }

    [Fact]
    public void Double_network_with_prelu_does_not_allocate()
    {
        var net = new ShapeVectorizedPReLU();
        var x = new double[20];
        var y = new double[4];
        var a = new double[4];
        net.LearningRate = 1e-4;
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.TrainStep(x, y); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.Predict(x, a); }));
        Assert.Equal(0, Allocated(() => { for (int i = 0; i < Calls; i++) net.Backpropagate(x, y, accumulate: true); }));
    }
}
