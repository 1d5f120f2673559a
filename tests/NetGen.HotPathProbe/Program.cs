using NetGen;

// Runs every training and inference path once, so that a parent process can read the JIT's code for them
// (DOTNET_JitDisasm / DOTNET_JitStdOutFile) and check that the hot path makes no indirect calls.
// NetGen.Tests/Speed/HotPathDispatchTests.cs starts it; it is not meant to be run by hand.

var xor = new ProbeXorNet();
float[] xorInputs = [0, 0, 0, 1, 1, 0, 1, 1];
float[] xorTargets = [0, 1, 1, 0];
var output = new float[1];
for (int i = 0; i < 4; i++)
{
    xor.TrainStep(xorInputs.AsSpan(2 * i, 2), xorTargets.AsSpan(i, 1));
    xor.Predict(xorInputs.AsSpan(2 * i, 2), output);
}

var digits = new ProbeDigitsNet();
const int rows = 96;
var inputs = new float[rows * ProbeDigitsNet.InputSize];
var labels = new int[rows];
for (int i = 0; i < inputs.Length; i++) inputs[i] = (i * 7919 % 17) / 16f;
for (int i = 0; i < rows; i++) labels[i] = i % ProbeDigitsNet.OutputSize;
var data = Dataset<float>.ForClassification(inputs, ProbeDigitsNet.InputSize, labels, ProbeDigitsNet.OutputSize);
var probabilities = new float[ProbeDigitsNet.OutputSize];
digits.TrainStep(data.Input(0), labels[0]);
digits.Predict(data.Input(0), probabilities);
var bfloat16 = digits.ToBFloat16Predictor();
bfloat16.Predict(data.Input(0), probabilities);
bfloat16.PredictBatch(inputs.AsSpan(0, 4 * ProbeDigitsNet.InputSize), new float[4 * ProbeDigitsNet.OutputSize]);
var int8 = digits.ToInt8Predictor();
int8.Predict(data.Input(0), probabilities);
int8.PredictBatch(inputs.AsSpan(0, 4 * ProbeDigitsNet.InputSize), new float[4 * ProbeDigitsNet.OutputSize]);

foreach (var algorithm in new[] { TrainingAlgorithm.Online, TrainingAlgorithm.MiniBatch, TrainingAlgorithm.Batch })
    foreach (var optimizer in new[] { OptimizerKind.Sgd, OptimizerKind.Momentum, OptimizerKind.Adam })
        foreach (int threads in new[] { 1, 2 })
            digits.Fit(data, new TrainingOptions
            {
                Algorithm = algorithm, Optimizer = optimizer, BatchSize = 16, Epochs = 2, LearningRate = 0.01,
                WeightDecay = 1e-4, Threads = threads,
            });
Console.WriteLine($"probe done: {ProbeDigitsNet.ParameterCount} parameters");

[Network(Loss.HalfSquaredError, LearningRate = 0.5)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class ProbeXorNet;

[Network(Loss.CrossEntropy, LearningRate = 0.05)]
[Input(64)]
[Dense(32, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class ProbeDigitsNet;
