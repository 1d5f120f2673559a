namespace NetGen.Generator;

/// <summary>
/// How an operand of a formula is spelled: a scalar, a <c>System.Numerics.Vector&lt;T&gt;</c> (the batched loops) or a
/// <c>Vector128/256/512</c> (the single-sample kernels). <see cref="MathTable"/> writes each formula once with these
/// operations; an operation a shape cannot express exactly like the scalar returns null, and so does every formula
/// that uses it (the caller then falls back to the scalar form).
/// </summary>
internal sealed class Lanes
{
    private Lanes(NumberFormat number, int bits)
    {
        Number = number;
        Bits = bits;
    }

    public static Lanes Scalar(NumberFormat n) => new(n, 0);

    /// <summary><c>System.Numerics.Vector&lt;T&gt;</c>, the hardware's widest vector.</summary>
    public static Lanes Numerics(NumberFormat n) => new(n, -1);

    /// <summary><c>Vector128/256/512&lt;T&gt;</c>.</summary>
    public static Lanes Intrinsic(NumberFormat n, int bits) => new(n, bits);

    public NumberFormat Number { get; }

    /// <summary>0 for scalars, -1 for <c>Vector&lt;T&gt;</c>, else the intrinsic vector's width.</summary>
    public int Bits { get; }

    public bool IsScalar => Bits == 0;

    /// <summary>The static class of the vector operations (an alias the generated file declares).</summary>
    private string Class => Bits < 0 ? Aliases.NumericsVector : Aliases.Intrinsic(Bits);

    public string Const(double value)
    {
        if (IsScalar) return Number.Literal(value);
        if (Bits > 0) return $"{Class}.Create({Number.Literal(value)})";
        return value == 0 && System.BitConverter.DoubleToInt64Bits(value) == 0 ? $"{Aliases.NumericsVectorOfT}.Zero"
            : value == 1 ? $"{Aliases.NumericsVectorOfT}.One"
            : $"new {Aliases.NumericsVectorOfT}({Number.Literal(value)})";
    }

    /// <summary><c>c ? a : b</c>, lane by lane for vectors.</summary>
    public string? Select(string? c, string? a, string? b) => c is null || a is null || b is null ? null
        : IsScalar ? $"({c} ? {a} : {b})" : $"{Class}.ConditionalSelect({c}, {a}, {b})";

    public string? Greater(string? a, string? b) => a is null || b is null ? null : IsScalar ? $"{a} > {b}" : $"{Class}.GreaterThan({a}, {b})";

    public string? Less(string? a, string? b) => a is null || b is null ? null : IsScalar ? $"{a} < {b}" : $"{Class}.LessThan({a}, {b})";

    public string? And(string? a, string? b) => a is null || b is null ? null : IsScalar ? $"{a} && {b}" : $"({a} & {b})";

    /// <summary><c>a + b</c>, parenthesized so it can be an operand.</summary>
    public string? Add(string? a, string? b) => a is null || b is null ? null : $"({a} + {b})";

    /// <summary><c>a - b</c>, parenthesized so it can be an operand.</summary>
    public string? Subtract(string? a, string? b) => a is null || b is null ? null : $"({a} - {b})";

    /// <summary><c>a * b</c>, parenthesized: as an operand of another product it must not re-associate (other rounding).</summary>
    public string? Multiply(string? a, string? b) => a is null || b is null ? null : $"({a} * {b})";

    /// <summary>Min and max only as scalars: the vector forms' NaN and −0 rules differ from <c>Math.Min/Max</c>.</summary>
    public string? Min(string? a, string? b) => a is null || b is null || !IsScalar ? null : $"{Number.Math}.Min({a}, {b})";

    public string? Max(string? a, string? b) => a is null || b is null || !IsScalar ? null : $"{Number.Math}.Max({a}, {b})";

    /// <summary>
    /// A FastMath function (scalar and Vector128/256/512 overloads, bit-identical to each other); none for
    /// <c>Vector&lt;T&gt;</c>, where the batched code calls FastMath's span overload instead.
    /// </summary>
    public string? FastMath(string function, string? x) => x is null || Bits < 0 ? null : $"{Aliases.FastMath}.{function}({x})";
}
