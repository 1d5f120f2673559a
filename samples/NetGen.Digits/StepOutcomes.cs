namespace NetGen.Digits;

/// <summary>What step 6 (training) leaves for the later steps and the report.</summary>
/// <param name="Result">The runtime's training result (epochs, history).</param>
/// <param name="Rate">The learning rate training used.</param>
/// <param name="Batch">The mini-batch size (--batch-size, capped at the training set).</param>
/// <param name="Time">Training time.</param>
/// <param name="CurvesSvg">Path of the training curves.</param>
/// <param name="Files">The weight files.</param>
internal sealed record TrainingOutcome(TrainingResult Result, double Rate, int Batch, TimeSpan Time, string CurvesSvg, WeightFiles Files);

/// <summary>What step 7 (testing) leaves for the later steps and the report.</summary>
/// <param name="Images">The test images.</param>
/// <param name="Evaluation">Loss, accuracy and confusion matrix on them.</param>
/// <param name="Predicted">The predicted class of every test image.</param>
/// <param name="Outputs">The raw outputs of every test image, row after row (step 8 compares the reloaded networks' to them).</param>
/// <param name="Time">Testing time.</param>
/// <param name="MisclassifiedSvg">Path of the misclassified-images picture.</param>
internal sealed record TestOutcome(RawDataset Images, EvaluationResult Evaluation, int[] Predicted, float[] Outputs, TimeSpan Time, string MisclassifiedSvg)
{
    /// <summary>The number of classes.</summary>
    public int Classes => Images.ClassCount;

    /// <summary>The display name of every class.</summary>
    public string[] ClassNames { get; } = Enumerable.Range(0, Images.ClassCount).Select(Images.ClassName).ToArray();

    /// <summary>The confusion matrix, [true, predicted].</summary>
    public int[,] Matrix { get; } = ToMatrix(Evaluation.ConfusionMatrix, Images.ClassCount);

    /// <summary>The test images the network gets wrong, in order.</summary>
    public List<int> Wrong { get; } = Enumerable.Range(0, Images.Rows).Where(i => Predicted[i] != Images.Labels[i]).ToList();

    private static int[,] ToMatrix(ConfusionMatrix confusion, int classes)
    {
        var matrix = new int[classes, classes];
        for (int t = 0; t < classes; t++)
            for (int p = 0; p < classes; p++)
                matrix[t, p] = (int)confusion[t, p];
        return matrix;
    }
}

/// <summary>What step 8 (storing) found when it reloaded both files.</summary>
/// <param name="BinaryIdentical">The binary file reproduces every test output bit for bit.</param>
/// <param name="TextIdentical">The text file does too.</param>
internal sealed record StoreOutcome(bool BinaryIdentical, bool TextIdentical);
