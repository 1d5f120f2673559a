using System.Numerics;
using NetGen.Tests.Backprop;
using Xunit;

namespace NetGen.Tests.Speed;

// The pairs of Networks/KernelPairNetworks.cs: the scalar unrolled form against the register-blocked SIMD kernels.

public class KernelAgreementTests
{
    [Fact] public void Net_8_16_4() => Check<float, Pair8U, Pair8V>();
    [Fact] public void Net_20_37_5() => Check<float, Pair20U, Pair20V>();
    [Fact] public void Net_40_70_3_split_unrolled() => Check<float, Pair40U, Pair40V>();
    [Fact] public void Net_13_29_11_3_prelu_leaky_nobias() => Check<float, Pair13U, Pair13V>();
    [Fact] public void Net_24_128_10_one_full_register_block() => Check<float, Pair24U, Pair24V>();
    [Fact] public void Net_9_300_7_repeated_register_blocks() => Check<float, Pair9U, Pair9V>();
    [Fact] public void Net_20_37_5_double() => Check<double, Pair20DU, Pair20DV>();

    private static void Check<T, TU, TV>()
        where T : unmanaged, IFloatingPointIeee754<T>
        where TU : INetwork<T>, new()
        where TV : INetwork<T>, new()
    {
        var arch = new TU().Architecture;
        Assert.Equal(arch.ParameterCount, new TV().Architecture.ParameterCount);
        var unrolled = new TU();
        var vectorized = new TV();
        var rng = new Random(5);
        var parameters = new T[arch.ParameterCount];
        for (int k = 0; k < parameters.Length; k++) parameters[k] = T.CreateChecked(rng.NextDouble() * 1.2 - 0.6);
        parameters.CopyTo(unrolled.Parameters);
        parameters.CopyTo(vectorized.Parameters);

        int inputs = arch.InputSize, outputs = arch.OutputSize;
        var x = new T[inputs];
        var y = new T[outputs];
        var outU = new T[outputs];
        var outV = new T[outputs];
        for (int sample = 0; sample < 20; sample++)
        {
            for (int i = 0; i < inputs; i++) x[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
            y.AsSpan().Clear();
            y[rng.Next(outputs)] = T.One;

            // Forward: the kernels' lanes do the same fused multiply-adds in the same order as the unrolled code
            // (and FastMath's vector and scalar functions agree bit for bit), so the outputs are identical.
            unrolled.Predict(x, outU);
            vectorized.Predict(x, outV);
            Assert.Equal(outU, outV);

            // Backward: the same bits too. ∂W and ∂x are chains of fused multiply-adds in the same order in both
            // shapes (∂x in increasing j from +0, as the batched kernels), so only the sign of a zero may differ.
            bool accumulate = sample % 3 == 2;
            T lossU = unrolled.Backpropagate(x, y, accumulate);
            T lossV = vectorized.Backpropagate(x, y, accumulate);
            Assert.Equal(lossU, lossV);
            Assert.Equal(unrolled.Gradients.ToArray(), vectorized.Gradients.ToArray());
        }
    }
}
