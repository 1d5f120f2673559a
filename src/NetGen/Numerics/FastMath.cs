using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Numerics;

/// <summary>
/// Fast, vectorized <c>exp</c>, <c>tanh</c> and logistic sigmoid for <see cref="float"/> and <see cref="double"/>,
/// as scalars, as <see cref="Vector128{T}"/>/<see cref="Vector256{T}"/>/<see cref="Vector512{T}"/> and over spans.
/// <para>
/// Algorithm: Cody-Waite range reduction <c>x = n ln2 + r</c>, <c>|r| ≤ ln2/2</c> (n from the FMA-based
/// round-to-nearest "magic number" trick), a polynomial for <c>e^r - 1</c> (degree 7, Cephes coefficients, for
/// <see cref="float"/>; degree-13 Taylor for <see cref="double"/>), and scaling by <c>2^n</c> built in the exponent
/// bits (in two steps for <c>exp</c>, so subnormal results are rounded once). <c>tanh(x)</c> is evaluated as
/// <c>-em / (em + 2)</c> with <c>em = expm1(-2|x|)</c>, which has no cancellation near zero;
/// <c>sigmoid(x)</c> as <c>1 / (1 + e)</c> for x ≥ 0 and <c>e / (1 + e)</c> for x &lt; 0 with <c>e = exp(-|x|)</c>,
/// so tiny results keep their precision.
/// </para>
/// <para>
/// Measured accuracy (tests/NetGen.Tests/Numerics/FastMathTests.cs, 10^6-point grid over [-100, 100] plus
/// the overflow/underflow/subnormal ranges and special values; float against <see cref="Math"/> in double,
/// double against <see cref="Math"/>, whose own error is below 1 ulp):
/// <list type="table">
/// <listheader><term>function</term><description>documented bound (measured max), float / double</description></listheader>
/// <item><term>Exp</term><description>1 ulp (0.99) / 2 ulp (1)</description></item>
/// <item><term>Tanh</term><description>3 ulp (2.49) / 3 ulp (3)</description></item>
/// <item><term>Sigmoid</term><description>3 ulp (2.25) / 3 ulp (2)</description></item>
/// </list>
/// Special values: <c>exp</c> overflows to +∞ and underflows through the subnormals to +0; <c>tanh</c> is exactly
/// ±1 for large |x| (|x| ≥ 10 for float, ≥ 22 for double) and keeps the sign of ±0; <c>sigmoid</c> is in [0, 1]
/// and never NaN for non-NaN input (±∞ included); NaN propagates everywhere.
/// </para>
/// <para>
/// Scalar, vector and span results are bit-for-bit identical (same operation sequence, fused multiply-adds
/// throughout). The exception is .NET 8 on hardware without FMA, where the vector kernels fall back to an unfused
/// multiply-add and may differ from the scalar result by about an ulp.
/// </para>
/// <para>
/// The span overloads pick the widest accelerated vector size (a JIT-time constant) that fits the span at least
/// once and finish a partial last vector by re-processing the span's final full vector (loaded up front, so
/// in-place calls are safe); 2-3 floats are packed into one Vector128; a single element uses the scalar code. The destination may be the
/// source itself (in-place) but must not overlap it partially.
/// </para>
/// </summary>
public static partial class FastMath
{
    // ---- float constants ----
    private const float Log2EF = 1.44269504088896341f;
    private const float Ln2HiF = 0.693359375f;
    private const float Ln2LoF = -2.12194440e-4f;
    private const float RoundMagicF = 12582912f; // 1.5 * 2^23
    private const int RoundMagicBitsF = 0x4B400000;
    private const float ExpMinF = -104f;  // exp(-104) < min subnormal / 2 → 0
    private const float ExpMaxF = 89f;    // exp(89) > float.MaxValue → +inf
    private const float TanhArgMinF = -20f; // -2|x| clamp: tanh(10) rounds to 1
    private const float P0F = 1.9875691500E-4f;
    private const float P1F = 1.3981999507E-3f;
    private const float P2F = 8.3334519073E-3f;
    private const float P3F = 4.1665795894E-2f;
    private const float P4F = 1.6666665459E-1f;
    private const float P5F = 5.0000001201E-1f;

    // ---- double constants ----
    private const double Log2ED = 1.4426950408889634074;
    private const double Ln2HiD = 6.93147180369123816490e-01;
    private const double Ln2LoD = 1.90821492927058770002e-10;
    private const double RoundMagicD = 6755399441055744.0; // 1.5 * 2^52
    private const long RoundMagicBitsD = 0x4338000000000000;
    private const double ExpMinD = -746.0; // exp(-746) < min subnormal / 2 → 0
    private const double ExpMaxD = 710.0;  // exp(710) > double.MaxValue → +inf
    private const double TanhArgMinD = -44.0; // -2|x| clamp: tanh(22) rounds to 1
    // 1/k! for k = 13 .. 2
    private const double Q13 = 1.0 / 6227020800.0;
    private const double Q12 = 1.0 / 479001600.0;
    private const double Q11 = 1.0 / 39916800.0;
    private const double Q10 = 1.0 / 3628800.0;
    private const double Q9 = 1.0 / 362880.0;
    private const double Q8 = 1.0 / 40320.0;
    private const double Q7 = 1.0 / 5040.0;
    private const double Q6 = 1.0 / 720.0;
    private const double Q5 = 1.0 / 120.0;
    private const double Q4 = 1.0 / 24.0;
    private const double Q3 = 1.0 / 6.0;
    private const double Q2 = 0.5;

    // =====================================================================================================
    // Scalars
    // =====================================================================================================

    /// <summary><c>e^x</c> (max error 1 ulp). +∞ above ~88.72, +0 below ~-103.97, NaN propagates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // here and on Sigmoid: a single sample's critical path, where a call spills the caller's registers
    public static float Exp(float x)
    {
        if (float.IsNaN(x)) return x;
        float xc = x < ExpMinF ? ExpMinF : x > ExpMaxF ? ExpMaxF : x;
        float t = MathF.FusedMultiplyAdd(xc, Log2EF, RoundMagicF);
        float n = t - RoundMagicF;
        float r = MathF.FusedMultiplyAdd(n, -Ln2HiF, xc);
        r = MathF.FusedMultiplyAdd(n, -Ln2LoF, r);
        float p = Expm1PolyF(r) + 1f;
        int ni = BitConverter.SingleToInt32Bits(t) - RoundMagicBitsF;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        float s1 = BitConverter.Int32BitsToSingle((n1 + 127) << 23);
        float s2 = BitConverter.Int32BitsToSingle((n2 + 127) << 23);
        return p * s1 * s2;
    }

    /// <summary><c>e^x</c> (max error 2 ulp). +∞ above ~709.78, +0 below ~-745.13, NaN propagates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        double xc = x < ExpMinD ? ExpMinD : x > ExpMaxD ? ExpMaxD : x;
        double t = Math.FusedMultiplyAdd(xc, Log2ED, RoundMagicD);
        double n = t - RoundMagicD;
        double r = Math.FusedMultiplyAdd(n, -Ln2HiD, xc);
        r = Math.FusedMultiplyAdd(n, -Ln2LoD, r);
        double p = Expm1PolyD(r) + 1.0;
        long ni = BitConverter.DoubleToInt64Bits(t) - RoundMagicBitsD;
        long n1 = ni >> 1;
        long n2 = ni - n1;
        double s1 = BitConverter.Int64BitsToDouble((n1 + 1023) << 52);
        double s2 = BitConverter.Int64BitsToDouble((n2 + 1023) << 52);
        return p * s1 * s2;
    }

    /// <summary>Hyperbolic tangent (max error 3 ulp); exactly ±1 for |x| ≥ 10, sign of ±0 kept, NaN propagates.</summary>
    public static float Tanh(float x)
    {
        if (float.IsNaN(x)) return x;
        float y = -2f * MathF.Abs(x);
        y = y < TanhArgMinF ? TanhArgMinF : y;
        float em = Expm1NonPositive(y);
        float th = MathF.Abs(-em / (em + 2f));
        return MathF.CopySign(th, x);
    }

    /// <summary>Hyperbolic tangent (max error 3 ulp); exactly ±1 for |x| ≥ 22, sign of ±0 kept, NaN propagates.</summary>
    public static double Tanh(double x)
    {
        if (double.IsNaN(x)) return x;
        double y = -2.0 * Math.Abs(x);
        y = y < TanhArgMinD ? TanhArgMinD : y;
        double em = Expm1NonPositive(y);
        double th = Math.Abs(-em / (em + 2.0));
        return Math.CopySign(th, x);
    }

    /// <summary>Logistic sigmoid <c>1 / (1 + e^-x)</c> (max error 3 ulp); in [0, 1], NaN only for NaN input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x)
    {
        float e = Exp(-MathF.Abs(x));
        float num = x < 0f ? e : 1f;
        return num / (1f + e);
    }

    /// <summary>Logistic sigmoid <c>1 / (1 + e^-x)</c> (max error 3 ulp); in [0, 1], NaN only for NaN input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x)
    {
        double e = Exp(-Math.Abs(x));
        double num = x < 0.0 ? e : 1.0;
        return num / (1.0 + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Expm1PolyF(float r)
    {
        float p = MathF.FusedMultiplyAdd(P0F, r, P1F);
        p = MathF.FusedMultiplyAdd(p, r, P2F);
        p = MathF.FusedMultiplyAdd(p, r, P3F);
        p = MathF.FusedMultiplyAdd(p, r, P4F);
        p = MathF.FusedMultiplyAdd(p, r, P5F);
        return MathF.FusedMultiplyAdd(p, r * r, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Expm1PolyD(double r)
    {
        double p = Math.FusedMultiplyAdd(Q13, r, Q12);
        p = Math.FusedMultiplyAdd(p, r, Q11);
        p = Math.FusedMultiplyAdd(p, r, Q10);
        p = Math.FusedMultiplyAdd(p, r, Q9);
        p = Math.FusedMultiplyAdd(p, r, Q8);
        p = Math.FusedMultiplyAdd(p, r, Q7);
        p = Math.FusedMultiplyAdd(p, r, Q6);
        p = Math.FusedMultiplyAdd(p, r, Q5);
        p = Math.FusedMultiplyAdd(p, r, Q4);
        p = Math.FusedMultiplyAdd(p, r, Q3);
        p = Math.FusedMultiplyAdd(p, r, Q2);
        return Math.FusedMultiplyAdd(p, r * r, r);
    }

    // expm1(y) for y in [TanhArgMinF, 0]: 2^n * expm1(r) + (2^n - 1).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Expm1NonPositive(float y)
    {
        float t = MathF.FusedMultiplyAdd(y, Log2EF, RoundMagicF);
        float n = t - RoundMagicF;
        float r = MathF.FusedMultiplyAdd(n, -Ln2HiF, y);
        r = MathF.FusedMultiplyAdd(n, -Ln2LoF, r);
        float p = Expm1PolyF(r);
        float s = BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(t) - RoundMagicBitsF + 127) << 23);
        return MathF.FusedMultiplyAdd(s, p, s - 1f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Expm1NonPositive(double y)
    {
        double t = Math.FusedMultiplyAdd(y, Log2ED, RoundMagicD);
        double n = t - RoundMagicD;
        double r = Math.FusedMultiplyAdd(n, -Ln2HiD, y);
        r = Math.FusedMultiplyAdd(n, -Ln2LoD, r);
        double p = Expm1PolyD(r);
        double s = BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(t) - RoundMagicBitsD + 1023) << 52);
        return Math.FusedMultiplyAdd(s, p, s - 1.0);
    }

    // =====================================================================================================
    // Spans
    // =====================================================================================================

    /// <summary>y[i] = e^x[i]. <paramref name="y"/> may be <paramref name="x"/> (in-place) but must not partially overlap it.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/> or partially overlaps it.</exception>
    public static void Exp(ReadOnlySpan<float> x, Span<float> y) => Apply<float, ExpOp>(x, y);

    /// <summary>y[i] = e^x[i]. <paramref name="y"/> may be <paramref name="x"/> (in-place) but must not partially overlap it.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/> or partially overlaps it.</exception>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y) => Apply<double, ExpOp>(x, y);

    /// <summary>y[i] = tanh(x[i]). <paramref name="y"/> may be <paramref name="x"/> (in-place) but must not partially overlap it.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/> or partially overlaps it.</exception>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Apply<float, TanhOp>(x, y);

    /// <summary>y[i] = tanh(x[i]). <paramref name="y"/> may be <paramref name="x"/> (in-place) but must not partially overlap it.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/> or partially overlaps it.</exception>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => Apply<double, TanhOp>(x, y);

    /// <summary>y[i] = sigmoid(x[i]). <paramref name="y"/> may be <paramref name="x"/> (in-place) but must not partially overlap it.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/> or partially overlaps it.</exception>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Apply<float, SigmoidOp>(x, y);

    /// <summary>y[i] = sigmoid(x[i]). <paramref name="y"/> may be <paramref name="x"/> (in-place) but must not partially overlap it.</summary>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/> or partially overlaps it.</exception>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y) => Apply<double, SigmoidOp>(x, y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply<T, TOp>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged
        where TOp : IUnaryVectorOp<T>
    {
        if (y.Length < x.Length) ThrowDestinationTooShort();
        if (x.Overlaps(y, out int offset) && offset != 0) ThrowPartialOverlap();

        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;

        // Widest vector that fits at least once; the last (partial) vector is handled by re-processing the final
        // full vector, loaded before anything is stored so that in-place calls read original values.
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
        {
            nuint c = (nuint)Vector512<T>.Count;
            Vector512<T> last = Vector512.LoadUnsafe(ref xs, n - c);
            for (nuint i = 0; i + c <= n; i += c) TOp.Invoke(Vector512.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
            if (n % c != 0) TOp.Invoke(last).StoreUnsafe(ref ys, n - c);
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            nuint c = (nuint)Vector256<T>.Count;
            Vector256<T> last = Vector256.LoadUnsafe(ref xs, n - c);
            for (nuint i = 0; i + c <= n; i += c) TOp.Invoke(Vector256.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
            if (n % c != 0) TOp.Invoke(last).StoreUnsafe(ref ys, n - c);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<T>.Count)
        {
            nuint c = (nuint)Vector128<T>.Count;
            Vector128<T> last = Vector128.LoadUnsafe(ref xs, n - c);
            for (nuint i = 0; i + c <= n; i += c) TOp.Invoke(Vector128.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
            if (n % c != 0) TOp.Invoke(last).StoreUnsafe(ref ys, n - c);
        }
        else if (Vector128.IsHardwareAccelerated && typeof(T) == typeof(float) && n >= 2)
        {
            // 2 or 3 floats (e.g. a small output layer): one Vector128 kernel instead of 2-3 scalar ones.
            ref float xf = ref Unsafe.As<T, float>(ref xs);
            ref float yf = ref Unsafe.As<T, float>(ref ys);
            bool three = n > 2;
            Vector128<float> v = Vector128.Create(xf, Unsafe.Add(ref xf, 1), three ? Unsafe.Add(ref xf, 2) : 0f, 0f);
            Vector128<float> r = TOp.Invoke(v.As<float, T>()).As<T, float>();
            yf = r.ToScalar();
            Unsafe.Add(ref yf, 1) = r.GetElement(1);
            if (three) Unsafe.Add(ref yf, 2) = r.GetElement(2);
        }
        else
        {
            for (nuint i = 0; i < n; i++) Unsafe.Add(ref ys, i) = TOp.Invoke(Unsafe.Add(ref xs, i));
        }
    }

    private static void ThrowDestinationTooShort() =>
        throw new ArgumentException("The destination span is shorter than the source span.", "y");

    private static void ThrowPartialOverlap() =>
        throw new ArgumentException("The destination may be the source itself but must not partially overlap it.", "y");

    private interface IUnaryVectorOp<T> where T : unmanaged
    {
        static abstract T Invoke(T x);
        static abstract Vector128<T> Invoke(Vector128<T> x);
        static abstract Vector256<T> Invoke(Vector256<T> x);
        static abstract Vector512<T> Invoke(Vector512<T> x);
    }

    private readonly struct ExpOp : IUnaryVectorOp<float>, IUnaryVectorOp<double>
    {
        public static float Invoke(float x) => Exp(x);
        public static double Invoke(double x) => Exp(x);
        public static Vector128<float> Invoke(Vector128<float> x) => Exp(x);
        public static Vector256<float> Invoke(Vector256<float> x) => Exp(x);
        public static Vector512<float> Invoke(Vector512<float> x) => Exp(x);
        public static Vector128<double> Invoke(Vector128<double> x) => Exp(x);
        public static Vector256<double> Invoke(Vector256<double> x) => Exp(x);
        public static Vector512<double> Invoke(Vector512<double> x) => Exp(x);
    }

    private readonly struct TanhOp : IUnaryVectorOp<float>, IUnaryVectorOp<double>
    {
        public static float Invoke(float x) => Tanh(x);
        public static double Invoke(double x) => Tanh(x);
        public static Vector128<float> Invoke(Vector128<float> x) => Tanh(x);
        public static Vector256<float> Invoke(Vector256<float> x) => Tanh(x);
        public static Vector512<float> Invoke(Vector512<float> x) => Tanh(x);
        public static Vector128<double> Invoke(Vector128<double> x) => Tanh(x);
        public static Vector256<double> Invoke(Vector256<double> x) => Tanh(x);
        public static Vector512<double> Invoke(Vector512<double> x) => Tanh(x);
    }

    private readonly struct SigmoidOp : IUnaryVectorOp<float>, IUnaryVectorOp<double>
    {
        public static float Invoke(float x) => Sigmoid(x);
        public static double Invoke(double x) => Sigmoid(x);
        public static Vector128<float> Invoke(Vector128<float> x) => Sigmoid(x);
        public static Vector256<float> Invoke(Vector256<float> x) => Sigmoid(x);
        public static Vector512<float> Invoke(Vector512<float> x) => Sigmoid(x);
        public static Vector128<double> Invoke(Vector128<double> x) => Sigmoid(x);
        public static Vector256<double> Invoke(Vector256<double> x) => Sigmoid(x);
        public static Vector512<double> Invoke(Vector512<double> x) => Sigmoid(x);
    }
}
