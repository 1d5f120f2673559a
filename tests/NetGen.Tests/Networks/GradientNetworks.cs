namespace NetGen.Tests.Backprop;

// Networks for the gradient checks (double precision unless the name starts with Float). Each is an INetwork<T>
// so the generic test bodies can drive them. Shapes: Hid* are 3-4-4-2 (the hidden activation twice, then a linear
// output with ½Σe²); Out* are 3-5-k (tanh hidden layer, then the output/loss pair under test); Shape* vary the
// sizes, the bias, and the code shape (fanIn*size > 256 is emitted as TensorPrimitives loops).

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.Sigmoid)]
[Dense(4, Activation.Sigmoid)]
[Dense(2, Activation.Linear)]
public partial class HidSigmoid;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class HidTanh;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.ReLU)]
[Dense(4, Activation.ReLU)]
[Dense(2, Activation.Linear)]
public partial class HidReLU;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.LeakyReLU, Slope = 0.1)]
[Dense(4, Activation.LeakyReLU, Slope = 0.1)]
[Dense(2, Activation.Linear)]
public partial class HidLeakyReLU;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.PReLU, Slope = 0.25)]
[Dense(4, Activation.PReLU, Slope = 0.25)]
[Dense(2, Activation.Linear)]
public partial class HidPReLU;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.PiecewiseLinear)]
[Dense(4, Activation.PiecewiseLinear)]
[Dense(2, Activation.Linear)]
public partial class HidPiecewiseLinear;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.Linear)]
[Dense(4, Activation.Linear)]
[Dense(2, Activation.Linear)]
public partial class HidLinear;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class OutLinearHse;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(3, Activation.Linear)]
public partial class OutLinearMse;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class OutSigmoidMse;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class OutSigmoidHse1;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Tanh)]
public partial class OutTanhHse;

[Network(Loss.CrossEntropy, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class OutSoftmaxCe;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class OutSoftmaxMse;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(4, Activation.Softmax)]
public partial class OutSoftmaxHse;

[Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class OutSigmoidBce;

[Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class OutSigmoidBce1;

[Network(Loss.Hinge, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class OutLinearHinge;

[Network(Loss.Hinge, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(1, Activation.Tanh)]
public partial class OutTanhHinge;

[Network(Loss.SquareLoss, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Tanh)]
public partial class OutTanhSquareLoss;

[Network(Loss.SquareLoss, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(1, Activation.Linear)]
public partial class OutLinearSquareLoss;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.PReLU, Slope = 0.2)]
public partial class OutPReLUHse;

[Network(Loss.SquareLoss, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.PReLU, Slope = 0.3)]
public partial class OutPReLUSquareLoss;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.LeakyReLU, Slope = 0.1)]
public partial class OutLeakyReLUMse;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.ReLU)]
public partial class OutReLUHse;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.PiecewiseLinear)]
public partial class OutPiecewiseLinearHse;

[Network(Loss.CrossEntropy, Precision = Precision.Double)]
[Input(5)]
[Dense(7, Activation.Sigmoid)]
[Dense(6, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class ShapeDeep;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(2)]
[Dense(3, Activation.Tanh, Bias = false)]
[Dense(1, Activation.Sigmoid, Bias = false)]
public partial class ShapeNoBias;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(4)]
[Dense(6, Activation.PReLU, Bias = false)]
[Dense(5, Activation.LeakyReLU, Slope = 0.1)]
[Dense(2, Activation.Linear, Bias = false)]
public partial class ShapeMixedBias;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(20)]
[Dense(16, Activation.Tanh)]
[Dense(4, Activation.Linear)]
public partial class ShapeVectorized;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(20)]
[Dense(16, Activation.PReLU, Slope = 0.2)]
[Dense(4, Activation.Sigmoid)]
public partial class ShapeVectorizedPReLU;

[Network(Loss.CrossEntropy, Precision = Precision.Double)]
[Input(20)]
[Dense(16, Activation.ReLU)]
[Dense(20, Activation.Softmax)]
public partial class ShapeVectorizedSoftmax;

[Network(Loss.HalfSquaredError, Precision = Precision.Double)]
[Input(18)]
[Dense(15, Activation.PiecewiseLinear, Bias = false)]
[Dense(18, Activation.Tanh, Bias = false)]
public partial class ShapeVectorizedNoBias;

[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.PReLU, Shape = CodeShape.Vectorized)]
[Dense(3, Activation.Softmax, Shape = CodeShape.Vectorized)]
public partial class ShapeForcedVectorized;

[Network(Loss.Hinge, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.LeakyReLU, Slope = 0.1, Shape = CodeShape.Vectorized)]
[Dense(2, Activation.Linear, Shape = CodeShape.Vectorized)]
public partial class ShapeForcedVectorizedHinge;

// Float twins of double networks above (same architecture except the precision).

[Network(Loss.HalfSquaredError)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class FloatHidTanh;

[Network(Loss.HalfSquaredError)]
[Input(3)]
[Dense(4, Activation.PReLU, Slope = 0.25)]
[Dense(4, Activation.PReLU, Slope = 0.25)]
[Dense(2, Activation.Linear)]
public partial class FloatHidPReLU;

[Network(Loss.CrossEntropy)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class FloatOutSoftmaxCe;

[Network(Loss.BinaryCrossEntropy)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class FloatOutSigmoidBce;

[Network(Loss.SquareLoss)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Tanh)]
public partial class FloatOutTanhSquareLoss;

[Network(Loss.MeanSquaredError)]
[Input(20)]
[Dense(16, Activation.Tanh)]
[Dense(4, Activation.Linear)]
public partial class FloatShapeVectorized;

[Network(Loss.CrossEntropy)]
[Input(20)]
[Dense(16, Activation.ReLU)]
[Dense(20, Activation.Softmax)]
public partial class FloatShapeVectorizedSoftmax;
