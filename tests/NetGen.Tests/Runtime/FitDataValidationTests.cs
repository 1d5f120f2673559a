using System.Globalization;

namespace NetGen.Tests.Runtime;

/// <summary>
/// Fit and Evaluate check every dataset once, before training, with the rules TrainStep applies per sample:
/// finite inputs and targets, targets in the loss's domain, labels in range. Values changed after construction
/// or during training are reported as such, not as divergence.
/// </summary>
public sealed class FitDataValidationTests
{
    // Per loss: values outside its target domain (each also tested as a single bad value among valid ones).
    public static TheoryData<Loss> Losses => new() { Loss.Hinge, Loss.SquareLoss, Loss.CrossEntropy, Loss.BinaryCrossEntropy };

    private static double[] OutOfDomain(Loss loss) => loss is Loss.Hinge or Loss.SquareLoss
        ? [0, 0.5, -0.5, 2, -2, 1.0000001, 0.99999, 5]
        : [-0.1, 1.5, 5, -1, 1.001, -1e-30, 2];

    private delegate float TrainStepFn(ReadOnlySpan<float> input, ReadOnlySpan<float> target);

    private static (Func<Dataset<float>, Dataset<float>?, TrainingResult> Fit, Func<Dataset<float>, EvaluationResult> Evaluate,
        TrainStepFn TrainStep, Func<float[]> Parameters, int Width) NetworkFor(Loss loss)
    {
        var options = new TrainingOptions { Epochs = 2, BatchSize = 4 };
        switch (loss)
        {
            case Loss.Hinge: { var n = new HingeGuardNet(); return ((t, v) => n.Fit(t, options, v), n.Evaluate, (x, y) => n.TrainStep(x, y), () => n.Parameters.ToArray(), 1); }
            case Loss.SquareLoss: { var n = new SquareLossGuardNet(); return ((t, v) => n.Fit(t, options, v), n.Evaluate, (x, y) => n.TrainStep(x, y), () => n.Parameters.ToArray(), 2); }
            case Loss.CrossEntropy: { var n = new SoftmaxGuardNet(); return ((t, v) => n.Fit(t, options, v), n.Evaluate, (x, y) => n.TrainStep(x, y), () => n.Parameters.ToArray(), 3); }
            default: { var n = new LogisticGuardNet(); return ((t, v) => n.Fit(t, options, v), n.Evaluate, (x, y) => n.TrainStep(x, y), () => n.Parameters.ToArray(), 1); }
        }
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void Fit_and_Evaluate_refuse_a_target_outside_the_loss_domain_naming_dataset_row_and_column(Loss loss)
    {
        var random = new Random((int)loss + 17);
        foreach (double bad in OutOfDomain(loss))
        {
            var net = NetworkFor(loss);
            int rows = 10, row = random.Next(rows), column = random.Next(net.Width);
            var data = GuardData.Make<float>(rows, net.Width, (r, c) => r == row && c == column ? bad : GuardData.ValidTarget(loss, net.Width, r, c));
            var valid = GuardData.Make<float>(rows, net.Width, (r, c) => GuardData.ValidTarget(loss, net.Width, r, c));
            string value = ((float)bad).ToString(CultureInfo.InvariantCulture);
            var before = net.Parameters();

            var error = Assert.Throws<ArgumentException>(() => net.Fit(data, null));
            Assert.Equal("training", error.ParamName);
            Assert.Contains($"row {row}, column {column}: the target is {value}", error.Message);
            Assert.Contains(loss.ToString(), error.Message);

            error = Assert.Throws<ArgumentException>(() => net.Fit(valid, data));
            Assert.Equal("validation", error.ParamName);
            Assert.Contains($"row {row}, column {column}", error.Message);

            error = Assert.Throws<ArgumentException>(() => net.Evaluate(data));
            Assert.Equal("data", error.ParamName);
            Assert.Contains($"row {row}, column {column}", error.Message);

            Assert.Equal(before, net.Parameters());
            // The same rule as the per-sample entry point.
            Assert.Throws<ArgumentException>(() => net.TrainStep(data.Input(row), data.Target(row)));
            net.Fit(valid, valid);
        }
    }

    [Fact]
    public void Values_made_invalid_after_construction_are_reported_by_row_not_as_divergence()
    {
        var random = new Random(5);
        foreach (float poison in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int trial = 0; trial < 5; trial++)
            {
                var data = GuardData.Make<float>(16, 2, (r, c) => GuardData.ValidTarget(Loss.HalfSquaredError, 2, r, c));
                bool input = trial % 2 == 0;
                var array = input ? data.Inputs : data.Targets;
                int width = input ? 3 : 2, index = random.Next(array.Length);
                array[index] = poison;
                var net = new RegressionGuardNet();
                var error = Assert.Throws<ArgumentException>(() => net.Fit(data, new TrainingOptions { Epochs = 1, BatchSize = 4 }));
                Assert.Equal("training", error.ParamName);
                Assert.Contains($"row {index / width}, column {index % width}: the {(input ? "input" : "target")} is {poison.ToString(CultureInfo.InvariantCulture)}", error.Message);
            }
        }
    }

    [Fact]
    public void A_label_changed_out_of_range_after_construction_is_refused()
    {
        var labels = new[] { 0, 1, 2, 1, 0, 2 };
        var data = Dataset<float>.ForClassification(new float[labels.Length * 3], 3, labels, 3);
        labels[4] = 7;
        var net = new SoftmaxGuardNet();
        var error = Assert.Throws<ArgumentException>(() => net.Fit(data, new TrainingOptions { Epochs = 1, BatchSize = 2 }));
        Assert.Contains("row 4: the label is 7", error.Message);
        Assert.Throws<ArgumentException>(() => net.Evaluate(data));
    }

    [Fact]
    public void Data_changed_by_the_Progress_callback_is_reported_as_a_change_not_as_divergence()
    {
        foreach (bool poisonValidation in new[] { false, true })
        {
            var training = GuardData.Make<float>(16, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c));
            var validation = GuardData.Make<float>(8, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c), seed: 9);
            var net = new SoftmaxGuardNet();
            float[]? afterEpoch2 = null;
            var options = new TrainingOptions
            {
                Epochs = 6, BatchSize = 4,
                Progress = report =>
                {
                    if (report.Epoch != 2) return;
                    afterEpoch2 = net.Parameters.ToArray();
                    if (poisonValidation) validation.Targets[7] = 5; // row 2, column 1; out of cross-entropy's domain
                    else training.Inputs[7] = float.NaN;              // row 2, column 1
                },
            };
            var error = Assert.Throws<InvalidOperationException>(() => net.Fit(training, options, validation));
            Assert.Contains($"The {(poisonValidation ? "validation" : "training")} dataset changed during training", error.Message);
            Assert.Contains("epoch 2", error.Message);
            Assert.Contains("row 2, column 1", error.Message);
            Assert.DoesNotContain("smaller learning rate", error.Message);
            Assert.Equal(afterEpoch2, net.Parameters.ToArray());
        }
    }

    [Fact]
    public void Data_changed_mid_epoch_makes_the_divergence_check_report_the_change()
    {
        // A model that poisons an input row on its 20th sample: the loss turns NaN inside the epoch, as it would when
        // another thread wrote to the data. The divergence check then finds the changed value.
        var training = GuardData.Make<float>(16, 3, (r, c) => GuardData.ValidTarget(Loss.CrossEntropy, 3, r, c));
        var net = new SoftmaxGuardNet();
        var initial = net.Parameters.ToArray();
        var model = new PoisoningModel(net.AsModel(), new PoisoningModel.Counter { PoisonAt = 20, Data = training });
        var error = Assert.Throws<InvalidOperationException>(() =>
            Trainer.Fit(model, training, new TrainingOptions { Algorithm = TrainingAlgorithm.Online, Epochs = 3, LearningRate = 0.05 }));
        Assert.Contains("The training dataset changed during training (found in epoch 2)", error.Message);
        Assert.Contains("row 0, column 0: the input is NaN", error.Message);
        Assert.Contains("restored to the end of epoch 1", error.Message);
        Assert.NotEqual(initial, net.Parameters.ToArray());
        Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
    }

    private readonly struct PoisoningModel(SoftmaxGuardNet.Model inner, PoisoningModel.Counter counter) : ITrainableNetwork<float>
    {
        public sealed class Counter
        {
            public int Calls, PoisonAt;
            public required Dataset<float> Data;
        }

        public NetworkArchitecture Architecture => inner.Architecture;
        public Span<float> Parameters => inner.Parameters;
        public Span<float> Gradients => inner.Gradients;
        public int BatchWorkspaceSize(int batchSize) => inner.BatchWorkspaceSize(batchSize);
        public float BackpropagateBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count, Span<float> gradients, Span<float> workspace, bool accumulate) =>
            inner.BackpropagateBatch(inputs, targets, count, gradients, workspace, accumulate);
        public void Predict(ReadOnlySpan<float> input, Span<float> output) => inner.Predict(input, output);
        public void BatchForwardRange(int layer, ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> z, Span<float> a, int count, int from, int to) =>
            inner.BatchForwardRange(layer, parameters, x, z, a, count, from, to);
        public void BatchDeltaRange(int layer, ReadOnlySpan<float> parameters, Span<float> gradients, ReadOnlySpan<float> x, ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> da,
            ReadOnlySpan<float> y, Span<float> d, int count, int from, int to, bool accumulate) =>
            inner.BatchDeltaRange(layer, parameters, gradients, x, z, a, da, y, d, count, from, to, accumulate);
        public void BatchInputGradientRange(int layer, ReadOnlySpan<float> parameters, ReadOnlySpan<float> d, Span<float> dx, Span<float> scratch, int count, int from, int to) =>
            inner.BatchInputGradientRange(layer, parameters, d, dx, scratch, count, from, to);
        public float BatchLoss(ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> y, int count) => inner.BatchLoss(z, a, y, count);
        public float ComputeLoss(ReadOnlySpan<float> output, ReadOnlySpan<float> target) => inner.ComputeLoss(output, target);

        public float Backpropagate(ReadOnlySpan<float> input, ReadOnlySpan<float> target, bool accumulate)
        {
            if (++counter.Calls == counter.PoisonAt) counter.Data.Inputs.AsSpan().Fill(float.NaN);
            return inner.Backpropagate(input, target, accumulate);
        }
    }
}
