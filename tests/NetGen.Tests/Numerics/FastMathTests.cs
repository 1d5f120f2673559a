using NetGen.Numerics;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Accuracy and consistency of <see cref="FastMath"/>. The bounds asserted here are the ones documented on
/// <see cref="FastMath"/>; float is compared against the double-precision <see cref="Math"/> result, double
/// against <see cref="Math"/> itself (error in ulps of the reference, as a distance between bit patterns).
/// </summary>
public class FastMathTests
{
    private const int GridPoints = 1_000_000;

    private const double ExpUlpF = 1, TanhUlpF = 3, SigmoidUlpF = 3;
    private const double ExpUlpD = 2, TanhUlpD = 3, SigmoidUlpD = 3;

    private static double SigmoidRef(double x) => x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));

    /// <summary>Grid over [-100, 100] plus regions around the overflow, underflow and saturation thresholds.</summary>
    private static IEnumerable<double> Arguments(bool isDouble)
    {
        for (int i = 0; i <= GridPoints; i++) yield return -100.0 + 200.0 * i / GridPoints;
        for (int i = 0; i <= 100_000; i++) yield return -1e-3 + 2e-3 * i / 100_000; // near zero
        double lo = isDouble ? -746 : -105, hi = isDouble ? 711 : 90;
        for (int i = 0; i <= 200_000; i++) yield return lo + (hi - lo) * i / 200_000;
        // subnormal results / overflow edges and values around them
        double[] edges = isDouble
            ? [709.782712893384, 709.7827128933841, -708.3964185322641, -745.1332191019411, -745.1332191019412, -744.44007192138122]
            : [88.72283935546875, 88.72284, 88.7228317, -87.33654, -103.278929, -103.972076, -103.972084];
        foreach (double e in edges)
            for (int k = -50; k <= 50; k++)
                yield return isDouble ? BitStep(e, k) : BitStepF((float)e, k);
    }

    private static double BitStep(double x, int k)
    {
        for (; k > 0; k--) x = Math.BitIncrement(x);
        for (; k < 0; k++) x = Math.BitDecrement(x);
        return x;
    }

    private static float BitStepF(float x, int k)
    {
        for (; k > 0; k--) x = MathF.BitIncrement(x);
        for (; k < 0; k++) x = MathF.BitDecrement(x);
        return x;
    }

    /// <summary>|actual - reference| in units of the float spacing at the reference (subnormal spacing below 2^-126).</summary>
    private static double UlpErrorF(float actual, double reference)
    {
        if (double.IsNaN(reference)) return float.IsNaN(actual) ? 0 : double.PositiveInfinity;
        float rounded = (float)reference;
        if (float.IsInfinity(rounded) || float.IsInfinity(actual)) return actual == rounded ? 0 : double.PositiveInfinity;
        double a = Math.Abs(reference);
        int exp = a < 1.1754943508222875e-38 ? -126 : Math.ILogB(a);
        double ulp = Math.ScaleB(1.0, exp - 23);
        return Math.Abs(actual - reference) / ulp;
    }

    private static double UlpErrorD(double actual, double reference)
    {
        if (double.IsNaN(reference)) return double.IsNaN(actual) ? 0 : double.PositiveInfinity;
        if (double.IsInfinity(reference) || double.IsInfinity(actual)) return actual == reference ? 0 : double.PositiveInfinity;
        if (Math.Sign(actual) * Math.Sign(reference) < 0) return double.PositiveInfinity;
        long a = BitConverter.DoubleToInt64Bits(Math.Abs(actual)), r = BitConverter.DoubleToInt64Bits(Math.Abs(reference));
        return Math.Abs(a - r);
    }

    private static void CheckFloat(Func<float, float> f, Func<double, double> reference, double bound, string name)
    {
        double worst = 0, worstX = 0;
        foreach (double xd in Arguments(false))
        {
            float x = (float)xd;
            double e = UlpErrorF(f(x), reference(x));
            if (e > worst) { worst = e; worstX = x; }
        }
        Assert.True(worst <= bound, $"{name}(float): max error {worst:F3} ulp at x = {worstX:R} exceeds {bound}");
    }

    private static void CheckDouble(Func<double, double> f, Func<double, double> reference, double bound, string name)
    {
        double worst = 0, worstX = 0;
        foreach (double x in Arguments(true))
        {
            double e = UlpErrorD(f(x), reference(x));
            if (e > worst) { worst = e; worstX = x; }
        }
        Assert.True(worst <= bound, $"{name}(double): max error {worst} ulp at x = {worstX:R} exceeds {bound}");
    }

    [Fact] public void ExpFloatWithinBound() => CheckFloat(FastMath.Exp, Math.Exp, ExpUlpF, "Exp");
    [Fact] public void TanhFloatWithinBound() => CheckFloat(FastMath.Tanh, Math.Tanh, TanhUlpF, "Tanh");
    [Fact] public void SigmoidFloatWithinBound() => CheckFloat(FastMath.Sigmoid, SigmoidRef, SigmoidUlpF, "Sigmoid");
    [Fact] public void ExpDoubleWithinBound() => CheckDouble(FastMath.Exp, Math.Exp, ExpUlpD, "Exp");
    [Fact] public void TanhDoubleWithinBound() => CheckDouble(FastMath.Tanh, Math.Tanh, TanhUlpD, "Tanh");
    [Fact] public void SigmoidDoubleWithinBound() => CheckDouble(FastMath.Sigmoid, SigmoidRef, SigmoidUlpD, "Sigmoid");

    [Fact]
    public void SpecialValuesFloat()
    {
        Assert.Equal(1f, FastMath.Exp(0f));
        Assert.Equal(1f, FastMath.Exp(-0f));
        Assert.Equal(float.PositiveInfinity, FastMath.Exp(float.PositiveInfinity));
        Assert.Equal(float.PositiveInfinity, FastMath.Exp(88.73f));
        Assert.Equal(float.PositiveInfinity, FastMath.Exp(1e30f));
        Assert.Equal(0f, FastMath.Exp(float.NegativeInfinity));
        Assert.Equal(0f, FastMath.Exp(-104f));
        Assert.Equal(0f, FastMath.Exp(-1e30f));
        Assert.True(FastMath.Exp(-100f) is > 0f and < 1.2e-38f, "exp(-100) must be a positive subnormal");
        Assert.Equal(1f, FastMath.Exp(float.Epsilon));
        Assert.True(float.IsNaN(FastMath.Exp(float.NaN)));

        Assert.Equal(0f, FastMath.Tanh(0f));
        Assert.True(float.IsNegative(FastMath.Tanh(-0f)));
        Assert.Equal(float.Epsilon, FastMath.Tanh(float.Epsilon));
        Assert.Equal(-float.Epsilon, FastMath.Tanh(-float.Epsilon));
        Assert.Equal(1e-30f, FastMath.Tanh(1e-30f));
        foreach (float big in new[] { 10f, 20f, 88f, 1e30f, float.MaxValue, float.PositiveInfinity })
        {
            Assert.Equal(1f, FastMath.Tanh(big));
            Assert.Equal(-1f, FastMath.Tanh(-big));
        }
        Assert.True(float.IsNaN(FastMath.Tanh(float.NaN)));

        Assert.Equal(0.5f, FastMath.Sigmoid(0f));
        Assert.Equal(0.5f, FastMath.Sigmoid(-0f));
        Assert.Equal(1f, FastMath.Sigmoid(float.PositiveInfinity));
        Assert.Equal(0f, FastMath.Sigmoid(float.NegativeInfinity));
        Assert.Equal(1f, FastMath.Sigmoid(float.MaxValue));
        Assert.Equal(0f, FastMath.Sigmoid(float.MinValue));
        Assert.True(float.IsNaN(FastMath.Sigmoid(float.NaN)));
        for (float x = -200f; x <= 200f; x += 0.37f)
        {
            float s = FastMath.Sigmoid(x);
            Assert.True(s is >= 0f and <= 1f, $"sigmoid({x}) = {s}");
        }
    }

    [Fact]
    public void SpecialValuesDouble()
    {
        Assert.Equal(1.0, FastMath.Exp(0.0));
        Assert.Equal(1.0, FastMath.Exp(-0.0));
        Assert.Equal(double.PositiveInfinity, FastMath.Exp(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, FastMath.Exp(709.79));
        Assert.Equal(double.PositiveInfinity, FastMath.Exp(1e300));
        Assert.Equal(0.0, FastMath.Exp(double.NegativeInfinity));
        Assert.Equal(0.0, FastMath.Exp(-746.0));
        Assert.Equal(0.0, FastMath.Exp(-1e300));
        Assert.True(FastMath.Exp(-740.0) is > 0.0 and < 2.3e-308, "exp(-740) must be a positive subnormal");
        Assert.Equal(1.0, FastMath.Exp(double.Epsilon));
        Assert.True(double.IsNaN(FastMath.Exp(double.NaN)));

        Assert.Equal(0.0, FastMath.Tanh(0.0));
        Assert.True(double.IsNegative(FastMath.Tanh(-0.0)));
        Assert.Equal(double.Epsilon, FastMath.Tanh(double.Epsilon));
        Assert.Equal(1e-300, FastMath.Tanh(1e-300));
        foreach (double big in new[] { 22.0, 40.0, 710.0, 1e300, double.MaxValue, double.PositiveInfinity })
        {
            Assert.Equal(1.0, FastMath.Tanh(big));
            Assert.Equal(-1.0, FastMath.Tanh(-big));
        }
        Assert.True(double.IsNaN(FastMath.Tanh(double.NaN)));

        Assert.Equal(0.5, FastMath.Sigmoid(0.0));
        Assert.Equal(1.0, FastMath.Sigmoid(double.PositiveInfinity));
        Assert.Equal(0.0, FastMath.Sigmoid(double.NegativeInfinity));
        Assert.Equal(0.0, FastMath.Sigmoid(double.MinValue));
        Assert.True(double.IsNaN(FastMath.Sigmoid(double.NaN)));
    }

    private static float[] SpanInput(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        float[] specials = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 100f, -100f, 1e-40f, 89f, -104f];
        for (int i = 0; i < length; i++)
            x[i] = i % 7 == 3 ? specials[rng.Next(specials.Length)] : (float)(rng.NextDouble() * 40 - 20);
        return x;
    }

    public static TheoryData<string> Functions => new() { "Exp", "Tanh", "Sigmoid" };

    [Theory]
    [MemberData(nameof(Functions))]
    public void SpanMatchesScalarForEveryLengthFloat(string function)
    {
        (Action<ReadOnlySpan<float>, Span<float>> span, Func<float, float> scalar) = function switch
        {
            "Exp" => ((Action<ReadOnlySpan<float>, Span<float>>)FastMath.Exp, (Func<float, float>)FastMath.Exp),
            "Tanh" => (FastMath.Tanh, FastMath.Tanh),
            _ => (FastMath.Sigmoid, FastMath.Sigmoid),
        };
        for (int n = 0; n <= 70; n++)
        {
            float[] x = SpanInput(n, n);
            var y = new float[n + 1];
            y[n] = 12345f;
            span(x, y);
            Assert.Equal(12345f, y[n]); // nothing written past the end
            var inPlace = (float[])x.Clone();
            span(inPlace, inPlace);
            for (int i = 0; i < n; i++)
            {
                float expected = scalar(x[i]);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(y[i]) || (float.IsNaN(expected) && float.IsNaN(y[i])),
                    $"{function} n={n} i={i} x={x[i]:R}: span {y[i]:R} scalar {expected:R}");
                Assert.Equal(BitConverter.SingleToInt32Bits(y[i]), BitConverter.SingleToInt32Bits(inPlace[i]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void SpanMatchesScalarForEveryLengthDouble(string function)
    {
        (Action<ReadOnlySpan<double>, Span<double>> span, Func<double, double> scalar) = function switch
        {
            "Exp" => ((Action<ReadOnlySpan<double>, Span<double>>)FastMath.Exp, (Func<double, double>)FastMath.Exp),
            "Tanh" => (FastMath.Tanh, FastMath.Tanh),
            _ => (FastMath.Sigmoid, FastMath.Sigmoid),
        };
        for (int n = 0; n <= 70; n++)
        {
            double[] x = Array.ConvertAll(SpanInput(n, 1000 + n), v => v is 89f ? 709.9 : v is -104f ? -745.5 : (double)v);
            var y = new double[n + 1];
            y[n] = 12345.0;
            span(x, y);
            Assert.Equal(12345.0, y[n]);
            var inPlace = (double[])x.Clone();
            span(inPlace, inPlace);
            for (int i = 0; i < n; i++)
            {
                double expected = scalar(x[i]);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(y[i]) || (double.IsNaN(expected) && double.IsNaN(y[i])),
                    $"{function} n={n} i={i} x={x[i]:R}: span {y[i]:R} scalar {expected:R}");
                Assert.Equal(BitConverter.DoubleToInt64Bits(y[i]), BitConverter.DoubleToInt64Bits(inPlace[i]));
            }
        }
    }

    [Fact]
    public void SpanArgumentValidation()
    {
        var a = new float[10];
        Assert.Throws<ArgumentException>(() => FastMath.Exp(a, new float[9]));
        Assert.Throws<ArgumentException>(() => FastMath.Exp(a.AsSpan(0, 8), a.AsSpan(1, 8)));
        FastMath.Exp(a.AsSpan(0, 8), a.AsSpan(0, 8)); // exact aliasing is fine
        FastMath.Exp(a.AsSpan(0, 4), a.AsSpan(4, 4)); // disjoint is fine
    }
}
