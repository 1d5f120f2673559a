using System.Globalization;
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

    /// <summary>Throws when the buffers of a batched pass do not hold <paramref name="count"/> rows.</summary>
    public static void BatchShape(int count, int inputs, int inputSize, int targets, int outputSize,
        int gradients, int parameterCount, int workspace, int workspaceNeeded)
    {
        var c = CultureInfo.InvariantCulture;
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Expected a row count of 0 or more.");
        if ((long)count * inputSize > inputs)
            throw new ArgumentException(string.Format(c,
                "Expected inputs to hold {0} rows of {1} values ({2}), but it holds {3} values.", count, inputSize, (long)count * inputSize, inputs), "inputs");
        if ((long)count * outputSize > targets)
            throw new ArgumentException(string.Format(c,
                "Expected targets to hold {0} rows of {1} values ({2}), but it holds {3} values.", count, outputSize, (long)count * outputSize, targets), "targets");
        if (gradients != parameterCount)
            throw new ArgumentException(string.Format(c,
                "Expected gradients to hold {0} values (one per parameter), but it holds {1}.", parameterCount, gradients), "gradients");
        if (workspace < workspaceNeeded)
            throw new ArgumentException(string.Format(c,
                "Expected workspace to hold at least {0} values (BatchWorkspaceSize({1})), but it holds {2}.", workspaceNeeded, count, workspace), "workspace");
    }
}
