using System.CommandLine;
using Spectre.Console;

namespace NetGen.Digits;

/// <summary>The sample's logic, callable in-process (the end-to-end tests do) as well as from <c>Program</c>.</summary>
public static class DigitsApp
{
    /// <summary>Environment variable that, set to 1 or true, prints the stack trace of an unexpected error (like --verbose).</summary>
    public const string VerboseVariable = "NETGEN_DIGITS_VERBOSE";

    /// <summary>
    /// Parses <paramref name="args"/>, then runs the nine steps (data, network, initialization, loss, metric, training,
    /// testing, storing, applying); returns an <see cref="ExitCodes"/> value. Never throws: an unexpected exception is one
    /// line on <paramref name="stderr"/> and <see cref="ExitCodes.Failure"/> (the stack trace too with --verbose or
    /// <see cref="VerboseVariable"/>).
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        Run(args, stdout, stderr, ct, consoleWidth: null);

    /// <summary><see cref="Run(string[], TextWriter, TextWriter, CancellationToken)"/> as if the console were
    /// <paramref name="consoleWidth"/> columns wide (null: the terminal's width, or 80 when output is redirected).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct, int? consoleWidth)
    {
        bool verbose = Environment.GetEnvironmentVariable(VerboseVariable) is "1" or "true" or "TRUE" or "True";
        try
        {
            return ParseAndExecute(args, stdout, stderr, ct, consoleWidth, ref verbose);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Fail(stderr, ExitCodes.Cancelled, "cancelled.");
        }
        catch (Exception e)
        {
            Fail(stderr, ExitCodes.Failure, $"unexpected {e.GetType().Name}: {e.Message}" +
                                            (verbose ? "" : $" (run with --verbose or {VerboseVariable}=1 for details)"));
            if (verbose) stderr.WriteLine(e.ToString());
            return ExitCodes.Failure;
        }
    }

    private static int ParseAndExecute(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct, int? consoleWidth, ref bool verbose)
    {
        var cli = new AppCommandLine();
        ParseResult parse = cli.Root.Parse(args);
        if (parse.Errors.Count > 0)
            return Fail(stderr, ExitCodes.Usage, $"{parse.Errors[0].Message} (see --help)");
        if (parse.Action is not null && !ReferenceEquals(parse.Action, cli.Root.Action))
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr }); // --help, --version
        verbose |= cli.IsVerbose(parse);
        var (options, error) = cli.Bind(parse);
        if (options is null) return Fail(stderr, ExitCodes.Usage, error!);

        if (CheckWritable(options.OutputFolder) is { } outputProblem)
            return Fail(stderr, ExitCodes.Output, $"output folder '{options.OutputFolder}' is not writable: {outputProblem}");

        try
        {
            return TrainingFlow.Run(options, CreateConsole(stdout, consoleWidth), ct);
        }
        catch (DataLoadException e)
        {
            return Fail(stderr, ExitCodes.Data, e.Message);
        }
        catch (TrainingDivergedException e)
        {
            return Fail(stderr, ExitCodes.Failure, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, ExitCodes.Output, $"could not write to '{options.OutputFolder}': {e.Message}");
        }
    }

    /// <summary>
    /// Loads the data and returns training, validation and (when the folder has one besides a training set) test sets.
    /// The pixels are copied once after loading, by the split (a <see cref="Dataset{T}"/> needs a whole array per set,
    /// so training and validation get their own); the loaded array is garbage once split, and a held-out test set is
    /// not copied at all. The later steps share these arrays.
    /// </summary>
    internal static (RawDataset Train, RawDataset Validation, RawDataset? Test) LoadData(AppOptions options, int seed, CancellationToken ct = default)
    {
        if (options.DataFolder is null)
        {
            var (tr, va) = DataSplit.Split(EmbeddedDigits.Load(), 0.2, seed);
            return (tr, va, null);
        }
        IdxFolderData folder;
        try
        {
            folder = IdxReader.LoadFolder(options.DataFolder, ct);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new DataLoadException(e.Message, e);
        }
        RequireUsable(folder);
        if (folder.Train is { } train)
        {
            // A separate test set exists: hold it out, validate on 20% of the training set.
            var (tr, va) = DataSplit.Split(train, 0.2, seed);
            return (tr, va, folder.Test);
        }
        var (t, v) = DataSplit.Split(folder.Test!, 0.2, seed); // only t10k: 8,000 train / 2,000 validation
        return (t, v, null);
    }

    /// <summary>
    /// The checks <see cref="IdxReader.LoadFolder"/> already makes on the headers, repeated on the loaded sets because
    /// training must never start on data that step 7 cannot test: enough images to split, one image size, labels in range.
    /// </summary>
    private static void RequireUsable(IdxFolderData folder)
    {
        foreach (RawDataset? set in new[] { folder.Train, folder.Test })
        {
            if (set is not null && set.Rows < IdxReader.MinImagesPerPair)
                throw new DataLoadException($"{set.Name} in '{folder.Folder}' holds {set.Rows} image(s); at least {IdxReader.MinImagesPerPair} are needed.");
        }
        if (folder.Train is { } train && folder.Test is { } test && (train.Width, train.Height, train.ClassCount) != (test.Width, test.Height, test.ClassCount))
            throw new DataLoadException(
                $"'{folder.Folder}': the training images are {train.Height}x{train.Width} with {train.ClassCount} classes " +
                $"but the test images are {test.Height}x{test.Width} with {test.ClassCount}; both sets must agree.");
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

    private static IAnsiConsole CreateConsole(TextWriter stdout, int? width)
    {
        bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (width is { } columns) console.Profile.Width = columns;
        return console;
    }

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine($"netgen-digits: error: {string.Join(' ', message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}");
        return code;
    }

    internal sealed class DataLoadException(string message, Exception? inner = null) : Exception(message, inner);
}
