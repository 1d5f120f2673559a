using NetGen.Samples.Iris;
using NetGen.Tests.Runtime;

namespace NetGen.Tests.Baked;

/// <summary>The baked-inference sample: a trained Iris classifier compiled into the program.</summary>
public class IrisSampleTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = IrisApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Classifies_measurements_from_the_command_line()
    {
        var (exit, output, _) = Run("5.1", "3.5", "1.4", "0.2");
        Assert.Equal(IrisApp.Ok, exit);
        Assert.Contains("-> setosa", output);
        Assert.Contains("-> virginica", Run("6.3", "3.3", "6.0", "2.5").Out);
    }

    [Theory]
    [InlineData("5.1", "3.5")]
    [InlineData("5.1", "3.5", "x", "0.2")]
    [InlineData("5.1", "3.5", "1.4", "-1")]
    public void Bad_arguments_give_one_clear_line_and_exit_code_2(params string[] args)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(IrisApp.BadArguments, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("netgen-iris: error:", error);
    }

    [RequiresDataFact("uci/iris.csv")]
    public void Baked_classifier_is_accurate_and_bit_identical_to_the_loaded_weights()
    {
        var loaded = new IrisClassifier();
        loaded.LoadText(Path.Combine(RepoPaths.Root, "samples", "NetGen.Iris", "iris.weights.txt"));
        var data = TestData.Iris<float>();
        var expected = new float[3];
        var actual = new float[3];
        int correct = 0;
        for (int row = 0; row < data.Count; row++)
        {
            loaded.Predict(data.Input(row), expected);
            IrisClassifier.Baked.Predict(data.Input(row), actual);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            if (Evaluator.Classify<float>(Loss.CrossEntropy, actual) == data.Labels![row]) correct++;
        }
        Assert.True(correct >= 0.93 * data.Count, $"{correct} of {data.Count} raw rows classified correctly");
    }
}
