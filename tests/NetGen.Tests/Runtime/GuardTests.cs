namespace NetGen.Tests.Runtime;

/// <summary><see cref="Guard.AllFinite{T}"/> (vectorized) agrees with the element-by-element definition.</summary>
public sealed class GuardTests
{
    [Fact]
    public void AllFinite_finds_every_non_finite_value_at_every_position_float() =>
        Check(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity },
              new[] { 0f, -0f, 1f, -1f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 1e-40f });

    [Fact]
    public void AllFinite_finds_every_non_finite_value_at_every_position_double() =>
        Check(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity },
              new[] { 0d, -0d, 1d, -1d, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, 1e-310 });

    private static void Check<T>(T[] bad, T[] good) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int length = 0; length <= 70; length++)
        {
            var values = Enumerable.Range(0, length).Select(i => good[i % good.Length]).ToArray();
            Assert.True(Guard.AllFinite<T>(values), $"length {length}: finite values reported as non-finite");
            for (int position = 0; position < length; position++)
                foreach (var value in bad)
                {
                    var damaged = (T[])values.Clone();
                    damaged[position] = value;
                    Assert.False(Guard.AllFinite<T>(damaged), $"length {length}: {value} at {position} not found");
                    var error = Assert.Throws<ArgumentException>(() => Guard.Finite<T>(damaged, "input"));
                    Assert.Contains($"input[{position}]", error.Message);
                }
        }
    }
}
