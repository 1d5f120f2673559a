using System.Diagnostics;
using Spectre.Console;

namespace NetGen.Digits;

/// <summary>What step 1 hands to steps 2 to 9: options, console, the three datasets and the output folder.</summary>
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
    CancellationToken Ct)
{
    /// <summary>The data's name without the split suffix, e.g. "UCI digits (embedded)".</summary>
    public string DataName => Train.Name.Replace(" / train", "", StringComparison.Ordinal);

    /// <summary>A file in the output folder.</summary>
    public string OutputFile(string name) => Path.Combine(OutputFolder, name);
}
