using System.Globalization;

namespace NetGen.Samples.Iris;

public static class IrisApp
{
    public const int Ok = 0, BadArguments = 2, BadData = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--train", var csv, ..])
            return Retrain.Run(csv, args.Length > 2 ? args[2] : Path.Combine(AppContext.BaseDirectory, "iris.weights.txt"), stdout, stderr);
        if (args.Length == 0 || args is ["--help" or "-h"])
        {
            stdout.WriteLine("usage: NetGen.Iris <sepal length> <sepal width> <petal length> <petal width>   (centimetres)");
            stdout.WriteLine("       NetGen.Iris --train <iris.csv> [weights output path]");
            stdout.WriteLine();
            foreach (var sample in new[] { new[] { 5.1f, 3.5f, 1.4f, 0.2f }, [6.4f, 3.2f, 4.5f, 1.5f], [6.3f, 3.3f, 6.0f, 2.5f] })
                Classify(sample, stdout);
            return Ok;
        }
        if (args.Length != IrisClassifier.InputSize)
        {
            stderr.WriteLine($"netgen-iris: error: expected {IrisClassifier.InputSize} measurements ({string.Join(", ", IrisClassifier.Features)}), got {args.Length}.");
            return BadArguments;
        }
        var input = new float[IrisClassifier.InputSize];
        for (int i = 0; i < input.Length; i++)
        {
            if (!float.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out input[i]) || !float.IsFinite(input[i]) || input[i] < 0)
            {
                stderr.WriteLine($"netgen-iris: error: {IrisClassifier.Features[i]} '{args[i]}' is not a non-negative number of centimetres.");
                return BadArguments;
            }
        }
        Classify(input, stdout);
        return Ok;
    }

    private static void Classify(float[] input, TextWriter stdout)
    {
        var probabilities = new float[IrisClassifier.OutputSize];
        IrisClassifier.Baked.Predict(input, probabilities);
        int best = 0;
        for (int k = 1; k < probabilities.Length; k++) if (probabilities[k] > probabilities[best]) best = k;
        string measurements = string.Join(" ", input.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)));
        string odds = string.Join(", ", IrisClassifier.Species.Select((s, k) => $"{s} {probabilities[k]:P1}"));
        stdout.WriteLine($"{measurements} -> {IrisClassifier.Species[best]} ({odds})");
    }
}
