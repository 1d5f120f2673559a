using System.Numerics;
using NetGen.Tests.Backprop;
using Xunit;

namespace NetGen.Tests.Speed;

// Pairs of identical networks that differ only in the code shape: the scalar unrolled form against the
// register-blocked SIMD kernels. Odd sizes hit every tail (narrower vectors, scalar lanes) and 40x70 is over the
// split budget, so its unrolled twin is emitted as several methods.

[Network(Loss.CrossEntropy)]
[Input(8)]
[Dense(16, Activation.Tanh, Shape = CodeShape.Unrolled)]
[Dense(4, Activation.Softmax, Shape = CodeShape.Unrolled)]
public partial class Pair8U : INet<float>;

[Network(Loss.CrossEntropy)]
[Input(8)]
[Dense(16, Activation.Tanh, Shape = CodeShape.Vectorized)]
[Dense(4, Activation.Softmax, Shape = CodeShape.Vectorized)]
public partial class Pair8V : INet<float>;

#pragma warning disable NG0015 // unrolled beyond the budget, on purpose
[Network(Loss.MeanSquaredError)]
[Input(20)]
[Dense(37, Activation.Sigmoid, Shape = CodeShape.Unrolled)]
[Dense(5, Activation.Linear, Shape = CodeShape.Unrolled)]
public partial class Pair20U : INet<float>;

[Network(Loss.CrossEntropy)]
[Input(40)]
[Dense(70, Activation.ReLU, Shape = CodeShape.Unrolled)]
[Dense(3, Activation.Softmax, Shape = CodeShape.Unrolled)]
public partial class Pair40U : INet<float>;

[Network(Loss.HalfSquaredError)]
[Input(13)]
[Dense(29, Activation.PReLU, Shape = CodeShape.Unrolled)]
[Dense(11, Activation.LeakyReLU, Slope = 0.1, Shape = CodeShape.Unrolled)]
[Dense(3, Activation.Tanh, Shape = CodeShape.Unrolled, Bias = false)]
public partial class Pair13U : INet<float>;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(20)]
[Dense(37, Activation.Tanh, Shape = CodeShape.Unrolled)]
[Dense(5, Activation.Sigmoid, Shape = CodeShape.Unrolled)]
public partial class Pair20DU : INet<double>;

[Network(Loss.CrossEntropy)]
[Input(24)]
[Dense(128, Activation.ReLU, Shape = CodeShape.Unrolled)]
[Dense(10, Activation.Softmax, Shape = CodeShape.Unrolled)]
public partial class Pair24U : INet<float>;

[Network(Loss.MeanSquaredError)]
[Input(9)]
[Dense(300, Activation.Tanh, Shape = CodeShape.Unrolled)]
[Dense(7, Activation.Sigmoid, Shape = CodeShape.Unrolled)]
public partial class Pair9U : INet<float>;
#pragma warning restore NG0015

[Network(Loss.CrossEntropy)]
[Input(24)]
[Dense(128, Activation.ReLU, Shape = CodeShape.Vectorized)]
[Dense(10, Activation.Softmax, Shape = CodeShape.Vectorized)]
public partial class Pair24V : INet<float>;

[Network(Loss.MeanSquaredError)]
[Input(9)]
[Dense(300, Activation.Tanh, Shape = CodeShape.Vectorized)]
[Dense(7, Activation.Sigmoid, Shape = CodeShape.Vectorized)]
public partial class Pair9V : INet<float>;

[Network(Loss.MeanSquaredError)]
[Input(20)]
[Dense(37, Activation.Sigmoid, Shape = CodeShape.Vectorized)]
[Dense(5, Activation.Linear, Shape = CodeShape.Vectorized)]
public partial class Pair20V : INet<float>;

[Network(Loss.CrossEntropy)]
[Input(40)]
[Dense(70, Activation.ReLU, Shape = CodeShape.Vectorized)]
[Dense(3, Activation.Softmax, Shape = CodeShape.Vectorized)]
public partial class Pair40V : INet<float>;

[Network(Loss.HalfSquaredError)]
[Input(13)]
[Dense(29, Activation.PReLU, Shape = CodeShape.Vectorized)]
[Dense(11, Activation.LeakyReLU, Slope = 0.1, Shape = CodeShape.Vectorized)]
[Dense(3, Activation.Tanh, Shape = CodeShape.Vectorized, Bias = false)]
public partial class Pair13V : INet<float>;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(20)]
[Dense(37, Activation.Tanh, Shape = CodeShape.Vectorized)]
[Dense(5, Activation.Sigmoid, Shape = CodeShape.Vectorized)]
public partial class Pair20DV : INet<double>;

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
        where TU : INet<T>, new()
        where TV : INet<T>, new()
    {
        var arch = TU.Architecture;
        Assert.Equal(arch.ParameterCount, TV.Architecture.ParameterCount);
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
