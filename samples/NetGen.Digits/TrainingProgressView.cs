using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace NetGen.Digits;

/// <summary>
/// Shows training progress: a Spectre.Console live progress bar on an interactive terminal, or one plain line per epoch
/// (no control codes) when quiet or when output is redirected. Both fit the console's width: an epoch's text drops its
/// least important parts (elapsed, then throughput, then ETA) rather than wrap.
/// Every reported epoch is also kept in <see cref="History"/> (ready for <see cref="SvgPlot.WriteTrainingCurves"/>).
/// </summary>
/// <remarks>
/// Usage: <c>view.Run("small / adam", epochs, v => { for (...) { train...; v.ReportEpoch(...); } });</c>.
/// <see cref="ReportEpoch"/> may also be called outside <see cref="Run"/>; it then always prints a plain line.
/// The live bar also moves within an epoch: training reports only whole epochs, so between reports the bar advances at
/// the previous epoch's pace (<see cref="EpochProgress"/>), never reaching the next epoch before it is reported; the first
/// epoch, with no pace yet, shows an animated indeterminate bar.
/// </remarks>
public sealed class TrainingProgressView
{
    private readonly IAnsiConsole _console;
    private readonly List<(int Epoch, double TrainLoss, double? ValLoss, double? TrainAcc, double? ValAcc)> _history = [];
    private readonly object _gate = new();
    private ProgressTask? _task;
    private long _epochStarted;
    private TimeSpan? _lastEpoch;
    private int _completed;

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

    /// <summary>Width of the live bar: a quarter of the console, 10 to 40 characters.</summary>
    private int BarWidth => Math.Clamp(_console.Profile.Width / 4, 10, 40);

    /// <summary>The characters an epoch's text may take: the whole line, or what the bar, percentage and spinner leave.</summary>
    private int TextWidth => Live ? Math.Max(20, _console.Profile.Width - BarWidth - 10) : _console.Profile.Width;

    /// <summary>Runs <paramref name="body"/> (the training loop) as one progress task named <paramref name="runName"/>.</summary>
    public void Run(string runName, int totalEpochs, Action<TrainingProgressView> body)
    {
        _console.Profile.Out.Writer.WriteLine($"{runName}, {totalEpochs.ToString(CultureInfo.InvariantCulture)} epochs:");
        if (!Live)
        {
            body(this);
            return;
        }
        _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = BarWidth },
                new PercentageColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                lock (_gate)
                {
                    _task = ctx.AddTask(Markup.Escape(Fit($"epoch 1/{totalEpochs}: first epoch running", TextWidth)), maxValue: Math.Max(1, totalEpochs));
                    _task.IsIndeterminate = true;
                    _epochStarted = Stopwatch.GetTimestamp();
                }
                using var pace = new Timer(_ => Advance(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
                try { body(this); }
                finally
                {
                    pace.Change(Timeout.Infinite, Timeout.Infinite);
                    lock (_gate) { _task.StopTask(); _task = null; }
                }
            });
    }

    /// <summary>
    /// Where the bar stands <paramref name="sinceEpochStarted"/> into the epoch after <paramref name="completed"/> whole
    /// epochs, when the last epoch took <paramref name="lastEpoch"/>: that epoch's pace, capped at 95% of the running
    /// epoch so the bar never shows an epoch done before training reports it.
    /// </summary>
    public static double EpochProgress(int completed, TimeSpan sinceEpochStarted, TimeSpan lastEpoch) =>
        completed + (lastEpoch <= TimeSpan.Zero ? 0 : Math.Min(0.95, sinceEpochStarted / lastEpoch));

    private void Advance()
    {
        lock (_gate)
        {
            if (_task is not { } task || _lastEpoch is not { } last || _completed >= task.MaxValue) return;
            task.Value = Math.Max(task.Value, EpochProgress(_completed, Stopwatch.GetElapsedTime(_epochStarted), last));
        }
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
        string line = FormatEpoch(epoch, totalEpochs, trainLoss, valLoss, valAcc, samplesPerSecond, elapsed, TextWidth);
        lock (_gate)
        {
            if (_task is { } task)
            {
                _lastEpoch = Stopwatch.GetElapsedTime(_epochStarted);
                _epochStarted = Stopwatch.GetTimestamp();
                _completed = epoch;
                task.IsIndeterminate = false;
                task.Description = Markup.Escape(line);
                task.MaxValue = Math.Max(1, totalEpochs);
                task.Value = Math.Min(epoch, totalEpochs);
                return;
            }
        }
        _console.Profile.Out.Writer.WriteLine(line);
    }

    /// <summary>
    /// The one-line text of an epoch (a plain line, or the live task's description), at most <paramref name="width"/>
    /// characters: the parts that do not fit are left out, least important first (elapsed, samples/s, ETA, validation loss).
    /// </summary>
    public static string FormatEpoch(int epoch, int totalEpochs, double trainLoss, double? valLoss, double? valAcc,
        double samplesPerSecond, TimeSpan elapsed, int width = int.MaxValue)
    {
        var ci = CultureInfo.InvariantCulture;
        int digits = totalEpochs.ToString(ci).Length;
        TimeSpan eta = epoch > 0 ? TimeSpan.FromTicks(elapsed.Ticks / epoch * Math.Max(0, totalEpochs - epoch)) : TimeSpan.Zero;
        // (text, priority): lower priorities are dropped first when the line is too long.
        var parts = new List<(string Text, int Priority)>
        {
            ($"epoch {epoch.ToString(ci).PadLeft(digits)}/{totalEpochs}", 9),
            ($"loss {trainLoss.ToString("0.0000", ci)}", 8),
        };
        if (valLoss is { } vl) parts.Add(($"val loss {vl.ToString("0.0000", ci)}", 4));
        if (valAcc is { } va) parts.Add(($"val acc {(va * 100).ToString("0.00", ci)}%", 7));
        parts.Add(($"{samplesPerSecond.ToString("N0", ci)} samples/s", 2));
        parts.Add(($"elapsed {Clock(elapsed)}", 1));
        parts.Add(($"ETA {Clock(eta)}", 3));
        for (int drop = 0; drop < 9; drop++)
        {
            string line = string.Join("  ", parts.Where(p => p.Priority > drop).Select(p => p.Text));
            if (line.Length <= width) return line;
        }
        return Fit(parts[0].Text, width);
    }

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..Math.Max(1, width - 1)] + "…";

    /// <summary>mm:ss, or h:mm:ss with the total hours (a 30-hour ETA reads 30:00:00, not 6:00:00).</summary>
    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1
            ? ((long)t.TotalHours).ToString(CultureInfo.InvariantCulture) + t.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
            : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
