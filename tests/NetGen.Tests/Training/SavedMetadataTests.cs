using NetGen.Tests.Networks;
using NetGen.Tests.Runtime;

namespace NetGen.Tests.Training;

/// <summary>A saved file records how the network was trained: the rate training used and the seed it was drawn from.</summary>
public sealed class SavedMetadataTests
{
    [Fact]
    public void File_records_the_rate_and_seed_training_used()
    {
        var net = new IrisNet();
        net.InitializeParameters(seed: 7);
        net.Fit(TestData.Synthetic<float>(30, 4, 3), new TrainingOptions { LearningRate = 0.2, Epochs = 2, BatchSize = 5 });
        var metadata = SaveAndRead(net);
        Assert.Equal(0.2, metadata.LearningRate);
        Assert.Equal(7, metadata.Seed);
        Assert.Equal(2, metadata.EpochsTrained);

        net.LearningRate = 0.125f;
        net.TrainStep(new float[4], 1);
        Assert.Equal(0.125, SaveAndRead(net).LearningRate);
    }

    [Fact]
    public void Untrained_network_records_its_declared_defaults()
    {
        var metadata = SaveAndRead(new IrisNet());
        Assert.Equal((double)IrisNet.DefaultLearningRate, metadata.LearningRate);
        Assert.Equal(IrisNet.DefaultSeed, metadata.Seed);
        Assert.Equal(0, metadata.EpochsTrained);
    }

    [Fact]
    public void Loading_restores_the_recorded_metadata_for_the_next_save()
    {
        var trained = new IrisNet();
        trained.InitializeParameters(seed: 9);
        trained.Fit(TestData.Synthetic<float>(30, 4, 3), new TrainingOptions { LearningRate = 0.3, Epochs = 1, BatchSize = 5 });
        string path = Path.Combine(Path.GetTempPath(), $"netgen-meta-{Guid.NewGuid():N}.bin");
        try
        {
            trained.Save(path);
            var copy = new IrisNet();
            copy.Load(path);
            var metadata = SaveAndRead(copy);
            Assert.Equal(0.3, metadata.LearningRate);
            Assert.Equal(9, metadata.Seed);
            Assert.Equal(1, metadata.EpochsTrained);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static NetworkMetadata SaveAndRead(IrisNet net)
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-meta-{Guid.NewGuid():N}.bin");
        try
        {
            net.Save(path);
            return NetworkFile.Read<float>(path).Metadata;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
