namespace NetGen.Tests.Training;

[Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
[Input(1)]
[Dense(1, Activation.Sigmoid)]
public partial class LogitBceD;

[Network(Loss.BinaryCrossEntropy)]
[Input(1)]
[Dense(1, Activation.Sigmoid)]
public partial class LogitBceF;

/// <summary>
/// Binary cross entropy through a sigmoid is computed from the logit z on the training paths
/// (<c>max(z, 0) − z y + log1p(e^−|z|)</c>): it neither saturates (at 690.78 in double, 69.08 in float, the old
/// floor of a) nor loses the digits of a tiny loss as a rounds to 1. The network is z = 1·x + 0, so the input is the logit.
/// </summary>
public sealed class LogitLossTests
{
    [Theory]
    [InlineData(20.0)]
    [InlineData(40.0)]
    [InlineData(100.0)]
    [InlineData(700.0)]
    [InlineData(-20.0)]
    [InlineData(-700.0)]
    public void Double_loss_from_a_large_logit_is_the_softplus_form(double logit)
    {
        var net = new LogitBceD();
        net.Parameters[0] = 1;
        net.Parameters[1] = 0;
        foreach (double target in new[] { 1.0, 0.0, 0.25 })
            AssertLoss(net, logit, target, 1e-12);
    }

    [Theory]
    [InlineData(10f)]
    [InlineData(20f)]
    [InlineData(50f)]
    [InlineData(-50f)]
    public void Float_loss_from_a_large_logit_is_the_softplus_form(float logit)
    {
        var net = new LogitBceF();
        net.Parameters[0] = 1;
        net.Parameters[1] = 0;
        foreach (float target in new[] { 1f, 0f, 0.25f })
            AssertLoss(net, logit, target, 1e-6);
    }

    private static void AssertLoss<TKernels, T>(Network<TKernels, T> net, T logit, T target, double tolerance)
        where TKernels : struct, INetworkKernels<T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double expected = Softplus(double.CreateChecked(logit), double.CreateChecked(target));
        T perSample = net.Backpropagate([logit], [target], accumulate: false);
        AssertClose(expected, double.CreateChecked(perSample), tolerance, $"per sample, z = {logit}, y = {target}");
        var gradients = new T[net.Parameters.Length];
        T batched = net.BackpropagateBatch([logit], [target], 1, gradients, new T[Network<TKernels, T>.BatchWorkspaceSize(1)], accumulate: false);
        Assert.Equal(perSample, batched);
    }

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    /// <summary>The exact loss for |z| ≥ 10: t = e^−|z| ≤ 5e-5, so four terms of log1p's series are exact to 1e-19.</summary>
    private static double Softplus(double z, double y)
    {
        Assert.True(Math.Abs(z) >= 10);
        double t = Math.Exp(-Math.Abs(z));
        double log1p = t - t * t / 2 + t * t * t / 3 - t * t * t * t / 4;
        return Math.Max(z, 0) - z * y + log1p;
    }
}
