using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen;

public static partial class Guard
{
    /// <summary>
    /// Throws when an output computed from finite inputs is not finite: the activations overflowed, so the answer would
    /// be silently wrong.
    /// </summary>
    /// <remarks>Inlined (one test after a one-sample <c>Predict</c>), with the exception built out of line.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FiniteOutput<T>(ReadOnlySpan<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!AllFinite(output)) throw OutputOverflowed();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArithmeticException OutputOverflowed() => new(
        "The network's output is not finite although its inputs are: the activations overflowed. " +
        "Scale the inputs to the range the network was trained on (for example with a Standardizer).");
}
