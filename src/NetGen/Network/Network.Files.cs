namespace NetGen;

public abstract partial class Network<TKernels, T>
{
    /// <summary>What a file records besides the parameters: the rate training used, the seed drawn from, the epochs.</summary>
    private NetworkMetadata Metadata => new()
    {
        LearningRate = _trainedLearningRate ?? double.CreateChecked(_learningRate),
        Seed = _seed,
        EpochsTrained = _epochsTrained,
    };

    private string Name => GetType().Name;

    /// <summary>Atomically saves the parameters in NetGen's binary format (docs/file-format.md).</summary>
    public void Save(string path) => NetworkFile.Save<T>(path, default(TKernels).Architecture, Parameters, Metadata);

    /// <summary>Atomically saves the parameters in NetGen's text format, which <c>BakedWeights</c> can compile in.</summary>
    public void SaveText(string path) => NetworkFile.SaveText<T>(path, default(TKernels).Architecture, Parameters, Metadata);

    /// <summary>Loads a binary file saved for this architecture; on any problem throws and leaves the parameters untouched.</summary>
    public NetworkMetadata Load(string path) => Restore(NetworkFile.Load<T>(path, default(TKernels).Architecture, Parameters, Name));

    /// <summary>Loads a text file saved for this architecture; on any problem throws and leaves the parameters untouched.</summary>
    public NetworkMetadata LoadText(string path) => Restore(NetworkFile.LoadText<T>(path, default(TKernels).Architecture, Parameters, Name));

    private NetworkMetadata Restore(NetworkMetadata metadata)
    {
        _epochsTrained = metadata.EpochsTrained;
        _seed = metadata.Seed;
        _trainedLearningRate = metadata.LearningRate;
        return metadata;
    }
}
