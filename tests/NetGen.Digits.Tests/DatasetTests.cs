namespace NetGen.Digits.Tests;

public sealed class DatasetTests
{
    [Fact]
    public void EmbeddedDigits_Load()
    {
        RawDataset d = EmbeddedDigits.Load();
        Assert.Equal((1797, 64, 8, 8, 10), (d.Rows, d.Features, d.Width, d.Height, d.ClassCount));
        Assert.Equal(1797 * 64, d.Pixels.Length);
        Assert.Equal(Enumerable.Range(0, 10), d.Labels.Distinct().Order());
        Assert.All(d.Pixels, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1f, d.Pixels.Max());
        Assert.Equal(0, d.Labels[0]);
        Assert.Equal(5 / 16f, d.Pixels[2]); // first row starts 0,0,5,13,...
    }

    [Fact]
    public void Split_IsSeededDisjointAndComplete()
    {
        RawDataset d = EmbeddedDigits.Load();
        var (train, val) = DataSplit.Split(d, 0.2, seed: 7);
        var (train2, _) = DataSplit.Split(d, 0.2, seed: 7);
        var (train3, _) = DataSplit.Split(d, 0.2, seed: 8);
        Assert.Equal(359, val.Rows);
        Assert.Equal(1438, train.Rows);
        Assert.Equal(train.Labels, train2.Labels);
        Assert.Equal(train.Pixels, train2.Pixels);
        Assert.NotEqual(train.Pixels, train3.Pixels);
        Assert.Equal(d.ClassCounts().Sum(), train.ClassCounts().Sum() + val.ClassCounts().Sum());
    }

    [Fact]
    public void Permutation_IsAPermutation()
    {
        int[] p = DataSplit.Permutation(10_000, 3);
        Assert.Equal(Enumerable.Range(0, 10_000), p.Order());
        Assert.NotEqual(Enumerable.Range(0, 10_000), p);
    }

    [Fact]
    public void TextArt_KeepsAspect()
    {
        string small = TextArt.Render(new float[64], 8, 8);
        Assert.Equal(8, small.Split('\n').Length);
        Assert.All(small.Split('\n'), l => Assert.Equal(16, l.Length));
        var big = new float[28 * 28];
        big[0] = 1; big[28] = 1;
        string[] lines = TextArt.Render(big, 28, 28).Split('\n');
        Assert.Equal(14, lines.Length);
        Assert.Equal('@', lines[0][0]);
        Assert.Equal(' ', lines[0][1]);
    }
}
