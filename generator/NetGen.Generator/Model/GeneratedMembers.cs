using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace NetGen.Generator.Model;

/// <summary>
/// The member names NetGen puts on a network class, in one place: the collision checks read them from here, so the
/// lists change with the generated code and nowhere else.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>Declared in the generated partial class itself: a user member of the same name is an error.</summary>
    public static readonly IReadOnlyCollection<string> DeclaredInPartial = new HashSet<string>
    {
        "InputSize", "OutputSize", "LayerCount", "ParameterCount", "ClassCount", "DefaultLearningRate", "DefaultSeed",
        "LayerSizes", "Architecture", "Kernels",
        // The nested class of a network with BakedWeights.
        "Baked",
    };

    /// <summary>Inherited from the runtime base class <c>global::NetGen.Network&lt;Kernels, T&gt;</c>: a user member
    /// of the same name hides NetGen's (a warning unless it is declared <c>new</c>).</summary>
    public static readonly IReadOnlyCollection<string> Inherited = new HashSet<string>
    {
        "Parameters", "Gradients", "LearningRate", "InitializeParameters", "Predict", "PredictBatch",
        "PredictBatchBlocked", "PredictClass", "TrainStep", "Backpropagate", "BackpropagateBatch", "ApplyGradients",
        "ComputeLoss", "EncodeLabel", "Fit", "Evaluate", "AsModel", "Save", "SaveText", "Load", "LoadText",
        "BatchWorkspaceSize", "Model", "Layers",
    };

    /// <summary>
    /// The oldest C# the generated code compiles with (NG0027 below it): it uses #nullable and stackalloc in
    /// expressions (C# 8).
    /// </summary>
    public const Microsoft.CodeAnalysis.CSharp.LanguageVersion MinimumLanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8;

    private static readonly Regex LayerSizePattern = new("^Layer[0-9]+Size$", RegexOptions.CultureInvariant);

    /// <summary>The generated member a user member named <paramref name="name"/> collides with, or null.</summary>
    public static string? DeclaredMemberNamed(string name, bool userMemberIsMethod)
    {
        if (DeclaredInPartial.Contains(name) || LayerSizePattern.IsMatch(name)) return name;
        return null;
    }

    /// <summary>True when a network class itself cannot be called <paramref name="name"/> (CS0542 in generated code).</summary>
    public static bool ForbiddenClassName(string name) =>
        DeclaredMemberNamed(name, userMemberIsMethod: false) is not null;

    public static IEnumerable<string> All => DeclaredInPartial.Concat(Inherited);
}
