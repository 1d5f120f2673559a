using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>Reports [Input]/[Dense] on a type that has no [Network] (once per type, on the first such attribute).</summary>
internal static class OrphanParser
{
    public static DiagnosticInfo? Parse(GeneratorAttributeSyntaxContext context)
    {
        var type = context.TargetSymbol;
        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkParser.NetworkAttributeName))
            return null;
        var attribute = context.Attributes[0];
        string name = attribute.AttributeClass?.Name.Replace("Attribute", "") ?? "Dense";
        // Dense is reported only when there is no [Input], so a type missing [Network] gets one diagnostic.
        if (name == "Dense" && type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkParser.InputAttributeName))
            return null;
        var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation());
        return new DiagnosticInfo(Diagnostics.LayerWithoutNetwork, location, new[] { type.Name, name }.ToEquatableArray());
    }
}
