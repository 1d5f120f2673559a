using System.Globalization;

namespace NetGen.Digits;

/// <summary>How the steps print numbers and names: invariant culture throughout.</summary>
internal static class Formatting
{
    /// <summary>The culture of every number the sample prints or writes.</summary>
    public static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>A fraction as a percentage with two decimals, e.g. 96.66%.</summary>
    public static string Pct(double v) => (v * 100).ToString("0.00", Ci) + "%";

    /// <summary>A duration in seconds with one decimal, e.g. 1.7 s.</summary>
    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", Ci) + " s";

    /// <summary>An enum value as the command line spells it, e.g. adam.</summary>
    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
