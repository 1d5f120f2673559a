namespace NetGen.Tests.Backprop;

// A network whose scratch is larger than the stack limit, for ScratchPolicyTests.

[Network(Loss.HalfSquaredError)]
[Input(2)]
[Dense(4097, Activation.ReLU)]
[Dense(1, Activation.Linear)]
public partial class WideScratchNet;
