using System.Globalization;
using Spectre.Console;

namespace NetGen.Digits;

/// <summary>
/// Shows training progress: a Spectre.Console live progress bar (one task per run, its description updated each epoch)
/// on an interactive terminal, or one plain line per epoch when quiet or when output is redirected.
/// Every reported epoch is also kept in <see cref="History"/> (ready for <see cref="SvgPlot.WriteTrainingCurves"/>).
/// </summary>
/// <remarks>
/// Usage: <c>view.Run("small / adam", epochs, v => { for (...) { train...; v.ReportEpoch(...); } });</c>.
/// <see cref="ReportEpoch"/> may also be called outside <see cref="Run"/>; it then always prints a plain line.
/// </remarks>
public sealed class TrainingProgressView
{
    private readonly IAnsiConsole _console;
    private readonly List<(int Epoch, double TrainLoss, double? ValLoss, double? TrainAcc, double? ValAcc)> _history = [];
    private ProgressTask? _task;
    private string _runName = "training";

    /// <summary>Creates a view writing to <paramref name="console"/>; <paramref name="live"/> false forces plain lines.</summary>
    public TrainingProgressView(IAnsiConsole console, bool live)
    {
        _console = console;
        Live = live && console.Profile.Capabilities.Interactive;
    }

    /// <summary>True when a live progress bar is shown; false for one plain line per epoch.</summary>
    public bool Live { get; }

    /// <summary>The epochs reported so far, in order.</summary>
    public IReadOnlyList<(int Epoch, double TrainLoss, double? ValLoss, double? TrainAcc, double? ValAcc)> History => _history;

    /// <summary>Runs <paramref name="body"/> (the training loop) as one progress task named <paramref name="runName"/>.</summary>
    public void Run(string runName, int totalEpochs, Action<TrainingProgressView> body)
    {
        _runName = runName;
        if (!Live)
        {
            body(this);
            return;
        }
        _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask(Markup.Escape($"{runName}: starting"), maxValue: Math.Max(1, totalEpochs));
                try { body(this); }
                finally { _task.StopTask(); _task = null; }
            });
    }

    /// <summary>
    /// Reports a finished epoch (1-based). <paramref name="valLoss"/>, <paramref name="valAcc"/> and <paramref name="trainAcc"/>
    /// are optional; accuracies are fractions in [0, 1]. <paramref name="elapsed"/> is the time since training started and
    /// gives the ETA as <c>elapsed / epoch * (totalEpochs - epoch)</c>.
    /// </summary>
    public void ReportEpoch(int epoch, int totalEpochs, double trainLoss, double? valLoss, double? valAcc,
        double samplesPerSecond, TimeSpan elapsed, double? trainAcc = null)
    {
        _history.Add((epoch, trainLoss, valLoss, trainAcc, valAcc));
        string line = FormatEpoch(_runName, epoch, totalEpochs, trainLoss, valLoss, valAcc, samplesPerSecond, elapsed);
        if (_task is { } task)
        {
            task.Description = Markup.Escape(line);
            task.MaxValue = Math.Max(1, totalEpochs);
            task.Value = Math.Min(epoch, totalEpochs);
        }
        else
        {
            _console.Profile.Out.Writer.WriteLine(line);
        }
    }

    /// <summary>The plain one-line text of an epoch, also used as the live task description.</summary>
    public static string FormatEpoch(string runName, int epoch, int totalEpochs, double trainLoss, double? valLoss, double? valAcc,
        double samplesPerSecond, TimeSpan elapsed)
    {
        var ci = CultureInfo.InvariantCulture;
        int width = totalEpochs.ToString(ci).Length;
        TimeSpan eta = epoch > 0 ? TimeSpan.FromTicks(elapsed.Ticks / epoch * Math.Max(0, totalEpochs - epoch)) : TimeSpan.Zero;
        var parts = new List<string>
        {
            $"{runName} epoch {epoch.ToString(ci).PadLeft(width)}/{totalEpochs}",
            $"loss {trainLoss.ToString("0.0000", ci)}",
        };
        if (valLoss is { } vl) parts.Add($"val loss {vl.ToString("0.0000", ci)}");
        if (valAcc is { } va) parts.Add($"val acc {(va * 100).ToString("0.00", ci)}%");
        parts.Add($"{samplesPerSecond.ToString("N0", ci)} samples/s");
        parts.Add($"elapsed {Clock(elapsed)}");
        parts.Add($"ETA {Clock(eta)}");
        return string.Join("  ", parts);
    }

    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
