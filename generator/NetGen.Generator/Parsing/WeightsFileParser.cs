using System;
using System.Globalization;
using NetGen.Generator.Model;
using NetGen.Persistence.Shared;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Reads a text weights file at compile time with the runtime's own reader (Persistence/Shared/WeightsTextReader.cs,
/// linked into this project), so BakedWeights accepts exactly what LoadText accepts, and checks the file against the
/// declaration before any parameter memory is allocated. Every problem is a <see cref="WeightsTextException"/>.
/// </summary>
internal static class WeightsFileParser
{
    private static readonly string[] ActivationNames = Enum.GetNames(typeof(ActivationKind));
    private static readonly string[] LossNames = Enum.GetNames(typeof(LossKind));

    public static double[] Parse(string text, NetworkSpec spec) =>
        WeightsTextReader.Read(text, ActivationNames, LossNames, header => CheckAgainst(header, spec)).Values;

    /// <summary>The same comparison, in the same order, as the runtime's NetworkFileSupport.Difference.</summary>
    private static void CheckAgainst(WeightsTextHeader file, NetworkSpec spec)
    {
        string declaredPrecision = spec.IsDouble ? "Double" : "Single";
        if (file.PrecisionName != declaredPrecision)
            throw Mismatch($"the parameters are {file.PrecisionName} in the file but {declaredPrecision} in the declaration");
        if (file.InputSize != spec.InputSize)
            throw Mismatch($"the input has {file.InputSize} features in the file but {spec.InputSize} in the declaration");
        if (file.Layers.Count != spec.Layers.Count)
            throw Mismatch($"the file has {file.Layers.Count} layers but the declaration has {spec.Layers.Count}");
        for (int l = 0; l < file.Layers.Count; l++)
        {
            var declared = spec.Layers[l];
            var found = file.Layers[l];
            string name = ActivationNames[(int)declared.Activation];
            if (found.Size != declared.Size)
                throw Mismatch($"layer {l + 1} has {found.Size} neurons in the file but {declared.Size} in the declaration");
            if (found.ActivationName != name)
                throw Mismatch($"layer {l + 1} uses {found.ActivationName} in the file but {name} in the declaration");
            if (found.HasBias != declared.HasBias)
                throw Mismatch($"layer {l + 1} {(found.HasBias ? "has" : "has no")} bias in the file but {(declared.HasBias ? "has" : "has no")} bias in the declaration");
            if (declared.Activation == ActivationKind.LeakyReLU && found.Slope.CompareTo(declared.Slope) != 0)
                throw Mismatch($"layer {l + 1} has slope {found.Slope.ToString("R", CultureInfo.InvariantCulture)} in the file but {declared.Slope.ToString("R", CultureInfo.InvariantCulture)} in the declaration");
        }
        string loss = LossNames[(int)spec.Loss];
        if (file.LossName != loss) throw Mismatch($"the loss is {file.LossName} in the file but {loss} in the declaration");
    }

    private static WeightsTextException Mismatch(string message) => new(message, null, WeightsTextProblem.Architecture);
}
