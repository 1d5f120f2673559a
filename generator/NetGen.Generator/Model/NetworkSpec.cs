using System;

namespace NetGen.Generator.Model;

/// <summary>One dense layer, already resolved to the code shape it is emitted with.</summary>
internal sealed record LayerSpec(int Size, ActivationKind Activation, bool HasBias, double Slope, ShapeKind Shape);

/// <summary>A containing type the generated partial must be nested in, e.g. <c>partial class Outer</c>.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>Everything the emitters need about one network; no symbols, no syntax, value-equatable.</summary>
internal sealed record NetworkSpec(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string ClassName,
    int InputSize,
    EquatableArray<LayerSpec> Layers,
    LossKind Loss,
    bool IsDouble,
    double LearningRate,
    InitializerKind Initializer,
    int Seed,
    string? BakedWeightsPath)
{
    public LayerSpec OutputLayer => Layers[Layers.Count - 1];

    public int OutputSize => OutputLayer.Size;

    /// <summary>The dotted name, namespace and containing types included (used for hint names and messages).</summary>
    public string FullName => FullNameOf(Namespace, ContainingTypes, ClassName);

    /// <summary>The file name stem for generated sources (see <see cref="HintNameOf"/>).</summary>
    public string HintName => HintNameOf(FullName);

    public static string FullNameOf(string? ns, EquatableArray<ContainingType> containingTypes, string className)
    {
        var name = new System.Text.StringBuilder(ns is null ? "" : ns + ".");
        foreach (var type in containingTypes) name.Append(type.Name).Append('.');
        return name.Append(className).ToString();
    }

    /// <summary>
    /// The file name stem for generated sources. Roslyn compares hint names ignoring case and accepts only some
    /// characters, so the stem is the full name reduced to ASCII letters, digits, '.' and '_', plus a stable hash of
    /// the exact name: <c>Models.Mnist.Net</c> and <c>Models.MNIST.Net</c> get different, legal stems.
    /// </summary>
    public static string HintNameOf(string full)
    {
        var stem = new System.Text.StringBuilder(full.Length + 9);
        foreach (char c in full)
            stem.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' ? c : '_');
        // FNV-1a over the UTF-16 code units: stable across runs and platforms (string.GetHashCode is not).
        uint hash = 2166136261;
        foreach (char c in full) hash = unchecked((hash ^ c) * 16777619);
        return stem.Append('.').Append(hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).ToString();
    }
}
