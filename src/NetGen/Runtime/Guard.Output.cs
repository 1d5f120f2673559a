using System.Numerics;

namespace NetGen;

public static partial class Guard
{
    /// <summary>
    /// Throws when an output computed from finite inputs is not finite: the activations overflowed, so the answer would
    /// be silently wrong.
    /// </summary>
    public static void FiniteOutput<T>(ReadOnlySpan<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (AllFinite(output)) return;
        throw new ArithmeticException(
            "The network's output is not finite although its inputs are: the activations overflowed. " +
            "Scale the inputs to the range the network was trained on (for example with a Standardizer).");
    }
}
