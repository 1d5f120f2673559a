using System.Numerics;
using NetGen.Kernels;
using NetGen.Numerics;

namespace NetGen.Tests.Speed;

/// <summary>
/// The shared pieces of a single-sample step against their element-by-element definitions, bit for bit: the checked
/// update (<see cref="GradientStep"/>: every θ − α g as one fused multiply-add, all or nothing), the softmax rows and
/// the input gradient of <see cref="LayerKernels"/>. Their loops run in vectors and blocks of rows whose sizes depend
/// on the machine, so the lengths cover whole vectors, tails, and GradientStep's stack and two-pass paths.
/// </summary>
public sealed class SingleSampleKernelTests
{
    private static readonly int[] UpdateLengths = [.. Enumerable.Range(0, 41), 63, 64, 65, 1023, 1024, 1025, 2410];

    [Fact] public void TryApply_is_the_fused_step_or_nothing_float() => CheckUpdate(0.3f, float.MaxValue, float.NaN, float.PositiveInfinity);
    [Fact] public void TryApply_is_the_fused_step_or_nothing_double() => CheckUpdate(0.3, double.MaxValue, double.NaN, double.NegativeInfinity);

    private static void CheckUpdate<T>(T rate, T huge, T nan, T infinity) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(11);
        foreach (int length in UpdateLengths)
        {
            var parameters = Values<T>(rng, length);
            var gradients = Values<T>(rng, length);
            var expected = new T[length];
            for (int i = 0; i < length; i++) expected[i] = T.FusedMultiplyAdd(-rate, gradients[i], parameters[i]);

            var applied = (T[])parameters.Clone();
            GradientStep.Apply<T>(applied, gradients, rate);
            Assert.Equal(Bits(expected), Bits(applied));
            Assert.True(GradientStep.IsFinite<T>(parameters, gradients, rate), $"length {length}");
            var tried = (T[])parameters.Clone();
            Assert.True(GradientStep.TryApply<T>(tried, gradients, rate), $"length {length}");
            Assert.Equal(Bits(expected), Bits(tried));

            // A NaN or infinite gradient, or a finite one that overflows with the parameter, anywhere: nothing is written.
            var positions = length <= 70 ? Enumerable.Range(0, length) : new[] { 0, 1, length / 2, length - 2, length - 1 };
            foreach (int position in positions)
                foreach (var (gradient, parameter) in new[] { (nan, T.One), (infinity, T.One), (-huge, huge) })
                {
                    var g = (T[])gradients.Clone();
                    var p = (T[])parameters.Clone();
                    g[position] = gradient;
                    p[position] = parameter;
                    var before = Bits(p);
                    Assert.False(GradientStep.IsFinite<T>(p, g, T.One), $"length {length}, {gradient} at {position}");
                    Assert.False(GradientStep.TryApply<T>(p, g, T.One), $"length {length}, {gradient} at {position}");
                    Assert.Equal(before, Bits(p));
                }
        }
    }

    [Fact] public void Softmax_rows_are_the_definition_float() => CheckSoftmax<float>();
    [Fact] public void Softmax_rows_are_the_definition_double() => CheckSoftmax<double>();

    private static void CheckSoftmax<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(12);
        // One row (a sample), a few, and a 64-row inference block (whose exponentials run as one span).
        foreach (int rows in new[] { 1, 3, 64 })
        {
            for (int columns = 1; columns <= 40; columns++)
            {
                var z = Values<T>(rng, rows * columns, scale: 20);
                var expected = new T[z.Length];
                for (int r = 0; r < rows; r++)
                {
                    var row = z.AsSpan(r * columns, columns);
                    T max = row[0];
                    foreach (var v in row) if (v > max) max = v;
                    T sum = T.Zero;
                    for (int j = 0; j < columns; j++) sum += expected[r * columns + j] = Exp(row[j] - max);
                    for (int j = 0; j < columns; j++) expected[r * columns + j] /= sum;
                }
                var actual = new T[z.Length];
                LayerKernels.Softmax<T>(z, actual, columns);
                Assert.Equal(Bits(expected), Bits(actual));
            }
        }
    }

    [Fact] public void InputGradient_is_one_chain_per_input_float() => CheckInputGradient<float>();
    [Fact] public void InputGradient_is_one_chain_per_input_double() => CheckInputGradient<double>();

    private static void CheckInputGradient<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(13);
        for (int fanIn = 1; fanIn <= 11; fanIn++)
            for (int columns = 1; columns <= 12; columns++)
            {
                var weights = Values<T>(rng, fanIn * columns);
                var delta = Values<T>(rng, columns);
                var expected = new T[fanIn];
                for (int i = 0; i < fanIn; i++)
                {
                    T s = T.Zero;
                    for (int j = 0; j < columns; j++) s = T.FusedMultiplyAdd(delta[j], weights[i * columns + j], s);
                    expected[i] = s;
                }
                var actual = new T[fanIn];
                LayerKernels.InputGradient<T>(weights, delta, actual, fanIn, columns);
                Assert.Equal(Bits(expected), Bits(actual));
            }
    }

    private static T Exp<T>(T x) where T : IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(FastMath.Exp(float.CreateTruncating(x))) : T.CreateTruncating(FastMath.Exp(double.CreateTruncating(x)));

    private static T[] Values<T>(Random rng, int length, double scale = 2) where T : IFloatingPointIeee754<T> =>
        Enumerable.Range(0, length).Select(_ => T.CreateTruncating((rng.NextDouble() - 0.5) * scale)).ToArray();

    private static ulong[] Bits<T>(T[] values) where T : IFloatingPointIeee754<T> =>
        values.Select(v => typeof(T) == typeof(float) ? BitConverter.SingleToUInt32Bits(float.CreateTruncating(v)) : BitConverter.DoubleToUInt64Bits(double.CreateTruncating(v))).ToArray();
}
