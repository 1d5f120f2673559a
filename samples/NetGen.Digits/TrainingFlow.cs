using System.Diagnostics;
using Spectre.Console;
using static NetGen.Digits.Formatting;

namespace NetGen.Digits;

/// <summary>
/// The course's nine steps, in order, one method each. Step 1 is the same for every network; it hands the data to
/// <see cref="TrainingFlow{TKernels}"/>, steps 2 to 9 for the preset network that fits the images.
/// </summary>
internal static class TrainingFlow
{
    /// <summary>File names in the output folder.</summary>
    public const string SamplesFile = "samples.svg", WeightsFile = "weights.ngw", WeightsTextFile = "weights.txt",
        CurvesFile = "training-curves.svg", MisclassifiedFile = "misclassified.svg", ReportFile = "report.json";

    /// <summary>Runs the nine steps; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(AppOptions options, IAnsiConsole console, CancellationToken ct)
    {
        long started = Stopwatch.GetTimestamp();
        console.Write(new Rule("[bold]NetGen digits: the nine steps of training a network[/]").LeftJustified());
        FlowContext data = PrepareData(options, console, started, ct);
        return PresetNetworks.StepsTwoToNine(data.Train.Features, data.Train.ClassCount, options.Preset)(data);
    }

    /// <summary>1. Prepare the data: load, split 80/20 with the seed, summarize, draw the first training images.</summary>
    private static FlowContext PrepareData(AppOptions options, IAnsiConsole console, long started, CancellationToken ct)
    {
        Step(console, 1, "Prepare the data");
        var (train, validation, test) = DigitsApp.LoadData(options, options.Seed, ct);
        TimeSpan loadTime = Stopwatch.GetElapsedTime(started);
        ct.ThrowIfCancellationRequested();
        _ = PresetNetworks.StepsTwoToNine(train.Features, train.ClassCount, options.Preset); // refuse a shape without a preset before writing any file

        DatasetSummary.Write(console, options, train, validation, test);
        console.MarkupLine(test is null
            ? "[grey]Split: 80% train / 20% validation (seeded shuffle). No separate test set in this data: the validation images double as the test set in step 7.[/]"
            : "[grey]Split: 80% of the training file trains, 20% validates; the t10k file is the held-out test set.[/]");
        console.MarkupLine(options.DataFolder is null
            ? "[grey]Scaling: pixels 0..16 were divided by 16 when loading, so every input is already in [[0, 1]]; no further standardization.[/]"
            : "[grey]Scaling: pixels 0..255 were divided by 255 when loading, so every input is already in [[0, 1]]; no further standardization.[/]");

        string outputFolder = Path.GetFullPath(options.OutputFolder);
        string samplesSvg = Path.Combine(outputFolder, SamplesFile);
        DigitPictures.WriteSamples(console, train, samplesSvg, textArt: !options.Quiet);
        ct.ThrowIfCancellationRequested();
        return new FlowContext(options, console, train, validation, test ?? validation, test is not null,
            outputFolder, samplesSvg, started, loadTime, ct);
    }

    /// <summary>
    /// Steps 2 to 9 for the network <paramref name="create"/> makes; <typeparamref name="TKernels"/> is inferred from
    /// it (<c>For(() =&gt; new UciSmallNet())</c>).
    /// </summary>
    public static Func<FlowContext, int> For<TKernels>(Func<Network<TKernels, float>> create)
        where TKernels : struct, INetworkKernels<float> =>
        context => new TrainingFlow<TKernels>(create, context).Run();

    /// <summary>Prints the numbered heading of a step.</summary>
    internal static void Step(IAnsiConsole console, int number, string title)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold yellow]{number}. {Markup.Escape(title)}[/]").LeftJustified());
    }
}

/// <summary>
/// Steps 2 to 9, written once for every preset network. The class is generic over the network's generated kernels
/// struct, so the JIT compiles it once per network and the network's members (<see cref="Network{TKernels, T}"/>)
/// run specialized, without virtual calls.
/// </summary>
internal sealed class TrainingFlow<TKernels> where TKernels : struct, INetworkKernels<float>
{
    private static NetworkArchitecture Arch => default(TKernels).Architecture;

    private readonly Func<Network<TKernels, float>> _create;
    private readonly FlowContext _context;
    private readonly Network<TKernels, float> _network;
    private readonly IAnsiConsole _console;
    private readonly AppOptions _options;
    private readonly Dataset<float> _train, _validation, _test;

    /// <summary>Makes the network with <paramref name="create"/> and wraps the data of <paramref name="context"/>.</summary>
    public TrainingFlow(Func<Network<TKernels, float>> create, FlowContext context)
    {
        (_create, _context, _console, _options) = (create, context, context.Console, context.Options);
        _network = create();
        // The datasets share the loaded pixel and label arrays (a Dataset keeps the arrays it is given); only the
        // one-hot targets are new, one float per class and image.
        _train = ToDataset(context.Train);
        _validation = ToDataset(context.Validation);
        _test = ReferenceEquals(context.Test, context.Validation) ? _validation : ToDataset(context.Test);
    }

    private string Name => _network.GetType().Name;

    /// <summary>Runs steps 2 to 9 and writes the report; returns an <see cref="ExitCodes"/> value.</summary>
    public int Run()
    {
        DesignNetwork();
        InitializeParameters();
        EvaluationResult untrained = DefineLoss();
        DefineMetric(untrained);
        if (Train() is not { } trained) return ExitCodes.Cancelled;
        TestOutcome tested = Test();
        var (reloaded, stored) = Store(trained, tested);
        Apply(reloaded, tested);
        RunReport.Write(_context, Name, Arch, default(TKernels).Initializer, trained, tested, stored);
        return ExitCodes.Ok;
    }

    /// <summary>2. Design the network: the declaration in Networks.cs and the layers it makes.</summary>
    private void DesignNetwork()
    {
        TrainingFlow.Step(_console, 2, "Design the network");
        _console.MarkupLine("Declared in [blue]Networks.cs[/]; the NetGen source generator turned it into forward, backward and update code at compile time:");
        string declaration = NetworkDescription.Declaration(Name, Arch, default(TKernels).DefaultLearningRate,
            default(TKernels).Initializer, default(TKernels).DefaultSeed);
        _console.Write(new Panel(new Text(declaration)).Header(Name).Border(BoxBorder.Rounded));
        _console.Write(NetworkDescription.LayerTable(Arch));
        _console.MarkupLine($"[bold]{Markup.Escape(Arch.Fingerprint)}[/]: {Arch.ParameterCount.ToString("N0", Ci)} trainable parameters (float32).");
    }

    /// <summary>3. Initialize the parameters with the declared initializer and the run's seed.</summary>
    private void InitializeParameters()
    {
        TrainingFlow.Step(_console, 3, "Initialize the parameters");
        Initializer initializer = default(TKernels).Initializer;
        _network.InitializeParameters(_options.Seed);
        _console.MarkupLine($"Initializer [bold]{initializer}[/], seed [bold]{_options.Seed.ToString(Ci)}[/] (same seed, same bits):");
        foreach (string line in NetworkDescription.InitializerLines(Arch, initializer)) _console.MarkupLine($"  • {Markup.Escape(line)}");
        _console.MarkupLine("  • biases start at zero");
    }

    /// <summary>4. Define the loss; returns the untrained network's scores on the validation set.</summary>
    private EvaluationResult DefineLoss()
    {
        TrainingFlow.Step(_console, 4, "Define the loss");
        EvaluationResult untrained = _network.Evaluate(_validation);
        _console.MarkupLine($"[bold]{Arch.Loss}[/] on the softmax output: C = −Σₖ yₖ·ln aₖ with y the one-hot true class, averaged over a mini-batch.");
        _console.MarkupLine($"A network that guesses uniformly scores ln {Arch.OutputSize} = {Math.Log(Arch.OutputSize).ToString("0.000", Ci)}; " +
                            $"the untrained network scores {untrained.Loss.ToString("0.000", Ci)} on the validation set.");
        return untrained;
    }

    /// <summary>5. Define the metric: accuracy.</summary>
    private void DefineMetric(EvaluationResult untrained)
    {
        TrainingFlow.Step(_console, 5, "Define the metric");
        _console.MarkupLine("[bold]Accuracy[/] = correctly classified images / all images; the predicted class is the output with the largest value (argmax).");
        _console.MarkupLine($"Untrained: {Pct(untrained.Accuracy)} on the validation set (chance is {Pct(1.0 / Arch.OutputSize)}).");
    }

    /// <summary>6. Train with mini-batches, saving the weights after every epoch; null when cancelled.</summary>
    private TrainingOutcome? Train()
    {
        TrainingFlow.Step(_console, 6, "Train");
        int batch = Math.Min(_options.BatchSize, _train.Count);
        double rate = _options.EffectiveLearningRate(Arch.InputSize);
        _console.MarkupLine($"Mini-batch gradient descent: {_options.Epochs.ToString(Ci)} epochs, batch {batch.ToString(Ci)}" +
                            (batch < _options.BatchSize ? $" (capped at the {_train.Count} training images)" : "") +
                            $", {Lower(_options.Optimizer)} at learning rate {rate.ToString(Ci)}, weight decay {_options.WeightDecay.ToString(Ci)}, " +
                            $"reshuffled every epoch (seed {_options.Seed.ToString(Ci)}).");
        var files = new WeightFiles(_context.OutputFile(TrainingFlow.WeightsFile), _context.OutputFile(TrainingFlow.WeightsTextFile));
        _console.MarkupLine($"[grey]After every epoch the weights are saved (atomically) to {Markup.Escape(files.Binary)}, so Ctrl+C keeps the last completed epoch.[/]");
        var view = new TrainingProgressView(_console, live: !_options.Quiet);
        int completed = 0;
        long start = Stopwatch.GetTimestamp();
        var settings = new TrainingOptions
        {
            Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = batch, Epochs = _options.Epochs, LearningRate = rate,
            Optimizer = _options.Optimizer, WeightDecay = _options.WeightDecay, Seed = _options.Seed, TrackTrainAccuracy = true,
            Progress = report =>
            {
                files.SaveCheckpoint(Arch, _network.Parameters, rate, _options.Seed, report.Epoch);
                completed = report.Epoch;
                view.ReportEpoch(report.Epoch, _options.Epochs, report.TrainLoss, report.ValidationLoss, report.ValidationAccuracy,
                    report.SamplesPerSecond, Stopwatch.GetElapsedTime(start), report.TrainAccuracy);
                _context.Ct.ThrowIfCancellationRequested();
            },
        };
        string curves = _context.OutputFile(TrainingFlow.CurvesFile), runName = $"{Name} / {Lower(_options.Optimizer)}";
        TrainingResult? result = null;
        try
        {
            view.Run(runName, _options.Epochs, _ => result = _network.Fit(_train, settings, _validation));
        }
        catch (OperationCanceledException)
        {
            if (view.History.Count > 0) SvgPlot.WriteTrainingCurves(curves, view.History, $"{runName} (cancelled after epoch {completed})");
            files.ReportCancelled(_console, completed);
            return null;
        }
        TimeSpan time = Stopwatch.GetElapsedTime(start);
        SvgPlot.WriteTrainingCurves(curves, view.History, $"{runName}: {_context.DataName}");
        var last = result!.History[^1];
        _console.MarkupLine($"Trained {result.Epochs.ToString(Ci)} epochs in {Seconds(time)}: train loss {last.TrainLoss.ToString("0.0000", Ci)}" +
                            (last.TrainAccuracy is { } ta ? $", train accuracy {Pct(ta)}" : "") +
                            (last.ValidationAccuracy is { } va ? $", validation accuracy {Pct(va)}" : "") + ".");
        _console.MarkupLine($"Wrote [blue]{Markup.Escape(curves)}[/]");
        return new TrainingOutcome(result, rate, batch, time, curves, files);
    }

    /// <summary>7. Test on images never trained on: accuracy, loss, per-class accuracy, confusion matrix, the misclassified.</summary>
    private TestOutcome Test()
    {
        TrainingFlow.Step(_console, 7, "Test");
        long start = Stopwatch.GetTimestamp();
        EvaluationResult evaluation = _network.Evaluate(_test);
        var outputs = new float[_test.Count * Arch.OutputSize];
        _network.PredictBatch(_test.Inputs, outputs);
        int[] predicted = Enumerable.Range(0, _test.Count)
            .Select(r => Evaluator.Classify<float>(Arch.Loss, outputs.AsSpan(r * Arch.OutputSize, Arch.OutputSize))).ToArray();
        TimeSpan time = Stopwatch.GetElapsedTime(start);
        _console.MarkupLine(_context.TestIsHeldOut
            ? $"On the {_test.Count.ToString("N0", Ci)} held-out test images (never used for training or validation):"
            : $"This data has no separate test set, so the {_test.Count.ToString("N0", Ci)} validation images are the test set " +
              "(never trained on; no early stopping, so nothing was chosen by them during the run):");
        _console.MarkupLine($"[bold]Test accuracy {Pct(evaluation.Accuracy)}[/] ({evaluation.ConfusionMatrix.Correct.ToString("N0", Ci)} of " +
                            $"{evaluation.Count.ToString("N0", Ci)}), test loss {evaluation.Loss.ToString("0.0000", Ci)}.");
        var tested = new TestOutcome(_context.Test, evaluation, predicted, outputs, time, _context.OutputFile(TrainingFlow.MisclassifiedFile));
        int width = _console.Profile.Width;
        _console.Write(ReportTables.PerClassAccuracyTable(tested.Matrix, tested.ClassNames, "Per-class accuracy (test)", width));
        _console.Write(ReportTables.ConfusionMatrixTable(tested.Matrix, tested.ClassNames, "Confusion matrix (test)", width));
        DigitPictures.WriteMisclassified(tested);
        _console.MarkupLine($"Wrote [blue]{Markup.Escape(tested.MisclassifiedSvg)}[/]");
        return tested;
    }

    /// <summary>8. Store the network in both file forms, reload each into a fresh network and compare all test outputs.</summary>
    private (Network<TKernels, float> Reloaded, StoreOutcome Stored) Store(TrainingOutcome trained, TestOutcome tested)
    {
        TrainingFlow.Step(_console, 8, "Store the network");
        var (weights, weightsText) = trained.Files;
        _network.Save(weights); // records the rate training used, the seed initialized from and the epochs trained
        _network.SaveText(weightsText);
        _console.MarkupLine($"Binary: [blue]{Markup.Escape(weights)}[/] ({new FileInfo(weights).Length.ToString("N0", Ci)} bytes)");
        _console.MarkupLine($"Text:   [blue]{Markup.Escape(weightsText)}[/] ({new FileInfo(weightsText).Length.ToString("N0", Ci)} bytes)");
        _console.MarkupLine($"Both hold the layer count ({Arch.Layers.Count}), the sizes ({Markup.Escape(NetworkDescription.Sizes(Arch))}), activations, loss, " +
                            $"learning rate {trained.Rate.ToString(Ci)}, seed, epochs trained ({trained.Result.Epochs}) and all {Arch.ParameterCount.ToString("N0", Ci)} parameters.");
        Network<TKernels, float> reloaded = _create(), reloadedText = _create();
        reloaded.Load(weights);
        reloadedText.LoadText(weightsText);
        int binaryDiffs = CountDifferences(reloaded, tested.Outputs), textDiffs = CountDifferences(reloadedText, tested.Outputs);
        _console.MarkupLine(binaryDiffs == 0
            ? $"Reloaded the binary file into a fresh {Name}: [green]identical outputs on all {_test.Count.ToString("N0", Ci)} test images[/]."
            : $"[red]Reloaded the binary file: {binaryDiffs} of {_test.Count} test images got different outputs.[/]");
        _console.MarkupLine(textDiffs == 0
            ? $"Reloaded the text file too: [green]identical outputs[/]."
            : $"[yellow]Reloaded the text file: {textDiffs} of {_test.Count} test images got different outputs.[/]");
        return (reloaded, new StoreOutcome(binaryDiffs == 0, textDiffs == 0));
    }

    /// <summary>9. Apply the reloaded network to a few test images, and one it gets wrong.</summary>
    private void Apply(Network<TKernels, float> reloaded, TestOutcome tested)
    {
        TrainingFlow.Step(_console, 9, "Apply the network");
        _console.MarkupLine("The reloaded network classifies a few test images:");
        var shown = new List<int>(Enumerable.Range(0, Math.Min(5, _test.Count)));
        if (tested.Wrong.Count > 0 && !shown.Contains(tested.Wrong[0])) shown.Add(tested.Wrong[0]);
        var output = new float[Arch.OutputSize];
        var guesses = new List<(int Image, int Guess, double Probability)>();
        foreach (int i in shown)
        {
            reloaded.Predict(_test.Input(i), output);
            int guess = Evaluator.Classify<float>(Arch.Loss, output);
            guesses.Add((i, guess, Probabilities(output)[guess]));
        }
        DigitPictures.WriteGuesses(_console, _context.Test, guesses, textArt: !_options.Quiet);
    }

    private static Dataset<float> ToDataset(RawDataset data) =>
        Dataset<float>.ForClassification(data.Pixels, data.Features, data.Labels, data.ClassCount);

    /// <summary>How many test images get outputs from <paramref name="network"/> that differ (bitwise) from <paramref name="expected"/>.</summary>
    private int CountDifferences(Network<TKernels, float> network, float[] expected)
    {
        int size = Arch.OutputSize, differences = 0;
        var outputs = new float[expected.Length];
        network.PredictBatch(_test.Inputs, outputs);
        for (int r = 0; r < _test.Count; r++)
        {
            if (!outputs.AsSpan(r * size, size).SequenceEqual(expected.AsSpan(r * size, size))) differences++;
        }
        return differences;
    }

    /// <summary>The outputs as probabilities (they already are for a softmax layer; normalized defensively otherwise).</summary>
    private static double[] Probabilities(float[] output)
    {
        double sum = output.Sum(v => (double)v);
        return output.Select(v => sum > 0 ? v / sum : 0).ToArray();
    }
}
