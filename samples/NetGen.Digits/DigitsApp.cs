using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace NetGen.Digits;

/// <summary>The sample's logic, callable in-process (the end-to-end tests do) as well as from <c>Program</c>.</summary>
public static class DigitsApp
{
    /// <summary>Parses <paramref name="args"/>, loads and splits the data, writes pictures; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var cli = new AppCommandLine();
        ParseResult parse = cli.Root.Parse(args);
        if (parse.Errors.Count > 0)
            return Fail(stderr, ExitCodes.Usage, $"{parse.Errors[0].Message} (see --help)");
        if (parse.Action is not null && !ReferenceEquals(parse.Action, cli.Root.Action))
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr }); // --help, --version
        var (options, error) = cli.Bind(parse);
        if (options is null) return Fail(stderr, ExitCodes.Usage, error!);

        if (CheckWritable(options.OutputFolder) is { } outputProblem)
            return Fail(stderr, ExitCodes.Output, $"output folder '{options.OutputFolder}' is not writable: {outputProblem}");

        try
        {
            return Execute(options, stdout, ct);
        }
        catch (Exception e) when (e is DataLoadException)
        {
            return Fail(stderr, ExitCodes.Data, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(stderr, ExitCodes.Cancelled, "cancelled.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, ExitCodes.Output, $"could not write to '{options.OutputFolder}': {e.Message}");
        }
    }

    private static int Execute(AppOptions options, TextWriter stdout, CancellationToken ct)
    {
        IAnsiConsole console = CreateConsole(stdout);
        var (train, validation, test) = LoadData(options, options.Seed);
        ct.ThrowIfCancellationRequested();

        DatasetSummary.Write(console, options, train, validation, test);

        // Sample pictures: the first training images, as SVG and (unless quiet) as text art.
        string outputFolder = Path.GetFullPath(options.OutputFolder);
        int shown = Math.Min(30, train.Rows);
        var images = Enumerable.Range(0, shown)
            .Select(i => new DigitImage(train.ImageArray(i), train.Width, train.Height, train.Labels[i]))
            .ToList();
        string samplesSvg = Path.Combine(outputFolder, "samples.svg");
        string source = train.Name.Replace(" / train", "", StringComparison.Ordinal);
        SvgPlot.WriteDigitGrid(samplesSvg, $"{source}: {shown} training images (seeded shuffle)", images, 10, train.ClassNames);

        if (!options.Quiet)
        {
            int count = Math.Min(3, train.Rows);
            var blocks = Enumerable.Range(0, count).Select(i => TextArt.Render(train.Image(i), train.Width, train.Height)).ToList();
            var captions = Enumerable.Range(0, count).Select(i => $"label {train.ClassName(train.Labels[i])}").ToList();
            console.WriteLine();
            console.Profile.Out.Writer.WriteLine(TextArt.SideBySide(blocks, captions));
            console.WriteLine();
        }
        ct.ThrowIfCancellationRequested();

        // ── Training plugs in here ──────────────────────────────────────────────────────────────────────────────
        // Once the generator and the runtime are in: pick the NetGen network declared for options.Preset, train it with
        // options.Optimizer / LearningRate / BatchSize / Epochs / Seed, and report each epoch through
        //     var view = new TrainingProgressView(console, live: !options.Quiet);
        //     view.Run($"{options.Preset} / {options.Optimizer}", options.Epochs, v => { ... v.ReportEpoch(...); });
        // then write SvgPlot.WriteTrainingCurves(Path.Combine(outputFolder, "training-curves.svg"), view.History),
        // ReportTables.ConfusionMatrixTable / PerClassAccuracyTable for the validation (and test) set, and a
        // SvgPlot.WriteDigitGrid of misclassified validation images ("errors.svg").
        // ────────────────────────────────────────────────────────────────────────────────────────────────────────────

        console.MarkupLine($"Wrote [blue]{Markup.Escape(samplesSvg)}[/]");
        console.MarkupLine("[grey]Training is not wired in yet (waiting for the NetGen generator and runtime).[/]");
        return ExitCodes.Ok;
    }

    /// <summary>Loads the data and returns training, validation and (when the folder has one besides a training set) test sets.</summary>
    internal static (RawDataset Train, RawDataset Validation, RawDataset? Test) LoadData(AppOptions options, int seed)
    {
        if (options.DataFolder is null)
        {
            var (tr, va) = DataSplit.Split(EmbeddedDigits.Load(), 0.2, seed);
            return (tr, va, null);
        }
        IdxFolderData folder;
        try
        {
            folder = IdxReader.LoadFolder(options.DataFolder);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new DataLoadException(e.Message, e);
        }
        if (folder.Train is { } train)
        {
            // A separate test set exists: hold it out, validate on 20% of the training set.
            var (tr, va) = DataSplit.Split(train, 0.2, seed);
            return (tr, va, folder.Test);
        }
        var (t, v) = DataSplit.Split(folder.Test!, 0.2, seed); // only t10k: 8,000 train / 2,000 validation
        return (t, v, null);
    }

    /// <summary>Null when <paramref name="folder"/> can be created and written (checked with a probe file), else why not.</summary>
    internal static string? CheckWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".netgen-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "probe");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return e.Message;
        }
    }

    private static IAnsiConsole CreateConsole(TextWriter stdout)
    {
        bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine($"netgen-digits: error: {string.Join(' ', message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}");
        return code;
    }

    private sealed class DataLoadException(string message, Exception inner) : Exception(message, inner);
}
