using System.Globalization;

namespace NetGen.Samples.Iris;

/// <summary>Trains the classifier on Iris and writes the weights file that the build bakes in.</summary>
internal static class Retrain
{
    public static int Run(string csvPath, string weightsPath, TextWriter stdout, TextWriter stderr)
    {
        Dataset<float> data;
        try
        {
            data = Load(csvPath);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"netgen-iris: error: cannot read {csvPath}: {e.Message}");
            return IrisApp.BadData;
        }

        var (train, test) = data.Split(0.8, seed: 3);
        var scaler = Standardizer.Fit(train);
        var net = new IrisClassifier();
        var result = net.Fit(scaler.Apply(train), new TrainingOptions { Epochs = 200, BatchSize = 16, Seed = 1 });
        double scaledAccuracy = net.Evaluate(scaler.Apply(test)).Accuracy;

        // Fold the standardization into layer 1 so the saved network takes raw centimetres:
        // z = b + Σ w_i (x_i − μ_i)/σ_i = (b − Σ w_i μ_i/σ_i) + Σ (w_i/σ_i) x_i.
        var p = net.Parameters;
        var arch = IrisClassifier.Architecture;
        int m = arch.Layers[0].Size, bias = arch.BiasOffset(0);
        for (int i = 0; i < arch.InputSize; i++)
        {
            float mean = (float)scaler.Mean[i], std = (float)scaler.StandardDeviation[i];
            for (int j = 0; j < m; j++)
            {
                p[bias + j] -= p[i * m + j] * mean / std;
                p[i * m + j] /= std;
            }
        }
        double rawAccuracy = net.Evaluate(test).Accuracy;
        net.SaveText(weightsPath);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {result.Epochs} epochs: test accuracy {scaledAccuracy:P1} (standardized), {rawAccuracy:P1} (raw input, scaling folded in)"));
        stdout.WriteLine($"wrote {weightsPath}; copy it over samples/NetGen.Iris/iris.weights.txt and rebuild to bake it in");
        return IrisApp.Ok;
    }

    /// <summary>Reads iris.csv: four measurements and a species name or index per line; other lines (the header) are skipped.</summary>
    private static Dataset<float> Load(string path)
    {
        var inputs = new List<float>();
        var labels = new List<int>();
        var species = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            var cells = line.Split(',');
            if (cells.Length < 5 || !cells.Take(4).All(c => float.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) continue;
            for (int i = 0; i < 4; i++) inputs.Add(float.Parse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture));
            string name = cells[4].Trim();
            int label = int.TryParse(name, out int index) ? index : species.IndexOf(name) is int k and >= 0 ? k : Add(species, name);
            labels.Add(label);
        }
        if (labels.Count == 0) throw new FormatException("no rows of four measurements and a species");
        return Dataset<float>.ForClassification(inputs.ToArray(), 4, labels.ToArray(), 3);
    }

    private static int Add(List<string> list, string item)
    {
        list.Add(item);
        return list.Count - 1;
    }
}
