using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Tests.Golden;

/// <summary>Maps one sample's input to its output (the baked <c>Predict</c>).</summary>
internal delegate void SpanMap<T>(ReadOnlySpan<T> input, Span<T> output);

/// <summary>One golden network: computes each section's values as exact bits, keyed by index.</summary>
internal abstract class GoldenSubject(string name, IReadOnlyList<string> sections)
{
    public string Name => name;
    public IReadOnlyList<string> Sections => sections;

    /// <summary>The section's values: index ("0", "1", ... or a checksum name) and the hex bits.</summary>
    public abstract IReadOnlyList<(string Index, string Bits)> Record(string section);
}

/// <summary>
/// Drives a generated network through its public API on data drawn from <c>System.Random(1234)</c>, starting every
/// section from a fresh network (its declared seed), so each section is independent of the others.
/// </summary>
internal sealed class GoldenSubject<TNet, T>(string name, int inputSize, int outputSize, bool signedTargets, SpanMap<T>? baked = null)
    : GoldenSubject(name, baked is null ? CommonSections : [.. CommonSections, "baked"])
    where TNet : IGoldenNetwork<T>, new()
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly string[] CommonSections = ["predict", "blocked", "trainstep", "fit-minibatch", "fit-online"];
    private const int TrainingRows = 32, PredictedRows = 8, TrainSteps = 100, StoredParameters = 64;

    private readonly Lazy<Dataset<T>> _data = new(() => MakeData(inputSize, outputSize, signedTargets));

    public override IReadOnlyList<(string Index, string Bits)> Record(string section)
    {
        var data = _data.Value;
        var rows = data.Inputs.AsSpan(0, PredictedRows * inputSize);
        var net = new TNet();
        switch (section)
        {
            case "predict":
                var outputs = new T[PredictedRows * outputSize];
                for (int r = 0; r < PredictedRows; r++) net.Predict(data.Input(r), outputs.AsSpan(r * outputSize, outputSize));
                return Values(outputs);
            case "blocked":
                var blocked = new T[PredictedRows * outputSize];
                net.PredictBatchBlocked(rows, blocked);
                return Values(blocked);
            case "baked":
                var bakedOutputs = new T[PredictedRows * outputSize];
                for (int r = 0; r < PredictedRows; r++) baked!(data.Input(r), bakedOutputs.AsSpan(r * outputSize, outputSize));
                return Values(bakedOutputs);
            case "trainstep":
                for (int step = 0; step < TrainSteps; step++) net.TrainStep(data.Input(step % data.Count), data.Target(step % data.Count));
                return ParameterValues(net.Parameters);
            case "fit-minibatch":
                net.Fit(data, new TrainingOptions
                {
                    Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 8, Epochs = 2, Optimizer = OptimizerKind.Sgd, Threads = 1, Seed = 42,
                });
                return ParameterValues(net.Parameters);
            case "fit-online":
                net.Fit(data, new TrainingOptions
                {
                    Algorithm = TrainingAlgorithm.Online, Epochs = 1, Optimizer = OptimizerKind.Sgd, Threads = 1, Seed = 42,
                });
                return ParameterValues(net.Parameters);
            default:
                throw new ArgumentOutOfRangeException(nameof(section), section, "Unknown golden section.");
        }
    }

    /// <summary>Inputs uniform in [-1, 1); targets one-hot, or 0/1 (±1 for hinge-style losses) for a single output.</summary>
    private static Dataset<T> MakeData(int inputSize, int outputSize, bool signedTargets)
    {
        var random = new Random(1234);
        var inputs = new T[TrainingRows * inputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        var targets = new T[TrainingRows * outputSize];
        for (int r = 0; r < TrainingRows; r++)
        {
            int label = random.Next(Math.Max(2, outputSize));
            if (outputSize > 1) targets[r * outputSize + label] = T.One;
            else targets[r] = label == 1 ? T.One : signedTargets ? -T.One : T.Zero;
        }
        return new Dataset<T>(inputs, targets, inputSize, outputSize);
    }

    private static List<(string, string)> Values(ReadOnlySpan<T> values)
    {
        var list = new List<(string, string)>(values.Length);
        for (int i = 0; i < values.Length; i++) list.Add((i.ToString(CultureInfo.InvariantCulture), Hex(values[i])));
        return list;
    }

    /// <summary>The first parameters as they are, and two checksums over all of them (big networks have 100k).</summary>
    private static List<(string, string)> ParameterValues(ReadOnlySpan<T> parameters)
    {
        var list = Values(parameters[..Math.Min(StoredParameters, parameters.Length)]);
        ulong sum = 0, fnv = 0xcbf29ce484222325;
        foreach (var value in parameters) sum = unchecked(sum + Bits(value));
        foreach (byte b in MemoryMarshal.AsBytes(parameters)) fnv = unchecked((fnv ^ b) * 0x100000001b3);
        list.Add(("count", parameters.Length.ToString(CultureInfo.InvariantCulture)));
        list.Add(("sum-of-bits", sum.ToString("x16", CultureInfo.InvariantCulture)));
        list.Add(("fnv1a", fnv.ToString("x16", CultureInfo.InvariantCulture)));
        return list;
    }

    private static ulong Bits(T value) =>
        typeof(T) == typeof(float) ? Unsafe.BitCast<T, uint>(value) : Unsafe.BitCast<T, ulong>(value);

    private static string Hex(T value) =>
        Bits(value).ToString(typeof(T) == typeof(float) ? "x8" : "x16", CultureInfo.InvariantCulture);
}
