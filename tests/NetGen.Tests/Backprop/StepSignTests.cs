namespace NetGen.Tests.Backprop;

/// <summary>Step and Sign (inference-only, NG0016) compile and compute the course's values.</summary>
public sealed class StepSignTests
{
    // One layer of 3 neurons; with W = identity and b = 0, z = x.
    private static void Identity(Span<float> p)
    {
        p.Clear();
        for (int i = 0; i < 3; i++) p[i * 3 + i] = 1;
    }

    [Fact]
    public void Step_is_zero_half_one()
    {
        var net = new StepNet();
        Identity(net.Parameters);
        var a = new float[3];
        net.Predict([-2f, 0f, 3f], a);
        Assert.Equal([0f, 0.5f, 1f], a);
        net.Predict([1e-30f, -1e-30f, -0f], a);
        Assert.Equal([1f, 0f, 0.5f], a);
    }

    [Fact]
    public void Sign_is_minus_one_zero_one()
    {
        var net = new SignNet();
        var p = net.Parameters;
        p.Clear();
        for (int i = 0; i < 3; i++) p[i * 3 + i] = 1;
        var a = new double[3];
        net.Predict([-0.5, 0, 7], a);
        Assert.Equal([-1.0, 0.0, 1.0], a);
        // Biases shift the threshold: b = (1, -1, 0) makes z = (0.5, -1, 7).
        p[9] = 1; p[10] = -1;
        net.Predict([-0.5, 0, 7], a);
        Assert.Equal([1.0, -1.0, 1.0], a);
    }

    [Fact]
    public void Step_then_sign_runs_forward_and_has_a_zero_gradient()
    {
        var net = new StepSignNet();
        var p = net.Parameters;
        p.Clear();
        // Layer 1 (2 -> 3, Step): z = (x0, x1, x0 - x1). Layer 2 (3 -> 3, Sign): z = a - 0.5.
        p[0] = 1; p[2] = 1; p[4] = 1; p[5] = -1;
        int l2 = 2 * 3 + 3;
        for (int i = 0; i < 3; i++) p[l2 + i * 3 + i] = 1;
        for (int j = 0; j < 3; j++) p[l2 + 9 + j] = -0.5f;
        var a = new float[3];
        net.Predict([2f, 0f], a); // step: (1, 0.5, 1) -> sign(0.5, 0, 0.5)
        Assert.Equal([1f, 0f, 1f], a);
        net.Predict([-1f, 3f], a); // step: (0, 1, 0) -> sign(-0.5, 0.5, -0.5)
        Assert.Equal([-1f, 1f, -1f], a);
        // The derivative is zero almost everywhere, so no gradient reaches any weight.
        net.Backpropagate([-1f, 3f], [1, 1, 1], accumulate: false);
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }
}
