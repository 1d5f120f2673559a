using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Spectre.Console;

namespace NetGen.Digits;

/// <summary>What the training flow needs besides the network: options, console, the three datasets and the output folder.</summary>
/// <param name="Options">The validated command line.</param>
/// <param name="Console">Where the steps are printed.</param>
/// <param name="Train">Training images.</param>
/// <param name="Validation">Validation images (curves per epoch).</param>
/// <param name="Test">Test images: the held-out test set, or <paramref name="Validation"/> when the data has none.</param>
/// <param name="TestIsHeldOut">True when <paramref name="Test"/> is a separate held-out set.</param>
/// <param name="OutputFolder">Absolute output folder (already checked writable).</param>
/// <param name="SamplesSvg">Path of the samples picture written in step 1.</param>
/// <param name="Started">Timestamp (<see cref="Stopwatch.GetTimestamp"/>) of the start of the run.</param>
/// <param name="LoadTime">Time spent loading and splitting the data.</param>
/// <param name="Ct">Cancellation (Ctrl+C).</param>
internal sealed record FlowContext(
    AppOptions Options,
    IAnsiConsole Console,
    RawDataset Train,
    RawDataset Validation,
    RawDataset Test,
    bool TestIsHeldOut,
    string OutputFolder,
    string SamplesSvg,
    long Started,
    TimeSpan LoadTime,
    CancellationToken Ct);

/// <summary>
/// Steps 2 to 9 of the course (the network, initialization, loss, metric, training, testing, storing, applying), written
/// once and run for every preset network: it is generic over the generated <c>Model</c> struct, so the runtime's
/// <see cref="Trainer"/> and <see cref="Evaluator"/> are specialized per network by the JIT.
/// </summary>
internal static class TrainingFlow
{
    /// <summary>File names in the output folder.</summary>
    public const string WeightsFile = "weights.ngw", WeightsTextFile = "weights.txt", CurvesFile = "training-curves.svg",
        MisclassifiedFile = "misclassified.svg", ReportFile = "report.json";

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Runs steps 2..9 for the network class <paramref name="declaration"/>; <paramref name="create"/> makes a fresh instance.</summary>
    public static int Run<TModel>(Type declaration, Func<TModel> create, FlowContext ctx)
        where TModel : struct, ITrainableNetwork<float>
    {
        var (options, console) = (ctx.Options, ctx.Console);
        TModel model = create();
        NetworkArchitecture arch = model.Architecture;
        var network = declaration.GetCustomAttribute<NetworkAttribute>()!;
        var train = ToDataset(ctx.Train);
        var validation = ToDataset(ctx.Validation);
        var test = ReferenceEquals(ctx.Test, ctx.Validation) ? validation : ToDataset(ctx.Test);

        // ── 2. The network ─────────────────────────────────────────────────────────────────────────────────────────
        Step(console, 2, "Design the network");
        console.MarkupLine("Declared in [blue]Networks.cs[/]; the NetGen source generator turned it into forward, backward and update code at compile time:");
        console.Write(new Panel(new Text(DeclarationText(declaration))).Header(declaration.Name).Border(BoxBorder.Rounded));
        var layers = new Table().Border(TableBorder.Simple).Title("Architecture");
        layers.AddColumn("Layer");
        layers.AddColumn(new TableColumn("Neurons").RightAligned());
        layers.AddColumn("Activation");
        layers.AddColumn(new TableColumn("Weights").RightAligned());
        layers.AddColumn(new TableColumn("Biases").RightAligned());
        layers.AddRow("input", arch.InputSize.ToString("N0", Ci), "–", "", "");
        for (int l = 0; l < arch.Layers.Count; l++)
        {
            var layer = arch.Layers[l];
            layers.AddRow(l == arch.Layers.Count - 1 ? $"{l + 1} (output)" : $"{l + 1} (hidden)", layer.Size.ToString("N0", Ci),
                layer.Activation.ToString(), $"{arch.FanIn(l)}x{layer.Size} = {arch.WeightCount(l).ToString("N0", Ci)}",
                (layer.HasBias ? layer.Size : 0).ToString("N0", Ci));
        }
        console.Write(layers);
        console.MarkupLine($"[bold]{Markup.Escape(arch.Fingerprint)}[/]: {arch.ParameterCount.ToString("N0", Ci)} trainable parameters (float32).");

        // ── 3. Initialization ──────────────────────────────────────────────────────────────────────────────────────
        Step(console, 3, "Initialize the parameters");
        ParameterInitializer.Initialize(arch, model.Parameters, network.Initializer, options.Seed);
        var init = new List<string>();
        for (int l = 0; l < arch.Layers.Count; l++)
        {
            var kind = network.Initializer == Initializer.Auto ? ParameterInitializer.AutoFor(arch.Layers[l].Activation) : network.Initializer;
            init.Add($"layer {l + 1} ({arch.Layers[l].Activation}): {InitializerText(kind, arch.FanIn(l), arch.Layers[l].Size)}");
        }
        console.MarkupLine($"Initializer [bold]{network.Initializer}[/], seed [bold]{options.Seed.ToString(Ci)}[/] (same seed, same bits):");
        foreach (string line in init) console.MarkupLine($"  • {Markup.Escape(line)}");
        console.MarkupLine("  • biases start at zero");
        var before = Evaluator.Evaluate(model, validation);

        // ── 4. Loss ────────────────────────────────────────────────────────────────────────────────────────────────
        Step(console, 4, "Define the loss");
        console.MarkupLine($"[bold]{arch.Loss}[/] on the softmax output: C = −Σₖ yₖ·ln aₖ with y the one-hot true class, averaged over a mini-batch.");
        console.MarkupLine($"A network that guesses uniformly scores ln {arch.OutputSize} = {Math.Log(arch.OutputSize).ToString("0.000", Ci)}; " +
                           $"the untrained network scores {before.Loss.ToString("0.000", Ci)} on the validation set.");

        // ── 5. Metric ──────────────────────────────────────────────────────────────────────────────────────────────
        Step(console, 5, "Define the metric");
        console.MarkupLine("[bold]Accuracy[/] = correctly classified images / all images; the predicted class is the output with the largest value (argmax).");
        console.MarkupLine($"Untrained: {Pct(before.Accuracy)} on the validation set (chance is {Pct(1.0 / arch.OutputSize)}).");

        // ── 6. Training ────────────────────────────────────────────────────────────────────────────────────────────
        Step(console, 6, "Train");
        int batch = Math.Min(options.BatchSize, train.Count);
        double rate = options.EffectiveLearningRate(arch.InputSize);
        console.MarkupLine($"Mini-batch gradient descent: {options.Epochs.ToString(Ci)} epochs, batch {batch.ToString(Ci)}" +
                           (batch < options.BatchSize ? $" (capped at the {train.Count} training images)" : "") +
                           $", {Lower(options.Optimizer)} at learning rate {rate.ToString(Ci)}, weight decay {options.WeightDecay.ToString(Ci)}, " +
                           $"reshuffled every epoch (seed {options.Seed.ToString(Ci)}).");
        string weights = Path.Combine(ctx.OutputFolder, WeightsFile), weightsText = Path.Combine(ctx.OutputFolder, WeightsTextFile);
        console.MarkupLine($"[grey]After every epoch the weights are saved (atomically) to {Markup.Escape(weights)}, so Ctrl+C keeps the last completed epoch.[/]");
        var view = new TrainingProgressView(console, live: !options.Quiet);
        int completed = 0;
        long trainStart = Stopwatch.GetTimestamp();
        TrainingResult? result = null;
        var trainingOptions = new TrainingOptions
        {
            Algorithm = TrainingAlgorithm.MiniBatch,
            BatchSize = batch,
            Epochs = options.Epochs,
            LearningRate = rate,
            Optimizer = options.Optimizer switch
            {
                OptimizerKind.Sgd => NetGen.OptimizerKind.Sgd,
                OptimizerKind.Momentum => NetGen.OptimizerKind.Momentum,
                _ => NetGen.OptimizerKind.Adam,
            },
            WeightDecay = options.WeightDecay,
            Seed = options.Seed,
            TrackTrainAccuracy = true,
            Progress = report =>
            {
                SaveBoth(weights, weightsText, arch, model.Parameters, Metadata(options, rate, report.Epoch));
                completed = report.Epoch;
                view.ReportEpoch(report.Epoch, options.Epochs, report.TrainLoss, report.ValidationLoss, report.ValidationAccuracy,
                    report.SamplesPerSecond, Stopwatch.GetElapsedTime(trainStart), report.TrainAccuracy);
                ctx.Ct.ThrowIfCancellationRequested();
            },
        };
        string curves = Path.Combine(ctx.OutputFolder, CurvesFile);
        string runName = $"{declaration.Name} / {Lower(options.Optimizer)}";
        try
        {
            view.Run(runName, options.Epochs, _ => result = Trainer.Fit(model, train, trainingOptions, validation, rate));
        }
        catch (OperationCanceledException)
        {
            if (view.History.Count > 0) SvgPlot.WriteTrainingCurves(curves, view.History, $"{runName} (cancelled after epoch {completed})");
            console.WriteLine();
            if (completed == 0)
            {
                console.MarkupLine("[yellow]Cancelled before the first epoch completed; no weights were saved.[/]");
            }
            else
            {
                console.MarkupLine($"[yellow]Cancelled.[/] The weights of epoch {completed} (the last completed one) are in:");
                console.MarkupLine($"  [blue]{Markup.Escape(weights)}[/]");
                console.MarkupLine($"  [blue]{Markup.Escape(weightsText)}[/]");
            }
            return ExitCodes.Cancelled;
        }
        TimeSpan trainTime = Stopwatch.GetElapsedTime(trainStart);
        SvgPlot.WriteTrainingCurves(curves, view.History, $"{runName}: {ctx.Train.Name.Replace(" / train", "", StringComparison.Ordinal)}");
        var last = result!.History[^1];
        console.MarkupLine($"Trained {result.Epochs.ToString(Ci)} epochs in {Seconds(trainTime)}: train loss {last.TrainLoss.ToString("0.0000", Ci)}" +
                           (last.TrainAccuracy is { } ta ? $", train accuracy {Pct(ta)}" : "") +
                           (last.ValidationAccuracy is { } va ? $", validation accuracy {Pct(va)}" : "") + ".");
        console.MarkupLine($"Wrote [blue]{Markup.Escape(curves)}[/]");

        // ── 7. Testing ─────────────────────────────────────────────────────────────────────────────────────────────
        Step(console, 7, "Test");
        long testStart = Stopwatch.GetTimestamp();
        var evaluation = Evaluator.Evaluate(model, test);
        int[] predicted = PredictAll(model, test, out float[] outputs);
        TimeSpan testTime = Stopwatch.GetElapsedTime(testStart);
        console.MarkupLine((ctx.TestIsHeldOut
            ? $"On the {test.Count.ToString("N0", Ci)} held-out test images (never used for training or validation):"
            : $"This data has no separate test set, so the {test.Count.ToString("N0", Ci)} validation images are the test set " +
              "(never trained on; no early stopping, so nothing was chosen by them during the run):"));
        console.MarkupLine($"[bold]Test accuracy {Pct(evaluation.Accuracy)}[/] ({evaluation.ConfusionMatrix.Correct.ToString("N0", Ci)} of " +
                           $"{evaluation.Count.ToString("N0", Ci)}), test loss {evaluation.Loss.ToString("0.0000", Ci)}.");
        int classes = ctx.Train.ClassCount;
        var matrix = new int[classes, classes];
        for (int t = 0; t < classes; t++)
            for (int p = 0; p < classes; p++)
                matrix[t, p] = (int)evaluation.ConfusionMatrix[t, p];
        string[] names = Enumerable.Range(0, classes).Select(ctx.Test.ClassName).ToArray();
        console.Write(ReportTables.PerClassAccuracyTable(matrix, names, "Per-class accuracy (test)"));
        console.Write(ReportTables.ConfusionMatrixTable(matrix, names, "Confusion matrix (test)"));
        var wrong = Enumerable.Range(0, test.Count).Where(i => predicted[i] != ctx.Test.Labels[i]).ToList();
        string misclassified = Path.Combine(ctx.OutputFolder, MisclassifiedFile);
        var wrongImages = wrong.Take(60)
            .Select(i => new DigitImage(ctx.Test.ImageArray(i), ctx.Test.Width, ctx.Test.Height, ctx.Test.Labels[i], predicted[i]))
            .ToList();
        SvgPlot.WriteDigitGrid(misclassified,
            $"{wrong.Count.ToString("N0", Ci)} of {test.Count.ToString("N0", Ci)} test images misclassified" +
            (wrong.Count > wrongImages.Count ? $" (first {wrongImages.Count})" : ""),
            wrongImages, 10, ctx.Test.ClassNames);
        console.MarkupLine($"Wrote [blue]{Markup.Escape(misclassified)}[/]");

        // ── 8. Storing ─────────────────────────────────────────────────────────────────────────────────────────────
        Step(console, 8, "Store the network");
        var metadata = Metadata(options, rate, result.Epochs);
        SaveBoth(weights, weightsText, arch, model.Parameters, metadata);
        console.MarkupLine($"Binary: [blue]{Markup.Escape(weights)}[/] ({new FileInfo(weights).Length.ToString("N0", Ci)} bytes)");
        console.MarkupLine($"Text:   [blue]{Markup.Escape(weightsText)}[/] ({new FileInfo(weightsText).Length.ToString("N0", Ci)} bytes)");
        console.MarkupLine($"Both hold the layer count ({arch.Layers.Count}), the sizes ({Markup.Escape(Sizes(arch))}), activations, loss, " +
                           $"learning rate {rate.ToString(Ci)}, seed, epochs trained ({result.Epochs}) and all {arch.ParameterCount.ToString("N0", Ci)} parameters.");
        TModel reloaded = create();
        NetworkFile.Load(weights, arch, reloaded.Parameters, declaration.Name);
        int binaryDiffs = CountDifferences(reloaded, test, outputs);
        TModel reloadedText = create();
        NetworkFile.LoadText(weightsText, arch, reloadedText.Parameters, declaration.Name);
        int textDiffs = CountDifferences(reloadedText, test, outputs);
        console.MarkupLine(binaryDiffs == 0
            ? $"Reloaded the binary file into a fresh {declaration.Name}: [green]identical outputs on all {test.Count.ToString("N0", Ci)} test images[/]."
            : $"[red]Reloaded the binary file: {binaryDiffs} of {test.Count} test images got different outputs.[/]");
        console.MarkupLine(textDiffs == 0
            ? $"Reloaded the text file too: [green]identical outputs[/]."
            : $"[yellow]Reloaded the text file: {textDiffs} of {test.Count} test images got different outputs.[/]");

        // ── 9. Applying ────────────────────────────────────────────────────────────────────────────────────────────
        Step(console, 9, "Apply the network");
        console.MarkupLine("The reloaded network classifies a few test images:");
        var shown = new List<int>(Enumerable.Range(0, Math.Min(5, test.Count)));
        if (wrong.Count > 0 && !shown.Contains(wrong[0])) shown.Add(wrong[0]); // and one it gets wrong
        var output = new float[arch.OutputSize];
        var captions = new List<string>();
        var guesses = new List<int>();
        foreach (int i in shown)
        {
            reloaded.Predict(ctx.Test.Image(i), output);
            int guess = Evaluator.Classify<float>(arch.Loss, output);
            guesses.Add(guess);
            string mark = guess == ctx.Test.Labels[i] ? "ok" : "WRONG";
            captions.Add($"test image {i}: true {ctx.Test.ClassName(ctx.Test.Labels[i])}, predicted {ctx.Test.ClassName(guess)} " +
                         $"(probability {Pct(Softmax(output)[guess])}) {mark}");
        }
        if (options.Quiet)
        {
            foreach (string caption in captions) console.Profile.Out.Writer.WriteLine("  " + caption);
        }
        else
        {
            var blocks = shown.Select(i => TextArt.Render(ctx.Test.Image(i), ctx.Test.Width, ctx.Test.Height)).ToList();
            var shortCaptions = shown.Select((i, k) => $"true {ctx.Test.ClassName(ctx.Test.Labels[i])} pred {ctx.Test.ClassName(guesses[k])}" +
                                                        (guesses[k] == ctx.Test.Labels[i] ? "" : " ✗")).ToList();
            int blockWidth = Math.Max(blocks.Max(b => b.IndexOf('\n') is var n and >= 0 ? n : b.Length), shortCaptions.Max(c => c.Length));
            int perRow = Math.Max(1, (console.Profile.Width + 4) / (blockWidth + 4));
            for (int start = 0; start < blocks.Count; start += perRow)
            {
                int n = Math.Min(perRow, blocks.Count - start);
                console.Profile.Out.Writer.WriteLine(TextArt.SideBySide(blocks.GetRange(start, n), shortCaptions.GetRange(start, n)));
                console.Profile.Out.Writer.WriteLine();
            }
            foreach (string caption in captions) console.Profile.Out.Writer.WriteLine("  " + caption);
        }

        // ── Report ─────────────────────────────────────────────────────────────────────────────────────────────────
        string reportPath = Path.Combine(ctx.OutputFolder, ReportFile);
        TimeSpan total = Stopwatch.GetElapsedTime(ctx.Started);
        var report = new
        {
            dataset = new
            {
                name = ctx.Train.Name.Replace(" / train", "", StringComparison.Ordinal),
                source = options.DataFolder is null ? "embedded" : Path.GetFullPath(options.DataFolder),
                width = ctx.Train.Width,
                height = ctx.Train.Height,
                classes,
                classNames = names,
                train = ctx.Train.Rows,
                validation = ctx.Validation.Rows,
                test = ctx.Test.Rows,
                testIsHeldOut = ctx.TestIsHeldOut,
            },
            preset = Lower(options.Preset),
            network = new
            {
                type = declaration.Name,
                architecture = arch.Fingerprint,
                layerSizes = new[] { arch.InputSize }.Concat(arch.Layers.Select(l => l.Size)).ToArray(),
                parameters = arch.ParameterCount,
                initializer = network.Initializer.ToString(),
            },
            training = new
            {
                optimizer = Lower(options.Optimizer),
                learningRate = rate,
                weightDecay = options.WeightDecay,
                batchSize = batch,
                epochs = result.Epochs,
                seed = options.Seed,
                history = result.History.Select(h => new
                {
                    epoch = h.Epoch,
                    trainLoss = h.TrainLoss,
                    trainAccuracy = h.TrainAccuracy,
                    validationLoss = h.ValidationLoss,
                    validationAccuracy = h.ValidationAccuracy,
                    samplesPerSecond = double.IsFinite(h.SamplesPerSecond) ? h.SamplesPerSecond : 0,
                    seconds = h.Elapsed.TotalSeconds,
                }).ToArray(),
            },
            test = new
            {
                accuracy = evaluation.Accuracy,
                loss = evaluation.Loss,
                count = evaluation.Count,
                correct = evaluation.ConfusionMatrix.Correct,
                perClassAccuracy = evaluation.PerClassAccuracy.Take(classes).Select(a => double.IsFinite(a) ? a : (double?)null).ToArray(),
                confusionMatrix = Enumerable.Range(0, classes).Select(t => Enumerable.Range(0, classes).Select(p => matrix[t, p]).ToArray()).ToArray(),
                misclassified = wrong.Count,
            },
            reload = new { binaryIdentical = binaryDiffs == 0, textIdentical = textDiffs == 0 },
            timings = new
            {
                loadSeconds = ctx.LoadTime.TotalSeconds,
                trainSeconds = trainTime.TotalSeconds,
                testSeconds = testTime.TotalSeconds,
                totalSeconds = total.TotalSeconds,
            },
            files = new
            {
                weights,
                weightsText,
                trainingCurves = curves,
                misclassified,
                samples = ctx.SamplesSvg,
                report = reportPath,
            },
        };
        File.WriteAllText(reportPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        console.WriteLine();
        console.Write(new Rule("[bold]Done[/]").LeftJustified());
        console.MarkupLine($"Test accuracy [bold]{Pct(evaluation.Accuracy)}[/] · training {Seconds(trainTime)} · total {Seconds(total)}");
        console.MarkupLine($"Wrote [blue]{Markup.Escape(reportPath)}[/]");
        return ExitCodes.Ok;
    }

    /// <summary>The declaration of <paramref name="type"/> as written in the source, rebuilt from its NetGen attributes.</summary>
    internal static string DeclarationText(Type type)
    {
        var lines = new List<string>();
        foreach (var a in type.GetCustomAttributesData())
        {
            if (a.AttributeType.Namespace != "NetGen" || !a.AttributeType.Name.EndsWith("Attribute", StringComparison.Ordinal)) continue;
            var args = a.ConstructorArguments.Select(Literal)
                .Concat(a.NamedArguments.Select(n => $"{n.MemberName} = {Literal(n.TypedValue)}"));
            lines.Add($"[{a.AttributeType.Name[..^"Attribute".Length]}({string.Join(", ", args)})]");
        }
        lines.Add($"public partial class {type.Name};");
        return string.Join('\n', lines);

        static string Literal(CustomAttributeTypedArgument arg) =>
            arg.ArgumentType.IsEnum ? $"{arg.ArgumentType.Name}.{Enum.ToObject(arg.ArgumentType, arg.Value!)}" :
            arg.Value switch
            {
                string s => $"\"{s}\"",
                bool b => b ? "true" : "false",
                double d => d.ToString("R", Ci),
                _ => Convert.ToString(arg.Value, Ci) ?? "null",
            };
    }

    private static Dataset<float> ToDataset(RawDataset data) =>
        Dataset<float>.ForClassification(data.Pixels, data.Features, data.Labels, data.ClassCount);

    private static NetworkMetadata Metadata(AppOptions options, double rate, int epochs) =>
        new() { LearningRate = rate, Seed = options.Seed, EpochsTrained = epochs };

    private static void SaveBoth(string binary, string text, NetworkArchitecture arch, ReadOnlySpan<float> parameters, NetworkMetadata metadata)
    {
        NetworkFile.Save(binary, arch, parameters, metadata);
        NetworkFile.SaveText(text, arch, parameters, metadata);
    }

    /// <summary>Predicted class of every row; <paramref name="outputs"/> receives all raw outputs (row-major).</summary>
    private static int[] PredictAll<TModel>(TModel model, Dataset<float> data, out float[] outputs)
        where TModel : struct, ITrainableNetwork<float>
    {
        int size = model.Architecture.OutputSize;
        outputs = new float[data.Count * size];
        var predicted = new int[data.Count];
        for (int r = 0; r < data.Count; r++)
        {
            var output = outputs.AsSpan(r * size, size);
            model.Predict(data.Input(r), output);
            predicted[r] = Evaluator.Classify<float>(model.Architecture.Loss, output);
        }
        return predicted;
    }

    /// <summary>How many rows of <paramref name="data"/> get outputs that differ (bitwise) from <paramref name="expected"/>.</summary>
    private static int CountDifferences<TModel>(TModel model, Dataset<float> data, float[] expected)
        where TModel : struct, ITrainableNetwork<float>
    {
        int size = model.Architecture.OutputSize, differences = 0;
        var output = new float[size];
        for (int r = 0; r < data.Count; r++)
        {
            model.Predict(data.Input(r), output);
            if (!output.AsSpan().SequenceEqual(expected.AsSpan(r * size, size))) differences++;
        }
        return differences;
    }

    /// <summary>The outputs as probabilities (they already are for a softmax layer; normalized defensively otherwise).</summary>
    private static double[] Softmax(float[] output)
    {
        double sum = output.Sum(v => (double)v);
        return output.Select(v => sum > 0 ? v / sum : 0).ToArray();
    }

    private static string InitializerText(Initializer kind, int fanIn, int fanOut) => kind switch
    {
        Initializer.He => $"He normal, N(0, 2/{fanIn}), σ = {Math.Sqrt(2.0 / fanIn).ToString("0.000", Ci)}",
        Initializer.XavierUniform => $"Xavier uniform, U(−r, r) with r = √(6/({fanIn}+{fanOut})) = {Math.Sqrt(6.0 / (fanIn + fanOut)).ToString("0.000", Ci)}",
        Initializer.XavierNormal => $"Xavier normal, N(0, 2/({fanIn}+{fanOut}))",
        Initializer.SmallUniform => "small uniform, U(−0.05, 0.05)",
        _ => kind.ToString(),
    };

    private static string Sizes(NetworkArchitecture arch) =>
        string.Join('-', new[] { arch.InputSize }.Concat(arch.Layers.Select(l => l.Size)));

    internal static void Step(IAnsiConsole console, int number, string title)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold yellow]{number}. {Markup.Escape(title)}[/]").LeftJustified());
    }

    private static string Pct(double v) => (v * 100).ToString("0.00", Ci) + "%";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", Ci) + " s";

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
