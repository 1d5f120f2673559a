using System;
using System.Globalization;

namespace NetGen.Generator;

/// <summary>The element type of a network as it is spelled in emitted code.</summary>
internal sealed class NumberFormat
{
    public static readonly NumberFormat Single = new(isDouble: false);
    public static readonly NumberFormat Double = new(isDouble: true);

    private NumberFormat(bool isDouble) => IsDouble = isDouble;

    public static NumberFormat For(bool isDouble) => isDouble ? Double : Single;

    public bool IsDouble { get; }

    /// <summary><c>float</c> or <c>double</c>.</summary>
    public string Type => IsDouble ? "double" : "float";

    /// <summary>The math class whose functions match the type: <c>MathF</c> or <c>Math</c>.</summary>
    public string Math => Aliases.ScalarMath;

    /// <summary>
    /// A round-trip, culture-invariant literal with its suffix. Non-finite values and negative zero are spelled
    /// explicitly so that the emitted constant has exactly the bits of <paramref name="value"/>.
    /// </summary>
    public string Literal(double value)
    {
        if (double.IsNaN(value)) return Type + ".NaN";
        if (double.IsPositiveInfinity(value)) return Type + ".PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return Type + ".NegativeInfinity";
        if (value == 0 && BitConverter.DoubleToInt64Bits(value) != 0) return "-0" + (IsDouble ? ".0d" : ".0f");
        string text = IsDouble
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : ((float)value).ToString("R", CultureInfo.InvariantCulture);
        return text + (IsDouble ? "d" : "f");
    }

    /// <summary>The static class of <c>System.Numerics.Vector</c> operations.</summary>
    public string Vector => "global::System.Numerics.Vector";

    /// <summary><c>System.Numerics.Vector&lt;T&gt;</c> of the element type (the hardware's widest vector).</summary>
    public string VectorType => $"global::System.Numerics.Vector<{Type}>";

    /// <summary>A vector with <paramref name="value"/> in every lane.</summary>
    public string VectorOf(double value) =>
        value == 0 && BitConverter.DoubleToInt64Bits(value) == 0 ? VectorType + ".Zero"
        : value == 1 ? VectorType + ".One"
        : $"new {VectorType}({Literal(value)})";

    /// <summary>The smallest value a log argument is clamped to, so log never sees 0.</summary>
    public string LogFloor => IsDouble ? "1e-300d" : "1e-30f";
}
