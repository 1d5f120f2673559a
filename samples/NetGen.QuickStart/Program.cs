using NetGen;

// Data: 900 points in the plane, each labelled with the ring around the origin it lies in (0 inner, 1 middle, 2 outer).
var random = new Random(7);
var points = new float[900 * 2];
var rings = new int[900];
for (int i = 0; i < rings.Length; i++)
{
    rings[i] = i % 3;
    double radius = rings[i] + 0.6 + 0.5 * random.NextDouble(), angle = 2 * Math.PI * random.NextDouble();
    points[2 * i] = (float)(radius * Math.Cos(angle));
    points[2 * i + 1] = (float)(radius * Math.Sin(angle));
}
var data = Dataset<float>.ForClassification(points, inputSize: 2, rings, classCount: 3);
var (train, test) = data.Split(0.8, seed: 1);

// Train, then measure on points the network has never seen.
var net = new RingNet();
var result = net.Fit(train, new TrainingOptions
{
    Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 16, Epochs = 60,
    Progress = report => { if (report.Epoch % 10 == 0) Console.WriteLine(report); },
}, validation: test);
Console.WriteLine(result);
Console.WriteLine($"Test accuracy: {net.Evaluate(test).Accuracy:P1}");

// Apply: the ring of a new point, and the network's probability for each ring.
float[] point = [0.1f, 2.2f], probabilities = new float[RingNet.OutputSize];
net.Predict(point, probabilities);
Console.WriteLine($"(0.1, 2.2) is in ring {net.PredictClass(point)}: p = {string.Join(", ", probabilities.Select(p => p.ToString("F3")))}");
net.Save("rings.ngw"); // reload with new RingNet().Load("rings.ngw")

// The network: NetGen generates its code at compile time from these attributes.
[Network(Loss.CrossEntropy)]
[Input(2)]
[Dense(16, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class RingNet;
