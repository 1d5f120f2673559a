using System.Globalization;
using NetGen.Benchmarks.Baselines;
using NetGen.Benchmarks.Data;

namespace NetGen.Benchmarks;

/// <summary>
/// <c>--validate</c>: checks that both baselines are correct enough to be baselines. For each task,
/// (1) PlainMlp and TensorMlp started from the same parameters agree to 1e-4 after 10 online steps (and, for T4,
/// 2 more mini-batch steps); (2) brief training lowers each baseline's mean loss on the first samples.
/// </summary>
public static class Validation
{
    private const float Tolerance = 1e-4f;

    public static int Run()
    {
        bool allOk = true;
        foreach (BenchTask task in Tasks.All)
        {
            Dataset data = task.Train;
            MlpSpec spec = task.Spec;
            Console.WriteLine($"{task.Id}: {task.Title} — {data.Name}, {data.Count} samples{(data.IsSynthetic ? " (SYNTHETIC: data file not found)" : "")}");
            float[] p0 = task.InitialParameters();

            // (1) agreement
            var plain = new PlainMlp(spec, p0);
            var tensor = new TensorMlp(spec, p0);
            for (int s = 0; s < 10; s++)
            {
                int k = s % data.Count;
                plain.TrainStep(data.Input(k), data.Target(k), task.LearningRate);
                tensor.TrainStep(data.Input(k), data.Target(k), task.LearningRate);
            }
            if (task == Tasks.T4)
            {
                for (int b = 0; b < 2; b++)
                {
                    int first = 10 + b * Tasks.T4BatchSize;
                    plain.TrainBatch(data.InputRows(first, Tasks.T4BatchSize), data.TargetRows(first, Tasks.T4BatchSize), Tasks.T4BatchSize, task.LearningRate);
                    tensor.TrainBatch(data.InputRows(first, Tasks.T4BatchSize), data.TargetRows(first, Tasks.T4BatchSize), Tasks.T4BatchSize, task.LearningRate);
                }
            }
            var pp = new float[spec.ParameterCount];
            var pt = new float[spec.ParameterCount];
            plain.ExportParameters(pp);
            tensor.ExportParameters(pt);
            float paramDiff = MaxAbsDiff(pp, pt);
            var op = new float[spec.OutputSize];
            var ot = new float[spec.OutputSize];
            float outDiff = 0;
            for (int k = 0; k < Math.Min(50, data.Count); k++)
            {
                plain.Predict(data.Input(k), op);
                tensor.Predict(data.Input(k), ot);
                outDiff = Math.Max(outDiff, MaxAbsDiff(op, ot));
            }
            float moved = MaxAbsDiff(pp, p0);
            bool agree = paramDiff <= Tolerance && outDiff <= Tolerance && moved > 0;
            allOk &= agree;
            Console.WriteLine($"  agreement after 10 steps: max |Δparam| = {paramDiff:E2}, max |Δoutput| = {outDiff:E2} (params moved {moved:E2}) → {(agree ? "PASS" : "FAIL")}");

            // (2) training lowers the loss
            foreach (IMlp net in new IMlp[] { new PlainMlp(spec, p0), new TensorMlp(spec, p0) })
            {
                int evalCount = Math.Min(500, data.Count);
                float before = MeanLoss(net, data, evalCount);
                Train(task, net, data);
                float after = MeanLoss(net, data, evalCount);
                bool ok = after < before && float.IsFinite(after);
                allOk &= ok;
                Console.WriteLine($"  {net.GetType().Name,-9} mean loss on first {evalCount}: {before.ToString("F4", CultureInfo.InvariantCulture)} → {after.ToString("F4", CultureInfo.InvariantCulture)} → {(ok ? "PASS" : "FAIL")}");
            }
        }
        Console.WriteLine(allOk ? "PASS" : "FAIL");
        return allOk ? 0 : 1;
    }

    private static void Train(BenchTask task, IMlp net, Dataset data)
    {
        if (task == Tasks.T4)
        {
            const int B = Tasks.T4BatchSize;
            for (int s = 0; s + B <= Math.Min(6400, data.Count); s += B)
                net.TrainBatch(data.InputRows(s, B), data.TargetRows(s, B), B, task.LearningRate);
            return;
        }
        int steps = task == Tasks.T1 ? 8000 : task == Tasks.T2 ? 150 * 30 : data.Count * 2;
        var order = Enumerable.Range(0, data.Count).ToArray();
        var rng = new Random(task.Seed);
        for (int s = 0; s < steps; s++)
        {
            if (s % data.Count == 0) rng.Shuffle(order);
            int k = order[s % data.Count];
            net.TrainStep(data.Input(k), data.Target(k), task.LearningRate);
        }
    }

    private static float MeanLoss(IMlp net, Dataset data, int count)
    {
        var output = new float[data.OutputSize];
        double sum = 0;
        for (int k = 0; k < count; k++)
        {
            net.Predict(data.Input(k), output);
            sum += Tasks.LossOf(net.Spec, output, data.Target(k));
        }
        return (float)(sum / count);
    }

    private static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
