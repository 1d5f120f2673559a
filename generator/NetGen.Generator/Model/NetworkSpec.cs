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
    public string FullName
    {
        get
        {
            var name = new System.Text.StringBuilder(Namespace is null ? "" : Namespace + ".");
            foreach (var type in ContainingTypes) name.Append(type.Name).Append('.');
            return name.Append(ClassName).ToString();
        }
    }
}
