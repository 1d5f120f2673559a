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
        "BatchWorkspaceSize",
    };

    /// <summary>
    /// Names today's emitter still declares in the partial class and the base-class redesign removes: delete this
    /// list, <see cref="LegacyPrivatePattern"/> and set <see cref="InheritedStillDeclaredInPartial"/> to false then.
    /// </summary>
    public static readonly IReadOnlyCollection<string> LegacyPrivate = new HashSet<string>
    {
        "Model", "_parameters", "_gradients", "_workspace", "_oneHot", "_learningRate", "_epochsTrained",
        "CreateInitialParameters", "PredictUnchecked", "PredictRowsUnchecked", "BackpropagateUnchecked",
        "BackpropagateBatchUnchecked", "ComputeLossUnchecked", "OutputGradient", "ApplyGradientsUnchecked",
        "TryApplyGradientsUnchecked", "UpdateIsFiniteUnchecked", "Metadata", "Restore",
        "BatchWorkspacePerRow", "BatchWorkspaceFixed", "BakedParameters",
    };

    /// <summary>Today's per-layer methods: ForwardLayer3, BackwardLayer2, BackwardLayer2Part1, ...</summary>
    private static readonly Regex LegacyPrivatePattern =
        new("^(Forward|Backward)Layer[0-9]+(Part[0-9]+)?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Until the base class lands, the "inherited" members are still declared in the partial class: a user member
    /// of such a name that is not a method (a method can be an overload) collides, and so does a class of that name.
    /// </summary>
    public const bool InheritedStillDeclaredInPartial = true;

    /// <summary>
    /// The oldest C# the generated code compiles with (NG0027 below it): it uses #nullable (C# 8) and sets
    /// init-only properties of the runtime's NetworkMetadata (C# 9).
    /// </summary>
    public const Microsoft.CodeAnalysis.CSharp.LanguageVersion MinimumLanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9;

    /// <summary>The inherited names that are properties today: while they are declared in the partial class, even a
    /// method of the same name collides with them.</summary>
    private static readonly IReadOnlyCollection<string> InheritedProperties = new HashSet<string> { "Parameters", "Gradients", "LearningRate" };

    private static readonly Regex LayerSizePattern = new("^Layer[0-9]+Size$", RegexOptions.CultureInvariant);

    /// <summary>The generated member a user member named <paramref name="name"/> collides with, or null.</summary>
    public static string? DeclaredMemberNamed(string name, bool userMemberIsMethod)
    {
        if (DeclaredInPartial.Contains(name) || LayerSizePattern.IsMatch(name)) return name;
        if (LegacyPrivate.Contains(name) || LegacyPrivatePattern.IsMatch(name)) return name;
        if (InheritedStillDeclaredInPartial && Inherited.Contains(name) && (!userMemberIsMethod || InheritedProperties.Contains(name))) return name;
        return null;
    }

    /// <summary>True when a network class itself cannot be called <paramref name="name"/> (CS0542 in generated code).</summary>
    public static bool ForbiddenClassName(string name) =>
        DeclaredMemberNamed(name, userMemberIsMethod: false) is not null;

    public static IEnumerable<string> All => DeclaredInPartial.Concat(Inherited).Concat(LegacyPrivate);
}
