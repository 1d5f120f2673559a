namespace NetGen.Tests.Speed;

// Pairs of identical networks that differ only in the code shape, unrolled (…U) and vectorized (…V), for
// KernelAgreementTests. Odd sizes hit every tail (narrower vectors, scalar lanes) and 40x70 is over the split budget,
// so its unrolled twin is emitted as several methods.

#pragma warning disable NG0015 // unrolled beyond the budget, on purpose
[Network(Loss.CrossEntropy)]
[Input(8)]
[Dense(16, Activation.Tanh, Shape = CodeShape.Unrolled)]
[Dense(4, Activation.Softmax, Shape = CodeShape.Unrolled)]
public partial class Pair8U;

[Network(Loss.CrossEntropy)]
[Input(8)]
[Dense(16, Activation.Tanh, Shape = CodeShape.Vectorized)]
[Dense(4, Activation.Softmax, Shape = CodeShape.Vectorized)]
public partial class Pair8V;

[Network(Loss.MeanSquaredError)]
[Input(20)]
[Dense(37, Activation.Sigmoid, Shape = CodeShape.Unrolled)]
[Dense(5, Activation.Linear, Shape = CodeShape.Unrolled)]
public partial class Pair20U;

[Network(Loss.CrossEntropy)]
[Input(40)]
[Dense(70, Activation.ReLU, Shape = CodeShape.Unrolled)]
[Dense(3, Activation.Softmax, Shape = CodeShape.Unrolled)]
public partial class Pair40U;

[Network(Loss.HalfSquaredError)]
[Input(13)]
[Dense(29, Activation.PReLU, Shape = CodeShape.Unrolled)]
[Dense(11, Activation.LeakyReLU, Slope = 0.1, Shape = CodeShape.Unrolled)]
[Dense(3, Activation.Tanh, Shape = CodeShape.Unrolled, Bias = false)]
public partial class Pair13U;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(20)]
[Dense(37, Activation.Tanh, Shape = CodeShape.Unrolled)]
[Dense(5, Activation.Sigmoid, Shape = CodeShape.Unrolled)]
public partial class Pair20DU;

[Network(Loss.CrossEntropy)]
[Input(24)]
[Dense(128, Activation.ReLU, Shape = CodeShape.Unrolled)]
[Dense(10, Activation.Softmax, Shape = CodeShape.Unrolled)]
public partial class Pair24U;

[Network(Loss.MeanSquaredError)]
[Input(9)]
[Dense(300, Activation.Tanh, Shape = CodeShape.Unrolled)]
[Dense(7, Activation.Sigmoid, Shape = CodeShape.Unrolled)]
public partial class Pair9U;

[Network(Loss.CrossEntropy)]
[Input(24)]
[Dense(128, Activation.ReLU, Shape = CodeShape.Vectorized)]
[Dense(10, Activation.Softmax, Shape = CodeShape.Vectorized)]
public partial class Pair24V;

[Network(Loss.MeanSquaredError)]
[Input(9)]
[Dense(300, Activation.Tanh, Shape = CodeShape.Vectorized)]
[Dense(7, Activation.Sigmoid, Shape = CodeShape.Vectorized)]
public partial class Pair9V;

[Network(Loss.MeanSquaredError)]
[Input(20)]
[Dense(37, Activation.Sigmoid, Shape = CodeShape.Vectorized)]
[Dense(5, Activation.Linear, Shape = CodeShape.Vectorized)]
public partial class Pair20V;

[Network(Loss.CrossEntropy)]
[Input(40)]
[Dense(70, Activation.ReLU, Shape = CodeShape.Vectorized)]
[Dense(3, Activation.Softmax, Shape = CodeShape.Vectorized)]
public partial class Pair40V;

[Network(Loss.HalfSquaredError)]
[Input(13)]
[Dense(29, Activation.PReLU, Shape = CodeShape.Vectorized)]
[Dense(11, Activation.LeakyReLU, Slope = 0.1, Shape = CodeShape.Vectorized)]
[Dense(3, Activation.Tanh, Shape = CodeShape.Vectorized, Bias = false)]
public partial class Pair13V;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(20)]
[Dense(37, Activation.Tanh, Shape = CodeShape.Vectorized)]
[Dense(5, Activation.Sigmoid, Shape = CodeShape.Vectorized)]
public partial class Pair20DV;
#pragma warning restore NG0015
