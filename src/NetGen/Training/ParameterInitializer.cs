using System.Numerics;

namespace NetGen;

/// <summary>Placeholder until the training runtime lands (replaced by the real initializers).</summary>
public static class ParameterInitializer
{
    /// <summary>Fills weights with small deterministic values and zeroes the biases.</summary>
    public static void Initialize<T>(NetworkArchitecture architecture, Span<T> parameters, Initializer kind, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ulong state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;
        for (int i = 0; i < parameters.Length; i++)
        {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            parameters[i] = T.CreateChecked(((state >> 11) * (1.0 / (1UL << 53)) - 0.5) * 0.2);
        }
    }
}
