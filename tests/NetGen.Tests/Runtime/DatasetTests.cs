namespace NetGen.Tests.Runtime;

public class DatasetTests
{
    [Fact]
    public void ClassificationDatasetBuildsOneHotTargetsAndRowAccessors()
    {
        var data = Dataset<double>.ForClassification([1, 2, 3, 4, 5, 6], 2, [2, 0, 1], 3);
        Assert.Equal(3, data.Count);
        Assert.Equal(3, data.TargetSize);
        Assert.Equal(3, data.ClassCount);
        Assert.Equal([3.0, 4.0], data.Input(1).ToArray());
        Assert.Equal([0.0, 0.0, 1.0], data.Target(0).ToArray());
        Assert.Equal([1.0, 0.0, 0.0, 0.0, 1.0, 0.0], Dataset<double>.OneHot([0, 1], 3).ToArray());
        var binary = Dataset<float>.ForBinaryClassification([1, 2, 3], 1, [0, 1, 1], -1f, 1f);
        Assert.Equal([-1f, 1f, 1f], binary.Targets);
        Assert.Equal(2, binary.ClassCount);
    }

    [Fact]
    public void InvalidDataIsRejectedWithClearMessages()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Dataset<double>([], [], 2, 1));
        Assert.Contains("empty", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Dataset<double>([1, 2, 3], [1], 2, 1));
        Assert.Contains("not a whole number of rows of 2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Dataset<double>([1, 2, 3, 4], [1], 2, 1));
        Assert.Contains("Expected 2 rows × 1 targets", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Dataset<double>([1, 2, 3, double.NaN], [1, 2], 2, 1));
        Assert.Contains("input at row 1, column 1 is NaN", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Dataset<float>([1, 2, 3, 4], [1, float.PositiveInfinity], 2, 1));
        Assert.Contains("target at row 1, column 0", ex.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => Dataset<double>.ForClassification([1, 2], 1, [0, 3], 3));
        Assert.Contains("Row 1 has label 3", range.Message);
        range = Assert.Throws<ArgumentOutOfRangeException>(() => Dataset<double>.ForClassification([1, 2], 1, [0, -1], 3));
        Assert.Contains("labels must be in [0, 2]", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset<double>([1, 2], [1, 2], 0, 1));
        ex = Assert.Throws<ArgumentException>(() => new Dataset<double>([1, 2], [1, 0], 1, 1, labels: [1]));
        Assert.Contains("one label per row", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset<double>.ForBinaryClassification([1], 1, [2], 0, 1));
    }

    [Fact]
    public void SplitIsSeededAndPartitionsTheRows()
    {
        var data = TestData.Synthetic<double>(50, 2, 3);
        var (train, test) = data.Split(0.8, seed: 3);
        Assert.Equal(40, train.Count);
        Assert.Equal(10, test.Count);
        var again = data.Split(0.8, seed: 3);
        Assert.Equal(train.Inputs, again.Train.Inputs);
        Assert.NotEqual(train.Inputs, data.Split(0.8, seed: 4).Train.Inputs);
        var rows = train.Inputs.Chunk(2).Concat(test.Inputs.Chunk(2)).Select(r => (r[0], r[1])).ToHashSet();
        Assert.Equal(data.Inputs.Chunk(2).Select(r => (r[0], r[1])).ToHashSet(), rows);
        Assert.NotNull(train.Labels);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(0.001));
    }

    [Fact]
    public void SubsetAndTakeCopyRows()
    {
        var data = Dataset<double>.ForClassification([1, 2, 3, 4, 5, 6], 2, [0, 1, 2], 3);
        var subset = data.Subset([2, 0]);
        Assert.Equal([5.0, 6.0, 1.0, 2.0], subset.Inputs);
        Assert.Equal([2, 0], subset.Labels!);
        Assert.Equal([1.0, 2.0], data.Take(1).Inputs);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Take(4));
    }

    [Fact]
    public void StandardizerUsesTrainingStatisticsAndHandlesConstantFeatures()
    {
        var train = new Dataset<double>([1, 5, 3, 5, 5, 5], [0, 0, 0], 2, 1);
        var s = Standardizer.Fit(train);
        Assert.Equal([3.0, 5.0], s.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), s.StandardDeviation[0], 12);
        Assert.Equal(1.0, s.StandardDeviation[1]);
        var applied = s.Apply(train);
        Assert.Equal(0.0, applied.Inputs.Where((_, i) => i % 2 == 0).Sum(), 12);
        Assert.Equal(0.0, applied.Inputs[1]);
        var other = s.Apply(new Dataset<double>([3 + Math.Sqrt(8.0 / 3), 6], [1], 2, 1));
        Assert.Equal(1.0, other.Inputs[0], 12);
        Assert.Equal(1.0, other.Inputs[1], 12);
        var restored = new Standardizer([.. s.Mean], [.. s.StandardDeviation]);
        Assert.Equal(applied.Inputs, restored.Apply(train).Inputs);
        Assert.Throws<ArgumentException>(() => s.Apply(new Dataset<double>([1, 2, 3], [1], 3, 1)));
        Assert.Throws<ArgumentException>(() => new Standardizer([0], [0]));
    }
}
