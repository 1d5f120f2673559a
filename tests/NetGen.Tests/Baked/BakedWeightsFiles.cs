using NetGen.Tests.Networks;
using NetGen.Tests.Runtime;

namespace NetGen.Tests.Baked;

/// <summary>
/// The weights files the test networks bake (Baked/Weights/*.txt, passed to the compiler as AdditionalFiles).
/// They are trained here; set NETGEN_REGENERATE_WEIGHTS=1 to retrain and rewrite them (then rebuild).
/// </summary>
public class BakedWeightsFiles
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "NetGen.Tests", "Baked", "Weights");

    [Fact]
    public void Checked_in_weights_files_load_into_their_networks()
    {
        if (Environment.GetEnvironmentVariable("NETGEN_REGENERATE_WEIGHTS") == "1") Regenerate();
        new IrisNet().LoadText(Path.Combine(Folder, "iris.txt"));
        new DigitsNet().LoadText(Path.Combine(Folder, "digits.txt"));
        new RegressionNet().LoadText(Path.Combine(Folder, "regression.txt"));
        new SeparatorNet().LoadText(Path.Combine(Folder, "separator.txt"));
    }

    private static void Regenerate()
    {
        var iris = new IrisNet();
        iris.Fit(TestData.SplitStandardized(TestData.Iris<float>(), seed: 3).Train,
            new TrainingOptions { Epochs = 100, BatchSize = 16, LearningRate = 0.1, Seed = 1 });
        iris.SaveText(Path.Combine(Folder, "iris.txt"));

        var digits = new DigitsNet();
        digits.Fit(TestData.SplitStandardized(TestData.Digits<float>()).Train,
            new TrainingOptions { Epochs = 20, Optimizer = OptimizerKind.Adam, LearningRate = 0.003, Seed = 3, WeightDecay = 1e-3 });
        digits.SaveText(Path.Combine(Folder, "digits.txt"));

        // Untrained double networks: baking must be exact for any weights, trained or not.
        new RegressionNet().SaveText(Path.Combine(Folder, "regression.txt"));
        new SeparatorNet().SaveText(Path.Combine(Folder, "separator.txt"));
    }
}
