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
}
