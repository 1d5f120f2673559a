using System.Numerics;

namespace NetGen;

/// <summary>
/// Every generated network, seen through its public members: write code once for any network of element type
/// <typeparamref name="T"/>. Calls through this interface are virtual; for the hot path use the network's own type
/// (its members are non-virtual and specialized per network).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The network's architecture.</summary>
    NetworkArchitecture Architecture { get; }

    /// <summary>All parameters (layout on <see cref="NetworkArchitecture"/>).</summary>
    Span<T> Parameters { get; }

    /// <summary>The gradient of the last backward pass, same layout as <see cref="Parameters"/>.</summary>
    ReadOnlySpan<T> Gradients { get; }

    /// <summary>The dense layers as views into <see cref="Parameters"/> (0-based, input side first).</summary>
    NetworkLayers<T> Layers { get; }

    /// <summary>The learning rate of <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.</summary>
    T LearningRate { get; set; }

    /// <summary>Re-draws the parameters with the declared initializer and <paramref name="seed"/>.</summary>
    void InitializeParameters(int seed);

    /// <summary>Forward pass of one sample.</summary>
    void Predict(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>Forward pass of rows laid out one after another.</summary>
    void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>The predicted class of one sample.</summary>
    int PredictClass(ReadOnlySpan<T> input);

    /// <summary>Forward, backward and update for one sample; returns its loss.</summary>
    T TrainStep(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

    /// <summary>Forward, backward and update for one sample with a class label; returns its loss.</summary>
    T TrainStep(ReadOnlySpan<T> input, int label);

    /// <summary>Forward and backward pass of one sample into <see cref="Gradients"/>; returns its loss.</summary>
    T Backpropagate(ReadOnlySpan<T> input, ReadOnlySpan<T> target, bool accumulate);

    /// <summary>θ ← θ − α g with the current <see cref="Gradients"/>.</summary>
    void ApplyGradients(T learningRate);

    /// <summary>The loss of an output against a target.</summary>
    T ComputeLoss(ReadOnlySpan<T> output, ReadOnlySpan<T> target);

    /// <summary>Trains on a dataset.</summary>
    TrainingResult Fit(Dataset<T> training, TrainingOptions? options = null, Dataset<T>? validation = null);

    /// <summary>Loss, accuracy and confusion matrix on a dataset.</summary>
    EvaluationResult Evaluate(Dataset<T> data);

    /// <summary>Saves the parameters in the binary format.</summary>
    void Save(string path);

    /// <summary>Saves the parameters in the text format.</summary>
    void SaveText(string path);

    /// <summary>Loads parameters saved in the binary format.</summary>
    NetworkMetadata Load(string path);

    /// <summary>Loads parameters saved in the text format.</summary>
    NetworkMetadata LoadText(string path);
}
