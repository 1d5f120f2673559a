using System.Numerics;

namespace NetGen.Tests.Backprop;

/// <summary>
/// The public surface every generated network has, as an interface the test networks opt into (their generated
/// members implement it implicitly), so one generic test body covers every network.
/// </summary>
public interface INet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract NetworkArchitecture Architecture { get; }
    static abstract T ComputeLoss(ReadOnlySpan<T> output, ReadOnlySpan<T> target);
    Span<T> Parameters { get; }
    ReadOnlySpan<T> Gradients { get; }
    T LearningRate { get; set; }
    void Predict(ReadOnlySpan<T> input, Span<T> output);
    void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs);
    T Backpropagate(ReadOnlySpan<T> input, ReadOnlySpan<T> target, bool accumulate);
    T TrainStep(ReadOnlySpan<T> input, ReadOnlySpan<T> target);
    T TrainStep(ReadOnlySpan<T> input, int label);
    void ApplyGradients(T learningRate);
}
