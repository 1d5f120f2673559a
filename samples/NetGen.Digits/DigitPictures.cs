using Spectre.Console;
using static NetGen.Digits.Formatting;

namespace NetGen.Digits;

/// <summary>The digit pictures of steps 1, 7 and 9: SVG grids and text art.</summary>
internal static class DigitPictures
{
    /// <summary>Step 1: the first 30 training images as SVG and, with <paramref name="textArt"/>, the first 3 as text art.</summary>
    public static void WriteSamples(IAnsiConsole console, RawDataset train, string svgPath, bool textArt)
    {
        int shown = Math.Min(30, train.Rows);
        var images = Enumerable.Range(0, shown)
            .Select(i => new DigitImage(train.ImageArray(i), train.Width, train.Height, train.Labels[i]))
            .ToList();
        string source = train.Name.Replace(" / train", "", StringComparison.Ordinal);
        SvgPlot.WriteDigitGrid(svgPath, $"{source}: {shown} training images (seeded shuffle)", images, 10, train.ClassNames);
        if (textArt)
        {
            int count = Math.Min(3, train.Rows);
            var blocks = Enumerable.Range(0, count).Select(i => TextArt.Render(train.Image(i), train.Width, train.Height)).ToList();
            var captions = Enumerable.Range(0, count).Select(i => $"label {train.ClassName(train.Labels[i])}").ToList();
            foreach (string row in TextArt.Rows(blocks, captions, console.Profile.Width))
            {
                console.WriteLine();
                console.Profile.Out.Writer.WriteLine(row);
            }
            console.WriteLine();
        }
        console.MarkupLine($"Wrote [blue]{Markup.Escape(svgPath)}[/]");
    }

    /// <summary>Step 7: the first 60 misclassified test images, captioned true→predicted.</summary>
    public static void WriteMisclassified(TestOutcome tested)
    {
        RawDataset test = tested.Images;
        var images = tested.Wrong.Take(60)
            .Select(i => new DigitImage(test.ImageArray(i), test.Width, test.Height, test.Labels[i], tested.Predicted[i]))
            .ToList();
        SvgPlot.WriteDigitGrid(tested.MisclassifiedSvg,
            $"{tested.Wrong.Count.ToString("N0", Ci)} of {test.Rows.ToString("N0", Ci)} test images misclassified" +
            (tested.Wrong.Count > images.Count ? $" (first {images.Count})" : ""),
            images, 10, test.ClassNames);
    }

    /// <summary>Step 9: the network's guesses, one caption line each, drawn side by side as text art unless quiet.</summary>
    public static void WriteGuesses(IAnsiConsole console, RawDataset test, IReadOnlyList<(int Image, int Guess, double Probability)> guesses, bool textArt)
    {
        var writer = console.Profile.Out.Writer;
        if (textArt)
        {
            var blocks = guesses.Select(g => TextArt.Render(test.Image(g.Image), test.Width, test.Height)).ToList();
            var captions = guesses.Select(g => $"true {test.ClassName(test.Labels[g.Image])} pred {test.ClassName(g.Guess)}" +
                                               (g.Guess == test.Labels[g.Image] ? "" : " ✗")).ToList();
            foreach (string row in TextArt.Rows(blocks, captions, console.Profile.Width))
            {
                writer.WriteLine(row);
                writer.WriteLine();
            }
        }
        foreach (var (i, guess, probability) in guesses)
        {
            // Through the console, not the raw writer: a line longer than the console (long class names) wraps at a space.
            console.WriteLine($"  test image {i}: true {test.ClassName(test.Labels[i])}, predicted {test.ClassName(guess)} " +
                             $"(probability {Pct(probability)}) {(guess == test.Labels[i] ? "ok" : "WRONG")}");
        }
    }
}
