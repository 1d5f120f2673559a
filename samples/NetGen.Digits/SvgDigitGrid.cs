using System.Globalization;

namespace NetGen.Digits;

public static partial class SvgPlot
{
    /// <summary>
    /// Writes a grid of grayscale images (white ink on black, one rect per run of equal pixels), each captioned with its
    /// true label, or "true→pred" when a prediction is given (green when right, red with a red frame when wrong; the
    /// legend names only the colours present).
    /// <paramref name="classNames"/> (optional) replaces class indices in captions. Creates the parent folder if needed.
    /// </summary>
    public static void WriteDigitGrid(string path, string title, IReadOnlyList<DigitImage> images, int columns = 10,
        IReadOnlyList<string>? classNames = null) =>
        WriteFile(path, DigitGrid(title, images, columns, classNames));

    /// <summary>The SVG text that <see cref="WriteDigitGrid"/> writes.</summary>
    public static string DigitGrid(string title, IReadOnlyList<DigitImage> images, int columns = 10, IReadOnlyList<string>? classNames = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        foreach (var image in images)
        {
            if (image.Width < 1 || image.Height < 1 || image.Pixels.Length != image.Width * image.Height)
                throw new ArgumentException($"An image of {image.Width}x{image.Height} needs {image.Width * image.Height} pixels, has {image.Pixels.Length}.", nameof(images));
        }
        string Name(int label) => classNames is not null && (uint)label < (uint)classNames.Count
            ? classNames[label] : label.ToString(CultureInfo.InvariantCulture);
        string Caption(DigitImage d) => d.PredictedLabel is { } p ? $"{Name(d.TrueLabel)}→{Name(p)}" : Name(d.TrueLabel);

        int maxSide = images.Count == 0 ? 8 : images.Max(i => Math.Max(i.Width, i.Height));
        int scale = Math.Max(1, 84 / maxSide);
        int imageSide = maxSide * scale;
        int captionChars = images.Count == 0 ? 1 : images.Max(i => Caption(i).Length);
        int cellWidth = Math.Max(imageSide + 16, (int)(captionChars * 7.4) + 14), cellHeight = imageSide + 34;
        int cols = Math.Max(1, Math.Min(columns, images.Count));
        int rows = (images.Count + cols - 1) / cols;
        bool anyPrediction = images.Any(i => i.PredictedLabel is not null);
        int top = anyPrediction ? 78 : 60, margin = 20;
        int width = Math.Max(margin * 2 + cols * cellWidth, 360), height = top + rows * cellHeight + margin;

        var svg = Begin(width, height);
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{width / 2}\" y=\"34\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"bold\" fill=\"{Ink}\">{Esc(title)}</text>\n");
        if (anyPrediction)
        {
            // The legend names only the colours the grid draws: a grid of mistakes has no green.
            int wrong = images.Count(i => i.PredictedLabel is { } p && p != i.TrueLabel);
            int right = images.Count(i => i.PredictedLabel is { } p && p == i.TrueLabel);
            var legend = new List<string>();
            if (right > 0) legend.Add($"<tspan fill=\"{Right}\">green: right</tspan>");
            if (wrong > 0) legend.Add($"<tspan fill=\"{Wrong}\">red caption and frame: wrong</tspan>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{width / 2}\" y=\"56\" text-anchor=\"middle\" font-size=\"13\" fill=\"{Muted}\">true→predicted; " +
                $"{string.Join(", ", legend)} ({wrong} of {images.Count} wrong)</text>\n");
        }
        if (images.Count == 0)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{top + 10}\" text-anchor=\"middle\" font-size=\"14\" fill=\"{Muted}\">no images</text>\n");

        for (int n = 0; n < images.Count; n++)
        {
            var d = images[n];
            int cx = margin + (n % cols) * cellWidth, cy = top + (n / cols) * cellHeight;
            double ix = cx + (cellWidth - d.Width * scale) / 2.0, iy = cy;
            string color = d.PredictedLabel is null ? Ink : d.PredictedLabel == d.TrueLabel ? Right : Wrong;
            svg.Append(CultureInfo.InvariantCulture,
                $"<g shape-rendering=\"crispEdges\"><rect x=\"{F(ix)}\" y=\"{iy}\" width=\"{d.Width * scale}\" height=\"{d.Height * scale}\" fill=\"#000\"/>");
            for (int y = 0; y < d.Height; y++)
            {
                int x = 0;
                while (x < d.Width)
                {
                    int level = Level(d.Pixels[y * d.Width + x]);
                    int run = 1;
                    while (x + run < d.Width && Level(d.Pixels[y * d.Width + x + run]) == level) run++;
                    if (level > 0)
                        svg.Append(CultureInfo.InvariantCulture,
                            $"<rect x=\"{F(ix + x * scale)}\" y=\"{iy + y * scale}\" width=\"{run * scale}\" height=\"{scale}\" fill=\"#{level:x2}{level:x2}{level:x2}\"/>");
                    x += run;
                }
            }
            svg.Append("</g>\n");
            if (d.PredictedLabel is not null && d.PredictedLabel != d.TrueLabel)
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{F(ix - 2)}\" y=\"{iy - 2}\" width=\"{d.Width * scale + 4}\" height=\"{d.Height * scale + 4}\" fill=\"none\" stroke=\"{Wrong}\" stroke-width=\"2\"/>\n");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{F(cx + cellWidth / 2.0)}\" y=\"{iy + d.Height * scale + 19}\" text-anchor=\"middle\" font-size=\"13\" fill=\"{color}\">{Esc(Caption(d))}</text>\n");
        }
        return End(svg);
    }

    /// <summary>Caption colours of a right and a wrong prediction (the frame of a wrong one too).</summary>
    private const string Right = "#1a7f37", Wrong = "#cf222e";

    private static int Level(float v) => v > 0 ? (int)(Math.Min(v, 1f) * 255f + 0.5f) : 0;
}
