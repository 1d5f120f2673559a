using System.Text;

namespace NetGen.Digits;

/// <summary>Renders grayscale images as text with the shading ramp <see cref="Ramp"/> (dark background, bright ink).</summary>
public static class TextArt
{
    /// <summary>Characters from blank (0) to full ink (1).</summary>
    public const string Ramp = " .:-=+*#%@";

    /// <summary>
    /// Renders a <paramref name="width"/> x <paramref name="height"/> image (row-major, values in [0, 1]) as lines of text.
    /// Terminal cells are about twice as tall as wide, so the aspect ratio is kept by drawing each pixel two characters
    /// wide for small images (width &lt;= 16, e.g. 8x8 → 16x8) and by averaging pairs of rows for larger ones (28x28 → 28x14).
    /// Lines are separated by '\n' and padded to equal length; there is no trailing newline.
    /// </summary>
    public static string Render(ReadOnlySpan<float> pixels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != width * height)
            throw new ArgumentException($"Expected {width * height} pixels for {width}x{height}, got {pixels.Length}.", nameof(pixels));
        bool small = width <= 16;
        int repeat = small ? 2 : 1, rowStep = small ? 1 : 2;
        var sb = new StringBuilder((width * repeat + 1) * height);
        for (int y = 0; y < height; y += rowStep)
        {
            if (y > 0) sb.Append('\n');
            for (int x = 0; x < width; x++)
            {
                float v = pixels[y * width + x];
                if (rowStep == 2 && y + 1 < height) v = (v + pixels[(y + 1) * width + x]) / 2;
                sb.Append(Shade(v), repeat);
            }
        }
        return sb.ToString();
    }

    /// <summary>The ramp character for a value in [0, 1] (values outside are clamped; NaN is blank).</summary>
    public static char Shade(float value)
    {
        if (!(value > 0)) return Ramp[0];
        int index = (int)(Math.Min(value, 1f) * (Ramp.Length - 1) + 0.5f);
        return Ramp[index];
    }

    /// <summary>
    /// Places the blocks side by side in as many rows as <paramref name="width"/> needs (at least one block per row),
    /// each row as <see cref="SideBySide"/> writes it.
    /// </summary>
    public static IEnumerable<string> Rows(IReadOnlyList<string> blocks, IReadOnlyList<string> captions, int width, int gap = 4)
    {
        if (blocks.Count != captions.Count) throw new ArgumentException("One caption per block.", nameof(captions));
        int start = 0;
        while (start < blocks.Count)
        {
            int count = 0, used = -gap;
            while (start + count < blocks.Count)
            {
                int next = Math.Max(captions[start + count].Length, blocks[start + count].Split('\n').Max(l => l.Length));
                if (count > 0 && used + gap + next > width) break;
                used += gap + next;
                count++;
            }
            yield return SideBySide(blocks.Skip(start).Take(count).ToList(), captions.Skip(start).Take(count).ToList(), gap);
            start += count;
        }
    }

    /// <summary>Places rendered blocks side by side with a caption above each, separated by <paramref name="gap"/> spaces.</summary>
    public static string SideBySide(IReadOnlyList<string> blocks, IReadOnlyList<string> captions, int gap = 4)
    {
        if (blocks.Count != captions.Count) throw new ArgumentException("One caption per block.", nameof(captions));
        var lines = blocks.Select(b => b.Split('\n')).ToArray();
        var widths = lines.Select((l, i) => Math.Max(captions[i].Length, l.Max(s => s.Length))).ToArray();
        int rows = lines.Length == 0 ? 0 : lines.Max(l => l.Length);
        var sb = new StringBuilder();
        string separator = new(' ', gap);
        sb.AppendJoin(separator, captions.Select((c, i) => c.PadRight(widths[i]))).Append('\n');
        for (int r = 0; r < rows; r++)
        {
            sb.AppendJoin(separator, lines.Select((l, i) => (r < l.Length ? l[r] : "").PadRight(widths[i])));
            if (r < rows - 1) sb.Append('\n');
        }
        return sb.ToString();
    }
}
