using System.Reflection;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Generator;

namespace NetGen.Tests.Speed;

/// <summary>
/// Baked inference runs the same kernels as the trainable network, reading the compiled-in parameters through
/// the same code, so Baked.Predict must equal Predict bit for bit (unrolled and vectorized layers, every tail).
/// </summary>
public class BakedKernelTests
{
    [Theory]
    [InlineData("Loss.MeanSquaredError", "[Input(20)] [Dense(37, Activation.Sigmoid, Shape = CodeShape.Vectorized)] [Dense(5, Activation.Linear)]")]
    [InlineData("Loss.HalfSquaredError", "[Input(13)] [Dense(29, Activation.PReLU, Shape = CodeShape.Vectorized)] [Dense(11, Activation.LeakyReLU, Slope = 0.1)] [Dense(3, Activation.Tanh, Bias = false, Shape = CodeShape.Vectorized)]")]
    [InlineData("Loss.CrossEntropy", "[Input(784)] [Dense(128, Activation.ReLU)] [Dense(10, Activation.Softmax)]")]
    public void Baked_predict_equals_trainable_predict_bit_for_bit(string loss, string layers)
    {
        const string Helpers = """
            public static float[] Run(Net net, float[] x) { var o = new float[OutputSize]; net.Predict(x, o); return o; }
            public static void Randomize(Net net, int seed) { var r = new System.Random(seed); for (int k = 0; k < ParameterCount; k++) net.Parameters[k] = (float)(r.NextDouble() - 0.5); }
            """;
        string trainable = $"using NetGen; [Network({loss})] {layers} public partial class Net {{ {Helpers} }}";
        var first = Load(GeneratorHarness.Run(trainable).Output);
        var type = first.GetType("Net")!;
        object net = Activator.CreateInstance(type)!;
        type.GetMethod("Randomize")!.Invoke(null, [net, 7]);
        string path = Path.Combine(Path.GetTempPath(), $"netgen-baked-{Guid.NewGuid():N}.txt");
        try
        {
            type.GetMethod("SaveText")!.Invoke(net, [path]);
            string text = File.ReadAllText(path);
            string baked = $"using NetGen; [Network({loss}, BakedWeights = \"w.txt\")] {layers} public partial class Net {{ {Helpers} " +
                "public static float[] RunBaked(float[] x) { var o = new float[OutputSize]; Baked.Predict(x, o); return o; } }";
            var result = GeneratorHarness.Run([new InMemoryAdditionalText("w.txt", text)], baked);
            Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            var second = Load(result.Output).GetType("Net")!;
            object loaded = Activator.CreateInstance(second)!;
            second.GetMethod("LoadText")!.Invoke(loaded, [path]);

            int inputs = (int)second.GetField("InputSize")!.GetValue(null)!;
            var rng = new Random(3);
            for (int sample = 0; sample < 10; sample++)
            {
                float[] x = Enumerable.Range(0, inputs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
                var expected = (float[])second.GetMethod("Run")!.Invoke(null, [loaded, x])!;
                var actual = (float[])second.GetMethod("RunBaked")!.Invoke(null, [x])!;
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(expected, (float[])type.GetMethod("Run")!.Invoke(null, [net, x])!);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Assembly Load(Compilation compilation)
    {
        using var pe = new MemoryStream();
        var emitted = compilation.Emit(pe);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        return Assembly.Load(pe.ToArray());
    }
}
