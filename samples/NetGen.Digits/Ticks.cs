using System.Globalization;

namespace NetGen.Digits;

/// <summary>"Nice" axis ticks: steps of 1, 2 or 5 times a power of ten.</summary>
internal static class Ticks
{
    internal readonly record struct Scale(double Lo, double Hi, double Step, double[] Values);

    /// <summary>Ticks covering [min, max] with about <paramref name="target"/> intervals; integer steps when asked.</summary>
    public static Scale Nice(double min, double max, int target, bool integer)
    {
        if (!(max > min)) max = min + 1;
        double raw = (max - min) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw * 0.999);
        if (integer) step = Math.Max(1, Math.Round(step));
        double lo = Math.Floor(min / step + 1e-9) * step, hi = Math.Ceiling(max / step - 1e-9) * step;
        var values = new List<double>();
        for (double t = lo; t <= hi + step * 1e-6; t += step) values.Add(Math.Round(t / step) * step);
        return new Scale(lo, hi, step, values.ToArray());
    }

    /// <summary>Formats a tick with as many decimals as its step needs.</summary>
    public static string Format(double value, double step)
    {
        int decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step) - 1e-9), 0, 6);
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }
}
