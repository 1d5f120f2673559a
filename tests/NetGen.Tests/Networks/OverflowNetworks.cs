namespace NetGen.Tests.Forward;

// A ReLU/softmax network for OverflowTests.

[Network(Loss.CrossEntropy)]
[Input(4)]
[Dense(5, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class ReluSoftmaxNet;
