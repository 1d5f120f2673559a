using NetGen.Tests.Reference;

namespace NetGen.Tests.Runtime;

public class EvaluatorTests
{
    [Fact]
    public void ClassificationRuleDependsOnOutputsAndLoss()
    {
        Assert.Equal(2, Evaluator.Classify<float>(Loss.CrossEntropy, [0.1f, 0.2f, 0.7f]));
        Assert.Equal(0, Evaluator.Classify<float>(Loss.CrossEntropy, [0.5f, 0.5f]));
        Assert.Equal(1, Evaluator.Classify<double>(Loss.BinaryCrossEntropy, [0.5]));
        Assert.Equal(0, Evaluator.Classify<double>(Loss.BinaryCrossEntropy, [0.49]));
        Assert.Equal(0, Evaluator.Classify<double>(Loss.Hinge, [0.3 - 0.3]));
        Assert.Equal(1, Evaluator.Classify<double>(Loss.SquareLoss, [0.01]));
        Assert.Equal(0, Evaluator.Classify<double>(Loss.Hinge, [-0.7]));
        Assert.Equal(1, Evaluator.Classify<double>(Loss.HalfSquaredError, [0.7]));
    }

    [Fact]
    public void EvaluateComputesLossAccuracyAndConfusionMatrix()
    {
        // A linear 2→2 identity network: predicts class = index of the larger input.
        var arch = new NetworkArchitecture(2, Loss.HalfSquaredError, Precision.Double, new LayerDescription(2, Activation.Linear, false, 0));
        var net = new ReferenceMlp<double>(arch);
        net.Parameters[0] = 1;
        net.Parameters[3] = 1;
        var data = Dataset<double>.ForClassification([1, 0, 0, 1, 1, 0, 0.2, 0.1], 2, [0, 1, 1, 1], 2);
        var result = Evaluator.Evaluate(net.Model, data);
        Assert.Equal(0.5, result.Accuracy);
        Assert.Equal(4, result.Count);
        Assert.Equal(1, result.ConfusionMatrix[0, 0]);
        Assert.Equal(2, result.ConfusionMatrix[1, 0]);
        Assert.Equal(1, result.ConfusionMatrix[1, 1]);
        Assert.Equal([1.0, 1.0 / 3], result.PerClassAccuracy);
        double expectedLoss = (0 + 0 + 0.5 * 2 + 0.5 * (0.2 * 0.2 + 0.9 * 0.9)) / 4;
        Assert.Equal(expectedLoss, result.Loss, 12);
        string table = result.ConfusionMatrix.ToString();
        Assert.Contains("true\\pred", table);
        Assert.Contains("overall accuracy 50.00 % (2/4)", table);
    }

    [Fact]
    public void SingleOutputHingeUsesSignAndTargetsWhenThereAreNoLabels()
    {
        var arch = new NetworkArchitecture(1, Loss.Hinge, Precision.Double, new LayerDescription(1, Activation.Linear, false, 0));
        var net = new ReferenceMlp<double>(arch);
        net.Parameters[0] = 1;
        var data = new Dataset<double>([-2, -0.5, 0.5, 3], [-1, 1, 1, -1], 1, 1);
        var result = Evaluator.Evaluate(net.Model, data);
        Assert.Equal(0.5, result.Accuracy);
        Assert.Equal(1, result.ConfusionMatrix[0, 0]);
        Assert.Equal(1, result.ConfusionMatrix[0, 1]);
        Assert.Equal(1, result.ConfusionMatrix[1, 0]);
        Assert.Equal(1, result.ConfusionMatrix[1, 1]);
        Assert.Equal((0 + 1.5 + 0.5 + 4) / 4.0, result.Loss, 12);
    }
}
