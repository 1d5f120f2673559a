using NetGen;

namespace NetGen.Samples.Iris;

/// <summary>
/// The classic Iris classifier, 4 -> 8 tanh -> 3 softmax. Its trained weights (iris.weights.txt) are compiled into
/// <c>IrisClassifier.Baked</c>, so classifying needs no file at run time.
/// </summary>
[Network(Loss.CrossEntropy, LearningRate = 0.1, BakedWeights = "iris.weights.txt")]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class IrisClassifier
{
    public static readonly string[] Species = ["setosa", "versicolor", "virginica"];

    public static readonly string[] Features = ["sepal length", "sepal width", "petal length", "petal width"];
}
