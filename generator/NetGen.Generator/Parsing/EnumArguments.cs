using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Finds how an enum argument of an attribute is written, and whether it names one member. The attribute's value
/// alone cannot tell <c>Activation.ReLU</c> from <c>Activation.Tanh | Activation.Sigmoid</c> (both are 3).
/// </summary>
internal static class EnumArguments
{
    /// <summary>Deep enough for a constant defined through a few other constants; bounded against cycles.</summary>
    private const int MaxConstantDepth = 8;

    /// <summary>The expression of a positional (by index) or named (Name = ...) argument, or null.</summary>
    public static ExpressionSyntax? Find(AttributeData attribute, int? position, string? named, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } list })
            return null;
        if (named is not null)
            return list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == named)?.Expression;
        if (position is not int index) return null;

        var parameters = attribute.AttributeConstructor?.Parameters;
        if (parameters is { } ps && index < ps.Length)
        {
            var byName = list.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == ps[index].Name);
            if (byName is not null) return byName.Expression;
        }
        var positional = list.Arguments.Where(a => a.NameEquals is null).ToList();
        return index < positional.Count && positional[index].NameColon is null ? positional[index].Expression : null;
    }

    /// <summary>True when <paramref name="expression"/> names one enum member, directly or through constants that do.</summary>
    public static bool IsSingleMember(ExpressionSyntax expression, Compilation compilation, CancellationToken cancellationToken) =>
        IsSingleMember(expression, compilation, cancellationToken, 0);

    private static bool IsSingleMember(ExpressionSyntax expression, Compilation compilation, CancellationToken cancellationToken, int depth)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized) expression = parenthesized.Expression;
        if (expression is not (MemberAccessExpressionSyntax or IdentifierNameSyntax or AliasQualifiedNameSyntax)) return false;
        if (!compilation.ContainsSyntaxTree(expression.SyntaxTree)) return false;

        var model = compilation.GetSemanticModel(expression.SyntaxTree);
        if (model.GetSymbolInfo(expression, cancellationToken).Symbol is not IFieldSymbol field) return false;
        if (field.ContainingType?.TypeKind == TypeKind.Enum) return true;

        // A user constant of the enum type: fine when its own initializer is one member.
        if (!field.IsConst || field.Type.TypeKind != TypeKind.Enum || depth >= MaxConstantDepth) return false;
        return field.DeclaringSyntaxReferences.Length == 1 &&
               field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value } &&
               IsSingleMember(value, compilation, cancellationToken, depth + 1);
    }
}
