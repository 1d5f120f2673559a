using Xunit.Abstractions;
using static NetGen.Tests.Backprop.TestKit;

namespace NetGen.Tests.Backprop;

/// <summary>
/// Backpropagation against central finite differences of the loss, parameter by parameter (weights, biases and
/// PReLU slopes), on random networks. Finite differences use the fourth-order stencil
/// (8[f(θ+h) − f(θ−h)] − [f(θ+2h) − f(θ−2h)]) / 12h with h = 1e-4, whose truncation error (~h⁴) is far below
/// the rounding error (~1e-16/h), so a correct gradient agrees to about 1e-10. The error measure is
/// |g − fd| / max(|g| + |fd|, 1e-5): relative for sizeable gradients, an absolute 1e-11 bound for near-zero ones
/// (where the finite difference is only rounding noise).
/// </summary>
public sealed class GradientCheckTests(ITestOutputHelper output)
{
    private const double Step = 1e-4;
    private const double KinkMargin = 2e-3;
    private const double DoubleTolerance = 1e-6;
    private const double FloatTolerance = 2e-3;
    private const int Trials = 3;

    public static TheoryData<string> DoubleNetworks => new()
    {
        // hidden activations (3-4-4-2, linear output, ½Σe²)
        "HidSigmoid", "HidTanh", "HidReLU", "HidLeakyReLU", "HidPReLU", "HidPiecewiseLinear", "HidLinear",
        // output activation × loss (3-5-k, tanh hidden)
        "OutLinearHse", "OutLinearMse", "OutSigmoidMse", "OutSigmoidHse1", "OutTanhHse", "OutSoftmaxCe", "OutSoftmaxMse",
        "OutSoftmaxHse", "OutSigmoidBce", "OutSigmoidBce1", "OutLinearHinge", "OutTanhHinge", "OutTanhSquareLoss",
        "OutLinearSquareLoss", "OutPReLUHse", "OutPReLUSquareLoss", "OutLeakyReLUMse", "OutReLUHse", "OutPiecewiseLinearHse",
        // shapes: deeper, no bias, vectorized (TensorPrimitives) layers, forced vectorized small layers
        "ShapeDeep", "ShapeNoBias", "ShapeMixedBias", "ShapeVectorized", "ShapeVectorizedPReLU", "ShapeVectorizedSoftmax",
        "ShapeVectorizedNoBias", "ShapeForcedVectorized", "ShapeForcedVectorizedHinge",
    };

    public static TheoryData<string> FloatNetworks => new()
    {
        "FloatHidTanh", "FloatHidPReLU", "FloatOutSoftmaxCe", "FloatOutSigmoidBce", "FloatOutTanhSquareLoss",
        "FloatShapeVectorized", "FloatShapeVectorizedSoftmax",
    };

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void Double_gradient_matches_finite_differences(string network)
    {
        double worst = (double)Dispatch(typeof(GradientCheckTests), nameof(CheckDouble), network, [null])!;
        output.WriteLine($"{network}: max relative error {worst:E2}");
        Assert.True(worst <= DoubleTolerance, $"{network}: max relative error {worst:E2} > {DoubleTolerance:E0}");
    }

    /// <summary>
    /// Cross entropy −Σ y log a accepts any targets in [0, 1]; its gradient through softmax is a·Σy − y, which is
    /// the textbook a − y only when the targets sum to one. The generated gradient must match the loss it reports.
    /// </summary>
    [Theory]
    [InlineData("OutSoftmaxCe")]
    [InlineData("ShapeDeep")]
    [InlineData("ShapeVectorizedSoftmax")]
    public void Cross_entropy_gradient_is_exact_for_targets_that_do_not_sum_to_one(string network)
    {
        Func<double[], double[]> unnormalized = y => Array.ConvertAll(y, v => Math.Min(1, 0.2 + 2 * v));
        double worst = (double)Dispatch(typeof(GradientCheckTests), nameof(CheckDouble), network, unnormalized)!;
        output.WriteLine($"{network}: max relative error {worst:E2}");
        Assert.True(worst <= DoubleTolerance, $"{network}: max relative error {worst:E2} > {DoubleTolerance:E0}");
    }

    [Theory]
    [MemberData(nameof(FloatNetworks))]
    public void Float_gradient_matches_double_finite_differences(string network)
    {
        var floatType = typeof(GradientCheckTests).Assembly.GetType("NetGen.Tests.Backprop." + network)!;
        var doubleType = typeof(GradientCheckTests).Assembly.GetType("NetGen.Tests.Backprop." + network["Float".Length..])!;
        var method = typeof(GradientCheckTests).GetMethod(nameof(CheckFloat), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        double worst;
        try { worst = (double)method.MakeGenericMethod(floatType, doubleType).Invoke(null, null)!; }
        catch (System.Reflection.TargetInvocationException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw(); throw; }
        output.WriteLine($"{network}: max relative error {worst:E2}");
        Assert.True(worst <= FloatTolerance, $"{network}: max relative error {worst:E2} > {FloatTolerance:E0}");
    }

    /// <summary>Draws parameters, input and target clear of every kink; returns the kink distance found.</summary>
    internal static (double[] X, double[] Y) Draw(NetworkArchitecture arch, Span<double> p, Random rng)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            RandomParameters(arch, p, rng);
            var x = RandomInput(arch, rng);
            var y = RandomTarget(arch, rng);
            if (KinkDistance(arch, p, x, y) >= KinkMargin) return (x, y);
        }
        throw new InvalidOperationException("Could not draw a sample clear of the kinks.");
    }

    /// <summary>The loss at the current parameters through the public Predict and ComputeLoss.</summary>
    private static double Loss<TNet>(TNet net, double[] x, double[] y, double[] a) where TNet : INetwork<double>
    {
        net.Predict(x, a);
        return net.ComputeLoss(a, y);
    }

    internal static double[] FiniteDifferences<TNet>(TNet net, double[] x, double[] y) where TNet : INetwork<double>
    {
        var a = new double[net.Architecture.OutputSize];
        var p = net.Parameters;
        var fd = new double[p.Length];
        for (int k = 0; k < p.Length; k++)
        {
            double saved = p[k];
            p[k] = saved + Step; double f1 = Loss(net, x, y, a);
            p[k] = saved - Step; double fm1 = Loss(net, x, y, a);
            p[k] = saved + 2 * Step; double f2 = Loss(net, x, y, a);
            p[k] = saved - 2 * Step; double fm2 = Loss(net, x, y, a);
            p[k] = saved;
            fd[k] = (8 * (f1 - fm1) - (f2 - fm2)) / (12 * Step);
        }
        return fd;
    }

    private static double CheckDouble<TNet>(Func<double[], double[]>? retarget) where TNet : INetwork<double>, new()
    {
        var arch = new TNet().Architecture;
        var net = new TNet();
        var rng = new Random(20261122);
        double worst = 0;
        for (int trial = 0, draws = 0; trial < Trials; draws++)
        {
            Assert.True(draws < 100, "Every draw had an all-zero gradient.");
            var (x, y) = Draw(arch, net.Parameters, rng);
            if (retarget is not null) y = retarget(y);
            double loss = net.Backpropagate(x, y, accumulate: false);
            var g = net.Gradients.ToArray();
            // A draw where every ReLU output is dead has a zero gradient everywhere: correct, but it checks nothing.
            if (!g.Any(v => v != 0)) continue;
            trial++;
            var a = new double[arch.OutputSize];
            Assert.Equal(Loss(net, x, y, a), loss, 1e-12);
            var fd = FiniteDifferences(net, x, y);
            for (int k = 0; k < g.Length; k++)
                worst = Math.Max(worst, RelativeError(g[k], fd[k], 1e-5));
        }
        return worst;
    }

    private static double CheckFloat<TFloat, TDouble>() where TFloat : INetwork<float>, new() where TDouble : INetwork<double>, new()
    {
        var arch = new TDouble().Architecture;
        Assert.Equal(arch.Fingerprint.Replace("Double", "Single"), new TFloat().Architecture.Fingerprint);
        var single = new TFloat();
        var twin = new TDouble();
        var rng = new Random(777);
        double worst = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            var (x, y) = Draw(arch, twin.Parameters, rng);
            // Both networks get exactly the same (float-representable) parameters and data.
            var p = twin.Parameters;
            for (int k = 0; k < p.Length; k++) single.Parameters[k] = (float)p[k];
            for (int k = 0; k < p.Length; k++) p[k] = single.Parameters[k];
            x = Array.ConvertAll(x, v => (double)(float)v);
            y = Array.ConvertAll(y, v => (double)(float)v);
            single.Backpropagate(Convert<float>(x), Convert<float>(y), accumulate: false);
            var fd = FiniteDifferences(twin, x, y);
            var g = single.Gradients;
            for (int k = 0; k < g.Length; k++)
                worst = Math.Max(worst, RelativeError(g[k], fd[k], 1e-3));
        }
        return worst;
    }
}
