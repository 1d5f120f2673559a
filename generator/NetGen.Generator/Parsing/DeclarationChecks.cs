using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Checks that the class can take the generated code at all: one declaration holds the attributes, the language
/// version is new enough, and no user member or name collides with what NetGen declares or inherits. Each problem
/// is reported on the declaration at fault, and an error here means nothing at all is generated, not even the
/// placeholder (a generated partial would clash with the class: no follow-on errors in generated code).
/// </summary>
internal static class DeclarationChecks
{
    private static readonly string[] LayerAttributeNames =
        { NetworkParser.NetworkAttributeName, NetworkParser.InputAttributeName, NetworkParser.DenseAttributeName };

    /// <summary>The partial declarations of <paramref name="type"/> that carry one of the attributes, in a stable
    /// order (by file path, then position) that does not depend on the order of files in the compilation.</summary>
    public static List<TypeDeclarationSyntax> DeclarationsCarrying(INamedTypeSymbol type, IReadOnlyCollection<string> attributeNames,
        CancellationToken cancellationToken)
    {
        var declarations = new List<TypeDeclarationSyntax>();
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() is not { } name || !attributeNames.Contains(name)) continue;
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration)
                continue;
            if (!declarations.Any(d => SameNode(d, declaration))) declarations.Add(declaration);
        }
        declarations.Sort((a, b) =>
        {
            int byPath = string.CompareOrdinal(a.SyntaxTree.FilePath, b.SyntaxTree.FilePath);
            return byPath != 0 ? byPath : a.SpanStart.CompareTo(b.SpanStart);
        });
        return declarations;
    }

    public static bool SameNode(SyntaxNode a, SyntaxNode b) => a.SyntaxTree == b.SyntaxTree && a.Span == b.Span;

    public static void Run(INamedTypeSymbol type, TypeDeclarationSyntax node, List<TypeDeclarationSyntax> networkDeclarations,
        Action<DiagnosticDescriptor, LocationInfo?, object[]> report, CancellationToken cancellationToken)
    {
        if (networkDeclarations.Count > 1)
            report(Diagnostics.NetworkOnSeveralDeclarations, LocationInfo.From(networkDeclarations[1].Identifier.GetLocation()),
                new object[] { type.Name, networkDeclarations.Count });

        var carrying = DeclarationsCarrying(type, LayerAttributeNames, cancellationToken);
        if (carrying.Count > 1)
            report(Diagnostics.AttributesSplitAcrossDeclarations, null,
                new object[] { type.Name, carrying.Count, string.Join(", ", carrying.Select(Describe)) });

        if (node.SyntaxTree.Options is CSharpParseOptions options && options.LanguageVersion < GeneratedMembers.MinimumLanguageVersion)
            report(Diagnostics.LanguageVersionTooOld, null, new object[] { type.Name, options.LanguageVersion.ToDisplayString(), GeneratedMembers.MinimumLanguageVersion.ToDisplayString() });

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal) report(Diagnostics.FileLocalType, null, new object[] { t.Name });
        }

        if (GeneratedMembers.ForbiddenClassName(type.Name))
            report(Diagnostics.ClassNameCollidesWithGenerated, null, new object[] { type.Name });

        if (type.TypeKind == TypeKind.Class && type.BaseType is { } baseType &&
            baseType.SpecialType != SpecialType.System_Object && baseType.TypeKind != TypeKind.Error)
            report(Diagnostics.BaseClassDeclared, BaseListLocation(type, cancellationToken),
                new object[] { type.Name, baseType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) });

        CheckMembers(type, report, cancellationToken);
    }

    private static void CheckMembers(INamedTypeSymbol type, Action<DiagnosticDescriptor, LocationInfo?, object[]> report,
        CancellationToken cancellationToken)
    {
        foreach (var member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared) continue;
            if (member is IMethodSymbol { MethodKind: not MethodKind.Ordinary }) continue; // constructors, accessors, operators
            var location = LocationInfo.From(member.Locations.FirstOrDefault(l => l.IsInSource));
            if (location is null) continue;

            string name = member.Name;
            if (GeneratedMembers.DeclaredMemberNamed(name, member is IMethodSymbol) is { } generated)
                report(Diagnostics.MemberCollidesWithGenerated, location, new object[] { type.Name, name, generated });
            // A method only hides one of the same signature (the compiler says so, CS0108); another is an overload.
            else if (GeneratedMembers.Inherited.Contains(name) && member is not IMethodSymbol && !DeclaredNew(member, cancellationToken))
                report(Diagnostics.MemberHidesInherited, location, new object[] { type.Name, name });
        }
    }

    private static bool DeclaredNew(ISymbol member, CancellationToken cancellationToken) =>
        member.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax(cancellationToken).FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } declaration &&
            declaration.Modifiers.Any(SyntaxKind.NewKeyword));

    /// <summary>The base list of the declaration that names the base class (the first base list there is).</summary>
    private static LocationInfo? BaseListLocation(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: { } baseList })
                return LocationInfo.From(baseList.Types[0].GetLocation());
        }
        return null;
    }

    private static string Describe(TypeDeclarationSyntax declaration)
    {
        var line = declaration.Identifier.GetLocation().GetLineSpan();
        string file = System.IO.Path.GetFileName(line.Path);
        return $"{(file.Length > 0 ? file : "<no file>")} line {line.StartLinePosition.Line + 1}";
    }
}
