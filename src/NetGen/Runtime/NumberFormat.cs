using System.Globalization;
using System.Numerics;

namespace NetGen;

/// <summary>
/// Culture-independent number text for messages: every exception message and <c>ToString</c> of the runtime reads
/// the same on every machine (no decimal commas, no U+2212 minus, no localized NaN), so logs and tests can be compared.
/// </summary>
internal static class NumberFormat
{
    /// <summary>The value in the invariant culture's shortest round-trip form (e.g. <c>1E-300</c>, <c>-2.5</c>, <c>NaN</c>).</summary>
    public static string Of<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>
    /// An <see cref="ArgumentOutOfRangeException"/> whose actual value is already invariant text: the base class
    /// formats <c>ActualValue</c> with the current culture when it builds <c>Message</c>.
    /// </summary>
    public static ArgumentOutOfRangeException OutOfRange<TValue>(string parameterName, TValue value, string message)
        where TValue : IFormattable =>
        new(parameterName, Of(value), message);
}

/// <summary>Facts about the floating-point type a network computes in.</summary>
internal static class FloatingPoint<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>The name users know the precision by (<c>float</c>, <c>double</c>).</summary>
    public static readonly string Name =
        typeof(T) == typeof(float) ? "float (single precision)" :
        typeof(T) == typeof(double) ? "double" :
        typeof(T).Name;

    /// <summary>The smallest positive normal value (float 1.1754944E-38, double 2.2250738585072014E-308).</summary>
    public static readonly T SmallestNormal = FindSmallestNormal();

    private static T FindSmallestNormal()
    {
        // Halving is exact down to the smallest normal; the loop stops at the first halving that would be subnormal.
        T x = T.One, two = T.One + T.One;
        while (T.IsNormal(x / two)) x /= two;
        return x;
    }

    /// <summary>
    /// Why <paramref name="value"/> (given in double) is no usable positive coefficient in <typeparamref name="T"/>,
    /// or null when it is a positive normal number there. A value that rounds to zero or to a subnormal in
    /// <typeparamref name="T"/> multiplies every update into nothing (or into lost precision), silently.
    /// </summary>
    public static string? PositiveNormalProblem(double value)
    {
        if (double.IsNaN(value)) return "not a number";
        if (double.IsInfinity(value)) return "infinite";
        if (value <= 0) return "not positive";
        T converted = T.CreateTruncating(value);
        if (T.IsZero(converted)) return $"so small that it rounds to 0 in {Name}";
        if (T.IsInfinity(converted)) return $"too large for {Name}";
        if (!T.IsNormal(converted)) return $"so small that it is a subnormal {Name} value (precision is lost)";
        return null;
    }

    /// <summary>The rule <see cref="PositiveNormalProblem"/> checks, for messages.</summary>
    public static string PositiveNormalRule =>
        $"a positive, finite number of at least {NumberFormat.Of(SmallestNormal)} (the smallest normal {Name})";
}

/// <summary>
/// The members part of a record's <c>ToString</c> (<c>Name = value, ...</c>) in the invariant culture: the compiler's
/// synthesized version formats doubles with the current culture (<c>Slope = 0,01</c> in Swedish).
/// </summary>
internal static class RecordText
{
    public static bool Print(System.Text.StringBuilder builder, params (string Name, object? Value)[] members)
    {
        for (int i = 0; i < members.Length; i++)
        {
            if (i > 0) builder.Append(", ");
            builder.Append(members[i].Name).Append(" = ").Append(members[i].Value switch
            {
                null => "",
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                var other => other.ToString(),
            });
        }
        return members.Length > 0;
    }
}
