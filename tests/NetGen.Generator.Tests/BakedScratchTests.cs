using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Generator;

namespace NetGen.Tests.Speed;

/// <summary>Baked inference follows the runtime's scratch policy: never more than a bounded stack buffer.</summary>
public sealed class BakedScratchTests
{
    /// <summary>
    /// A baked network with a layer of 65,536 neurons (the documented limit): its scratch is 512 KB, which used to be
    /// stackalloc'ed whole (a stack overflow, exit 134). Run on a thread with a 256 KB stack, it must simply work.
    /// </summary>
    [Fact]
    public void Baked_network_at_the_layer_size_limit_runs_on_a_small_stack()
    {
        const int width = 65_536;
        var architecture = new NetworkArchitecture(1, Loss.HalfSquaredError, Precision.Single,
            new LayerDescription(width, Activation.ReLU, true, 0.01), new LayerDescription(1, Activation.Linear, true, 0.01));
        var parameters = new float[architecture.ParameterCount];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = (i % 7 - 3) / 64f;
        string file = Path.Combine(Path.GetTempPath(), $"netgen-wide-{Guid.NewGuid():N}.txt");
        try
        {
            NetworkFile.SaveText<float>(file, architecture, parameters);
            string source = $$"""
                using NetGen;
                [Network(Loss.HalfSquaredError, BakedWeights = "wide.txt")]
                [Input(1)]
                [Dense({{width}}, Activation.ReLU)]
                [Dense(1, Activation.Linear)]
                public partial class WideBaked;
                public static class Runner
                {
                    public static float Baked(float x) { var o = new float[1]; WideBaked.Baked.Predict(new[] { x }, o); return o[0]; }
                    public static float Trained(float x, string path) { var n = new WideBaked(); n.LoadText(path); var o = new float[1]; n.Predict(new[] { x }, o); return o[0]; }
                }
                """;
            var result = GeneratorHarness.Run([new InMemoryAdditionalText("/weights/wide.txt", File.ReadAllText(file))], source);
            Assert.DoesNotContain(result.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
            using var image = new MemoryStream();
            var emit = result.Output.Emit(image);
            Assert.True(emit.Success, string.Join('\n', emit.Diagnostics));
            var context = new AssemblyLoadContext("wide-baked", isCollectible: true);
            try
            {
                image.Position = 0;
                var runner = context.LoadFromStream(image).GetType("Runner")!;
                float baked = float.NaN, trained = float.NaN;
                var thread = new Thread(() =>
                {
                    baked = (float)runner.GetMethod("Baked")!.Invoke(null, [0.75f])!;
                    trained = (float)runner.GetMethod("Trained")!.Invoke(null, [0.75f, file])!;
                }, maxStackSize: 256 * 1024);
                thread.Start();
                thread.Join();
                Assert.True(float.IsFinite(baked));
                Assert.Equal(trained, baked);
            }
            finally
            {
                context.Unload();
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
