using System.Numerics;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace NetGen.Tests.Backprop;

/// <summary>Random parameters, inputs and targets, and a plain reference forward pass used to stay clear of kinks.</summary>
internal static class TestKit
{
    /// <summary>Calls the generic method <paramref name="name"/> of <paramref name="owner"/> with the network type named <paramref name="network"/>.</summary>
    public static object? Dispatch(Type owner, string name, string network, params object?[] args)
    {
        var type = typeof(TestKit).Assembly.GetType("NetGen.Tests.Backprop." + network)
                   ?? throw new InvalidOperationException("No network " + network);
        var method = owner.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        try { return method.MakeGenericMethod(type).Invoke(null, args); }
        catch (TargetInvocationException e) { ExceptionDispatchInfo.Capture(e.InnerException!).Throw(); throw; }
    }

    /// <summary>Weights U(-r, r) with r = 1.5/sqrt(fanIn), biases U(-0.5, 0.5), PReLU slopes U(0.05, 0.5).</summary>
    public static void RandomParameters(NetworkArchitecture arch, Span<double> p, Random rng)
    {
        for (int l = 0; l < arch.Layers.Count; l++)
        {
            double r = 1.5 / Math.Sqrt(arch.FanIn(l));
            for (int k = 0; k < arch.WeightCount(l); k++) p[arch.WeightOffset(l) + k] = (2 * rng.NextDouble() - 1) * r;
            int m = arch.Layers[l].Size;
            if (arch.BiasOffset(l) >= 0) for (int j = 0; j < m; j++) p[arch.BiasOffset(l) + j] = rng.NextDouble() - 0.5;
            if (arch.SlopeOffset(l) >= 0) for (int j = 0; j < m; j++) p[arch.SlopeOffset(l) + j] = 0.05 + 0.45 * rng.NextDouble();
        }
    }

    public static double[] RandomInput(NetworkArchitecture arch, Random rng)
    {
        var x = new double[arch.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = 2 * rng.NextDouble() - 1;
        return x;
    }

    /// <summary>A target in the loss's domain: a probability vector for cross entropy, [0,1] for BCE, ±1 for hinge and square loss.</summary>
    public static double[] RandomTarget(NetworkArchitecture arch, Random rng)
    {
        var y = new double[arch.OutputSize];
        switch (arch.Loss)
        {
            case Loss.CrossEntropy:
                double sum = 0;
                for (int j = 0; j < y.Length; j++) sum += y[j] = rng.NextDouble() + 0.05;
                for (int j = 0; j < y.Length; j++) y[j] /= sum;
                break;
            case Loss.BinaryCrossEntropy:
                for (int j = 0; j < y.Length; j++) y[j] = rng.NextDouble();
                break;
            case Loss.Hinge or Loss.SquareLoss:
                for (int j = 0; j < y.Length; j++) y[j] = rng.Next(2) == 0 ? -1 : 1;
                break;
            default:
                for (int j = 0; j < y.Length; j++) y[j] = 2 * rng.NextDouble() - 1;
                break;
        }
        return y;
    }

    /// <summary>
    /// Smallest distance of any pre-activation to a kink of its activation (0 for the ReLU family, ±1/2 for the
    /// piecewise-linear unit, 0 for Step/Sign) and of y·a to the hinge's kink at 1. +∞ when nothing has a kink.
    /// Computed with a plain reference forward pass over the documented parameter layout.
    /// </summary>
    public static double KinkDistance(NetworkArchitecture arch, ReadOnlySpan<double> p, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double distance = double.PositiveInfinity;
        double[] a = x.ToArray();
        for (int l = 0; l < arch.Layers.Count; l++)
        {
            var layer = arch.Layers[l];
            int n = arch.FanIn(l), m = layer.Size;
            var z = new double[m];
            var next = new double[m];
            for (int j = 0; j < m; j++)
            {
                double s = arch.BiasOffset(l) >= 0 ? p[arch.BiasOffset(l) + j] : 0;
                for (int i = 0; i < n; i++) s += a[i] * p[arch.WeightOffset(l) + i * m + j];
                z[j] = s;
                switch (layer.Activation)
                {
                    case Activation.ReLU or Activation.LeakyReLU or Activation.PReLU or Activation.Step or Activation.Sign:
                        distance = Math.Min(distance, Math.Abs(s));
                        break;
                    case Activation.PiecewiseLinear:
                        distance = Math.Min(distance, Math.Min(Math.Abs(s - 0.5), Math.Abs(s + 0.5)));
                        break;
                }
                double slope = layer.Activation == Activation.PReLU ? p[arch.SlopeOffset(l) + j] : layer.Slope;
                next[j] = layer.Activation switch
                {
                    Activation.Linear => s,
                    Activation.Sigmoid => 1 / (1 + Math.Exp(-s)),
                    Activation.Tanh => Math.Tanh(s),
                    Activation.ReLU => Math.Max(0, s),
                    Activation.LeakyReLU or Activation.PReLU => s > 0 ? s : slope * s,
                    Activation.PiecewiseLinear => Math.Clamp(s + 0.5, 0, 1),
                    Activation.Step => s > 0 ? 1 : s < 0 ? 0 : 0.5,
                    Activation.Sign => Math.Sign(s),
                    _ => double.NaN, // softmax: only on the output, not needed below
                };
            }
            a = next;
        }
        if (arch.Loss == Loss.Hinge)
            for (int j = 0; j < y.Length; j++) distance = Math.Min(distance, Math.Abs(y[j] * a[j] - 1));
        return distance;
    }

    /// <summary>|g − fd| / max(|g| + |fd|, floor): relative where the gradient is sizeable, absolute/floor near zero.</summary>
    public static double RelativeError(double g, double fd, double floor) => Math.Abs(g - fd) / Math.Max(Math.Abs(g) + Math.Abs(fd), floor);

    public static T[] Snapshot<T>(ReadOnlySpan<T> values) => values.ToArray();

    public static T[] Convert<T>(double[] values) where T : INumberBase<T> => Array.ConvertAll(values, v => T.CreateChecked(v));
}
