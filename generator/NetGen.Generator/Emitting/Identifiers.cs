using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Emitting;

/// <summary>Spells symbol names as C# source: a class declared as <c>@event</c> is named "event" by Roslyn.</summary>
internal static class Identifiers
{
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>Escapes each part of a dotted namespace name.</summary>
    public static string EscapeDotted(string name) => string.Join(".", name.Split('.').Select(Escape));

    /// <summary>
    /// The network class's <c>global::</c>-qualified name. Generated code names the class this way: inside it, a simple
    /// name could bind to an inherited member (a network named <c>Model</c> inherits a nested type of that name).
    /// </summary>
    public static string FullyQualified(Model.NetworkSpec spec) =>
        FullyQualified(spec.Namespace, spec.ContainingTypes, spec.ClassName);

    public static string FullyQualified(string? ns, Model.EquatableArray<Model.ContainingType> containingTypes, string className) =>
        "global::" + (ns is null ? "" : EscapeDotted(ns) + ".")
        + string.Concat(containingTypes.Select(t => Escape(t.Name) + "."))
        + Escape(className);
}
