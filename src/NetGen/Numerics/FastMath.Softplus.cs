namespace NetGen.Numerics;

public static partial class FastMath
{
    /// <summary>
    /// <c>log(1 + e^x)</c> without overflow or cancellation: <c>max(x, 0) + log1p(e^-|x|)</c>, with log1p computed as
    /// <c>log(u) · t / (u − 1)</c>, <c>u = 1 + t</c> (exact to a few ulps where <c>log(1 + t)</c> would lose every digit
    /// of a tiny t). The logistic losses computed from the logit (binary cross entropy through a sigmoid) use it.
    /// </summary>
    public static float Softplus(float x)
    {
        float t = Exp(-MathF.Abs(x));
        float u = 1f + t;
        float log1p = u == 1f ? t : MathF.Log(u) * t / (u - 1f);
        return MathF.Max(x, 0f) + log1p;
    }

    /// <inheritdoc cref="Softplus(float)"/>
    public static double Softplus(double x)
    {
        double t = Exp(-Math.Abs(x));
        double u = 1.0 + t;
        double log1p = u == 1.0 ? t : Math.Log(u) * t / (u - 1.0);
        return Math.Max(x, 0.0) + log1p;
    }
}
