using NetGen.Tests.Networks;
using NetGen.Tests.Runtime;

namespace NetGen.Tests.Training;

/// <summary>The generated Save/Load/SaveText/LoadText and Fit determinism, on generated networks.</summary>
public class GeneratedNetworkPersistenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netgen-persist-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static float[] Outputs(IrisNet net, Dataset<float> data)
    {
        var outputs = new float[data.Count * IrisNet.OutputSize];
        net.PredictBatch(data.Inputs, outputs);
        return outputs;
    }

    [RequiresDataTheory("uci/iris.csv")]
    [InlineData(false)]
    [InlineData(true)]
    public void Save_then_load_gives_bit_identical_predictions(bool text)
    {
        var (train, test) = TestData.SplitStandardized(TestData.Iris<float>(), seed: 3);
        var trained = new IrisNet();
        trained.Fit(train, new TrainingOptions { Epochs = 20, BatchSize = 16, LearningRate = 0.1 });
        string path = Path.Combine(_folder, text ? "iris.txt" : "iris.ngw");
        if (text) trained.SaveText(path); else trained.Save(path);

        var loaded = new IrisNet();
        loaded.InitializeParameters(seed: 999);
        var metadata = text ? loaded.LoadText(path) : loaded.Load(path);

        Assert.Equal(20, metadata.EpochsTrained);
        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(Outputs(trained, test), Outputs(loaded, test));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));
    }

    [Fact]
    public void Loading_a_file_of_another_architecture_names_the_difference_and_keeps_the_weights()
    {
        string path = Path.Combine(_folder, "digits.ngw");
        new DigitsNet().Save(path);
        var iris = new IrisNet();
        var before = iris.Parameters.ToArray();

        var error = Assert.ThrowsAny<IOException>(() => iris.Load(path));
        Assert.Contains("IrisNet", error.Message);
        Assert.Equal(before, iris.Parameters.ToArray());
    }

    [RequiresDataTheory("uci/digits.csv.gz")]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void Two_runs_with_the_same_seed_end_with_bit_identical_parameters(OptimizerKind optimizer)
    {
        var (train, _) = TestData.SplitStandardized(TestData.Digits<float>());
        float[] Run()
        {
            var net = new DigitsNet();
            net.Fit(train, new TrainingOptions { Epochs = 3, Optimizer = optimizer, LearningRate = 0.01, Seed = 5 });
            return net.Parameters.ToArray();
        }
        var first = Run();
        var second = Run();
        Assert.Equal(first, second);
        Assert.NotEqual(new DigitsNet().Parameters.ToArray(), first);
    }
}
