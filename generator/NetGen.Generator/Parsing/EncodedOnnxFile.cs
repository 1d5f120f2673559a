using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Reads the text copy of an ONNX model that build/NetGen.targets (src/NetGen/build) writes for each .onnx
/// AdditionalFiles item: the line <see cref="Header"/>, the model's full path, then its bytes in base64. The compiler
/// cannot hand a generator a binary file (CS2015 for two zero bytes in a row, lossy decoding otherwise), so this copy
/// is the only way the model's exact bytes reach the generator; the path is the original one, so BakedWeights is
/// matched against the model's own path.
/// </summary>
internal static class EncodedOnnxFile
{
    public const string Header = "NetGen ONNX model 1";

    /// <summary>What baking sees of one additional file: an encoded model as its original path and bytes, anything else as text.</summary>
    public static WeightsText Read(string path, string? text)
    {
        if (text is null || !text.StartsWith(Header, StringComparison.Ordinal)) return new WeightsText(path, text);
        string[] lines = text.Split('\n');
        if (lines.Length < 3 || lines[0].TrimEnd('\r') != Header || lines[1].TrimEnd('\r').Length == 0)
            return new WeightsText(path, null, Problem: "the encoded copy of the model is incomplete; rebuild to write it again");
        string original = lines[1].TrimEnd('\r');
        try
        {
            byte[] bytes = Convert.FromBase64String(string.Join("", lines, 2, lines.Length - 2));
            return new WeightsText(original, null, bytes.ToEquatableArray());
        }
        catch (FormatException)
        {
            return new WeightsText(original, null, Problem: "the encoded copy of the model is not valid base64; rebuild to write it again");
        }
    }

    public static bool IsOnnxPath(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
}
