using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using static NetGen.Digits.Formatting;

namespace NetGen.Digits;

/// <summary>The end of a run: report.json (dataset, network, training, test, reload check, timings, files) and the summary line.</summary>
internal static class RunReport
{
    /// <summary>Writes report.json and prints the closing summary.</summary>
    public static void Write(FlowContext context, string networkName, NetworkArchitecture arch, Initializer initializer,
        TrainingOutcome trained, TestOutcome tested, StoreOutcome stored)
    {
        var (options, console) = (context.Options, context.Console);
        string reportPath = context.OutputFile(TrainingFlow.ReportFile);
        TimeSpan total = Stopwatch.GetElapsedTime(context.Started);
        var evaluation = tested.Evaluation;
        int classes = tested.Classes;
        var report = new
        {
            dataset = new
            {
                name = context.DataName,
                source = options.DataFolder is null ? "embedded" : Path.GetFullPath(options.DataFolder),
                width = context.Train.Width,
                height = context.Train.Height,
                classes,
                classNames = tested.ClassNames,
                train = context.Train.Rows,
                validation = context.Validation.Rows,
                test = context.Test.Rows,
                testIsHeldOut = context.TestIsHeldOut,
            },
            preset = Lower(options.Preset),
            network = new
            {
                type = networkName,
                architecture = arch.Fingerprint,
                layerSizes = new[] { arch.InputSize }.Concat(arch.Layers.Select(l => l.Size)).ToArray(),
                parameters = arch.ParameterCount,
                initializer = initializer.ToString(),
            },
            training = new
            {
                optimizer = Lower(options.Optimizer),
                learningRate = trained.Rate,
                weightDecay = options.WeightDecay,
                batchSize = trained.Batch,
                epochs = trained.Result.Epochs,
                seed = options.Seed,
                history = trained.Result.History.Select(h => new
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
                confusionMatrix = Enumerable.Range(0, classes).Select(t => Enumerable.Range(0, classes).Select(p => tested.Matrix[t, p]).ToArray()).ToArray(),
                misclassified = tested.Wrong.Count,
            },
            reload = new { binaryIdentical = stored.BinaryIdentical, textIdentical = stored.TextIdentical },
            timings = new
            {
                loadSeconds = context.LoadTime.TotalSeconds,
                trainSeconds = trained.Time.TotalSeconds,
                testSeconds = tested.Time.TotalSeconds,
                totalSeconds = total.TotalSeconds,
            },
            files = new
            {
                weights = trained.Files.Binary,
                weightsText = trained.Files.Text,
                trainingCurves = trained.CurvesSvg,
                misclassified = tested.MisclassifiedSvg,
                samples = context.SamplesSvg,
                report = reportPath,
            },
        };
        File.WriteAllText(reportPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        console.WriteLine();
        console.Write(new Rule("[bold]Done[/]").LeftJustified());
        console.MarkupLine($"Test accuracy [bold]{Pct(evaluation.Accuracy)}[/] · training {Seconds(trained.Time)} · total {Seconds(total)}");
        console.MarkupLine($"Wrote [blue]{Markup.Escape(reportPath)}[/]");
    }
}
