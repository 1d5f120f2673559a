using System.CommandLine;
using System.Globalization;

namespace NetGen.Digits;

/// <summary>Architecture presets: the app declares one NetGen network per preset.</summary>
public enum Preset { Small, Medium, Large }

/// <summary>Process exit codes of the sample.</summary>
public static class ExitCodes
{
    /// <summary>Success (also for --help).</summary>
    public const int Ok = 0;
    /// <summary>Unexpected failure.</summary>
    public const int Failure = 1;
    /// <summary>Bad command line: unknown option, missing or malformed value, value out of range.</summary>
    public const int Usage = 2;
    /// <summary>The data folder is missing, has no usable IDX files, or a file is malformed.</summary>
    public const int Data = 3;
    /// <summary>The output folder cannot be created or written.</summary>
    public const int Output = 4;
    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}

/// <summary>The validated command line.</summary>
/// <param name="DataFolder">IDX folder, or null for the embedded UCI digits.</param>
/// <param name="Preset">Architecture preset.</param>
/// <param name="Epochs">Training epochs, 1..10,000.</param>
/// <param name="BatchSize">Mini-batch size, 1..65,536.</param>
/// <param name="Optimizer">The runtime's optimizer (spelled sgd, momentum or adam on the command line).</param>
/// <param name="LearningRate">
/// Learning rate, at most 10 and, rounded to float, at least <see cref="AppCommandLine.MinimumLearningRate"/> (the
/// smallest normal float); null picks <see cref="DefaultLearningRate"/> for the optimizer.
/// </param>
/// <param name="Seed">Seed of shuffling, splitting and initialization.</param>
/// <param name="OutputFolder">Folder for pictures and reports.</param>
/// <param name="WeightDecay">L2 weight decay λ (coupled, added to the weight gradients), finite and in [0, 1].</param>
/// <param name="Quiet">Plain one-line-per-epoch progress and no terminal pictures.</param>
public sealed record AppOptions(
    string? DataFolder,
    Preset Preset,
    int Epochs,
    int BatchSize,
    OptimizerKind Optimizer,
    double? LearningRate,
    int Seed,
    string OutputFolder,
    bool Quiet,
    double WeightDecay = AppOptions.DefaultWeightDecay)
{
    /// <summary>Default L2 weight decay.</summary>
    public const double DefaultWeightDecay = 1e-4;

    /// <summary>
    /// The learning rate used when --learning-rate is not given: Adam 0.003 for 8x8 images (64 inputs) and 0.001 for
    /// larger ones (784 inputs, where 0.003 plateaus about a point lower on Fashion-MNIST), momentum 0.01 (μ = 0.9), SGD 0.1.
    /// </summary>
    public static double DefaultLearningRate(OptimizerKind optimizer, int inputSize) => optimizer switch
    {
        OptimizerKind.Adam => inputSize <= 64 ? 0.003 : 0.001,
        OptimizerKind.Momentum => 0.01,
        _ => 0.1,
    };

    /// <summary>The learning rate training uses for images of <paramref name="inputSize"/> pixels: the one given, or the default.</summary>
    public double EffectiveLearningRate(int inputSize) => LearningRate ?? DefaultLearningRate(Optimizer, inputSize);

    /// <summary>Default output folder.</summary>
    public const string DefaultOutputFolder = "./netgen-output";

    /// <summary>The defaults (embedded digits, small preset, 20 epochs, batch 32, Adam at its default rate, seed 42).</summary>
    public static AppOptions Default { get; } =
        new(null, Preset.Small, 20, 32, OptimizerKind.Adam, null, 42, DefaultOutputFolder, false);
}

/// <summary>The System.CommandLine definition of the sample's options.</summary>
public sealed class AppCommandLine
{
    private readonly Option<string?> DataOption = new("--data")
    {
        Description = "Folder with MNIST-format IDX files (train-/t10k-images-idx3-ubyte, -labels-idx1-ubyte, raw or .gz). " +
                      "Default: the embedded UCI 8x8 digits (1,797 images).",
        HelpName = "DIR",
    };
    private readonly Option<string> PresetOption = Choice("--preset", "Network architecture preset.", "small", "small", "medium", "large");
    private readonly Option<int> EpochsOption = new("--epochs")
    { Description = "Training epochs (1..10000).", HelpName = "N", DefaultValueFactory = _ => AppOptions.Default.Epochs };
    private readonly Option<int> BatchSizeOption = new("--batch-size")
    { Description = "Mini-batch size (1..65536).", HelpName = "N", DefaultValueFactory = _ => AppOptions.Default.BatchSize };
    private readonly Option<string> OptimizerOption = Choice("--optimizer", "Optimizer.", "adam", "sgd", "momentum", "adam");
    private readonly Option<double?> LearningRateOption = new("--learning-rate")
    {
        Description = $"Learning rate: at most 10, and at least {MinimumLearningRate.ToString(CultureInfo.InvariantCulture)} once rounded to " +
                      "float (the smallest normal float: the networks compute in float, where a smaller rate changes nothing). " +
                      "Default: adam 0.003 for 8x8 images and 0.001 for 28x28, momentum 0.01, sgd 0.1.",
        HelpName = "X",
    };
    private readonly Option<double> WeightDecayOption = new("--weight-decay")
    { Description = "L2 weight decay added to the weight gradients (0..1).", HelpName = "X", DefaultValueFactory = _ => AppOptions.DefaultWeightDecay };
    private readonly Option<int> SeedOption = new("--seed")
    { Description = "Seed for shuffling, the train/validation split and weight initialization.", HelpName = "N", DefaultValueFactory = _ => AppOptions.Default.Seed };
    private readonly Option<string> OutputOption = new("--output")
    { Description = "Folder for pictures and reports; created if needed.", HelpName = "DIR", DefaultValueFactory = _ => AppOptions.DefaultOutputFolder };
    private readonly Option<bool> QuietOption = new("--quiet", "-q")
    { Description = "Plain progress (one line per epoch) and no terminal pictures." };
    private readonly Option<bool> VerboseOption = new("--verbose")
    { Description = $"Print the stack trace of an unexpected error (exit code 1); so does the environment variable {DigitsApp.VerboseVariable}=1." };

    /// <summary>The root command with every option; build one <see cref="AppCommandLine"/> per parse.</summary>
    public RootCommand Root { get; }

    /// <summary>Builds the command-line definition.</summary>
    public AppCommandLine()
    {
        Root = new RootCommand(
            "NetGen digits sample: trains a NetGen-generated network on the UCI 8x8 digits or an MNIST-format IDX folder.\n" +
            "Exit codes: 0 success, 1 unexpected error, 2 bad command line, 3 bad or missing data, 4 output folder not writable, 130 cancelled.")
        {
            DataOption, PresetOption, EpochsOption, BatchSizeOption, OptimizerOption, LearningRateOption, WeightDecayOption, SeedOption, OutputOption, QuietOption, VerboseOption,
        };
        Root.SetAction(_ => ExitCodes.Ok);
    }

    /// <summary>The smallest learning rate the float networks can use: the smallest normal float.</summary>
    public const double MinimumLearningRate = 1.1754943508222875E-38;

    /// <summary>True when --verbose was given.</summary>
    public bool IsVerbose(ParseResult result) => result.GetValue(VerboseOption);

    /// <summary>Converts a parse result without parse errors into options, or returns the one-line reason it is invalid.</summary>
    public (AppOptions? Options, string? Error) Bind(ParseResult result)
    {
        var o = new AppOptions(
            result.GetValue(DataOption),
            Enum.Parse<Preset>(result.GetValue(PresetOption)!, ignoreCase: true),
            result.GetValue(EpochsOption),
            result.GetValue(BatchSizeOption),
            Enum.Parse<OptimizerKind>(result.GetValue(OptimizerOption)!, ignoreCase: true),
            result.GetValue(LearningRateOption),
            result.GetValue(SeedOption),
            result.GetValue(OutputOption) ?? AppOptions.DefaultOutputFolder,
            result.GetValue(QuietOption),
            result.GetValue(WeightDecayOption));
        string? error =
            o.Epochs is < 1 or > 10_000 ? $"--epochs must be 1..10000, got {o.Epochs}." :
            o.BatchSize is < 1 or > 65_536 ? $"--batch-size must be 1..65536, got {o.BatchSize}." :
            o.LearningRate is { } rate && !(rate > 0 && rate <= 10) ? $"--learning-rate must be > 0 and <= 10, got {rate.ToString(CultureInfo.InvariantCulture)}." :
            // The networks compute in float: a smaller rate rounds to 0 or a subnormal there and training changes nothing.
            o.LearningRate is { } tiny && !float.IsNormal((float)tiny) ?
                $"--learning-rate {tiny.ToString(CultureInfo.InvariantCulture)} is too small for the network's float precision (it rounds to {((float)tiny).ToString(CultureInfo.InvariantCulture)}); it must be at least {MinimumLearningRate.ToString(CultureInfo.InvariantCulture)}." :
            !(o.WeightDecay >= 0 && o.WeightDecay <= 1) ? $"--weight-decay must be >= 0 and <= 1, got {o.WeightDecay.ToString(CultureInfo.InvariantCulture)}." :
            o.DataFolder is { Length: 0 } ? "--data must name a folder." :
            string.IsNullOrWhiteSpace(o.OutputFolder) ? "--output must name a folder." :
            null;
        return error is null ? (o, null) : (null, error);
    }

    private static Option<string> Choice(string name, string description, string defaultValue, params string[] values)
    {
        var option = new Option<string>(name)
        {
            Description = $"{description} One of: {string.Join(", ", values)}.",
            HelpName = string.Join('|', values),
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
