using System.Numerics;
using NetGen.Tests.Batch;
using NetGen.Tests.Networks;
using NetGen.Tests.Runtime;

namespace NetGen.Tests.Training;

/// <summary>
/// One training path: <c>Fit(Online, Sgd)</c> is a loop of <c>TrainStep</c> over the shuffled order, and the batched
/// kernels on one row compute the per-sample gradient; for the same order the bits are the same.
/// </summary>
public sealed class OneTrainingPathTests
{
    [Fact]
    public void Online_fit_equals_a_TrainStep_loop_float_softmax() =>
        OnlineFitEqualsTrainStepLoop(new DigitsNet(), new DigitsNet(), TestData.Synthetic<float>(60, 64, 10, seed: 3));

    [Fact]
    public void Online_fit_equals_a_TrainStep_loop_double_hinge() =>
        OnlineFitEqualsTrainStepLoop(new BatchHingeD(), new BatchHingeD(), PlusMinusOne(TestData.Synthetic<double>(50, 20, 2, seed: 4)));

    [Fact]
    public void Online_fit_equals_a_TrainStep_loop_float_vectorized_prelu() =>
        OnlineFitEqualsTrainStepLoop(new BatchWideSoftmaxF(), new BatchWideSoftmaxF(), TestData.Synthetic<float>(40, 40, 10, seed: 5));

    [Fact]
    public void Batched_kernels_on_one_row_give_the_per_sample_gradient()
    {
        OneRow(new XorNet(), Dataset<float>.ForBinaryClassification([0, 0, 0, 1, 1, 0, 1, 1], 2, [0, 1, 1, 0], 0f, 1f));
        OneRow(new IrisNet(), TestData.Synthetic<float>(4, 4, 3, seed: 7));
        OneRow(new DigitsNet(), TestData.Synthetic<float>(4, 64, 10, seed: 8));
        OneRow(new BatchWideSoftmaxD(), TestData.Synthetic<double>(4, 40, 10, seed: 9));
        OneRow(new BatchWideBceF(), TestData.Synthetic<float>(4, 33, 17, seed: 10));
        OneRow(new BatchSoftmaxMseF(), TestData.Synthetic<float>(4, 5, 3, seed: 11));
    }

    private static void OnlineFitEqualsTrainStepLoop<T>(INetwork<T> fitted, INetwork<T> stepped, Dataset<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int seed = 99, epochs = 2;
        fitted.Fit(data, new TrainingOptions { Algorithm = TrainingAlgorithm.Online, Epochs = epochs, LearningRate = 0.05, Seed = seed });

        stepped.LearningRate = T.CreateTruncating(0.05);
        var order = Enumerable.Range(0, data.Count).ToArray();
        var random = new DeterministicRandom(seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order.AsSpan());
            foreach (int row in order) stepped.TrainStep(data.Input(row), data.Target(row));
        }
        Assert.Equal(stepped.Parameters.ToArray(), fitted.Parameters.ToArray());
    }

    private static void OneRow<TKernels, T>(Network<TKernels, T> network, Dataset<T> data)
        where TKernels : struct, INetworkKernels<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var workspace = new T[Network<TKernels, T>.BatchWorkspaceSize(1)];
        for (int row = 0; row < data.Count; row++)
        {
            T loss = network.Backpropagate(data.Input(row), data.Target(row), accumulate: false);
            var batched = new T[network.Parameters.Length];
            T batchLoss = network.BackpropagateBatch(data.Input(row), data.Target(row), 1, batched, workspace, accumulate: false);
            Assert.Equal(loss, batchLoss);
            Assert.Equal(network.Gradients.ToArray(), batched);
        }
    }

    private static Dataset<T> PlusMinusOne<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = new T[data.Count * data.InputSize];
        var targets = new T[data.Count * data.TargetSize];
        for (int r = 0; r < data.Count; r++)
        {
            data.Input(r).CopyTo(inputs.AsSpan(r * data.InputSize));
            var t = data.Target(r);
            for (int j = 0; j < t.Length; j++) targets[r * data.TargetSize + j] = t[j] > T.Zero ? T.One : -T.One;
        }
        return new Dataset<T>(inputs, targets, data.InputSize, data.TargetSize);
    }
}
