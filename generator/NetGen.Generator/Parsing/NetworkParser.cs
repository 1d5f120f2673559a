using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>Turns a class annotated with [Network] into a <see cref="NetworkSpec"/> plus diagnostics.</summary>
internal static class NetworkParser
{
    public const string NetworkAttributeName = "NetGen.NetworkAttribute";
    public const string InputAttributeName = "NetGen.InputAttribute";
    public const string DenseAttributeName = "NetGen.DenseAttribute";

    /// <summary>Layers with at most this many multiply-adds are fully unrolled unless a shape is forced.</summary>
    public const int UnrollBudget = 256;
    public const int MaxLayerSize = 65_536;
    public const int MaxParameters = 16_777_216;

    /// <summary>Forced unrolling beyond this many multiply-adds per layer is refused (NG0035): a 256x256 layer
    /// already took about a minute to compile, and the source grows with every multiply-add.</summary>
    public const int UnrollLimit = 16_384;

    private static readonly ParseResult Nothing = new(null, EquatableArray<DiagnosticInfo>.Empty);

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var node = (TypeDeclarationSyntax)context.TargetNode;
        // [Network] on several partial declarations (CS0579) reaches this transform once per declaration: only the
        // first speaks for the class, so the network is reported, and could be emitted, once.
        var networkDeclarations = DeclarationChecks.DeclarationsCarrying(type, new[] { NetworkAttributeName }, cancellationToken);
        if (networkDeclarations.Count > 1 && networkDeclarations[0] != node) return Nothing;

        var diagnostics = new List<DiagnosticInfo>();
        var classLocation = LocationInfo.From(node.Identifier.GetLocation());
        void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] args) =>
            diagnostics.Add(new DiagnosticInfo(descriptor, location ?? classLocation,
                args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToEquatableArray()));

        CheckTypeShape(type, node, Report, cancellationToken);
        DeclarationChecks.Run(type, node, networkDeclarations, Report, cancellationToken);

        var reader = new AttributeReader(type, context.SemanticModel.Compilation, Report, cancellationToken);
        var network = reader.ReadNetwork(context.Attributes[0]);
        var inputSize = reader.ReadInput();
        var layers = reader.ReadLayers(inputSize ?? 1, network?.IsDouble ?? true);

        if (network is not null && layers.Count > 0)
            CheckLossFitsOutput(network.Value.Loss, layers, reader.LastDenseLocation, Report);

        bool valid = network is not null && inputSize is not null && layers.Count > 0 &&
                     diagnostics.All(d => d.Descriptor.DefaultSeverity != DiagnosticSeverity.Error);
        if (valid) CheckTotalSize(inputSize!.Value, layers, classLocation, Report);
        valid = valid && diagnostics.All(d => d.Descriptor.DefaultSeverity != DiagnosticSeverity.Error);

        NetworkSpec? spec = null;
        if (valid)
        {
            var settings = network!.Value;
            spec = new NetworkSpec(
                NamespaceOf(type),
                ContainingTypesOf(type),
                type.Name,
                inputSize!.Value,
                layers.ToEquatableArray(),
                settings.Loss,
                settings.IsDouble,
                settings.LearningRate,
                settings.Initializer,
                settings.Seed,
                settings.BakedWeightsPath);
        }
        // Null: BakedWeights not set. Anything else, even "", is a request (an empty one is reported, not ignored).
        var bake = spec?.BakedWeightsPath is { } path
            ? new BakeRequest(spec, path, LocationInfo.From(context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()),
                reader.DenseLocations.All(l => l is not null) ? reader.DenseLocations.Select(l => l!).ToEquatableArray() : EquatableArray<LocationInfo>.Empty)
            : null;
        return new ParseResult(spec, diagnostics.ToEquatableArray(), bake);
    }

    /// <summary>The namespace as plain (unescaped) names joined by dots; null for the global namespace.
    /// ToDisplayString would keep the '@' of <c>@event</c>, which is no identifier character.</summary>
    private static string? NamespaceOf(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            parts.Insert(0, ns.Name);
        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    private static void CheckTypeShape(INamedTypeSymbol type, TypeDeclarationSyntax node,
        Action<DiagnosticDescriptor, LocationInfo?, object[]> report, CancellationToken cancellationToken)
    {
        string? unsupported = node switch
        {
            RecordDeclarationSyntax => "a record",
            StructDeclarationSyntax => "a struct",
            InterfaceDeclarationSyntax => "an interface",
            _ when type.TypeKind != TypeKind.Class => "not a class",
            _ when type.IsStatic => "static",
            _ when type.IsAbstract => "abstract",
            _ => null,
        };
        if (unsupported is not null) report(Diagnostics.UnsupportedTypeKind, null, new object[] { type.Name, unsupported });

        if (!IsPartial(type, cancellationToken))
            report(Diagnostics.NotPartial, null, new object[] { type.Name });

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer, cancellationToken))
                report(Diagnostics.ContainingTypeNotPartial, null, new object[] { type.Name, outer.Name });
        }

        bool generic = false;
        for (var t = type; t is not null; t = t.ContainingType) generic |= t.TypeParameters.Length > 0;
        if (generic) report(Diagnostics.Generic, null, new object[] { type.Name });
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration &&
            declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static void CheckLossFitsOutput(LossKind loss, List<LayerSpec> layers, LocationInfo? outputLocation,
        Action<DiagnosticDescriptor, LocationInfo?, object[]> report)
    {
        var output = layers[layers.Count - 1].Activation;
        string? required = loss switch
        {
            LossKind.CrossEntropy when output != ActivationKind.Softmax => "Softmax",
            LossKind.BinaryCrossEntropy when output != ActivationKind.Sigmoid => "Sigmoid",
            LossKind.Hinge or LossKind.SquareLoss when !MathTable.CanBeNegative(output) =>
                "an activation that can be negative (Linear, Tanh, LeakyReLU, PReLU or Sign)",
            _ => null,
        };
        if (required is not null)
            report(Diagnostics.LossDoesNotFitOutput, outputLocation, new object[] { loss, required, output });
    }

    private static void CheckTotalSize(int inputSize, List<LayerSpec> layers, LocationInfo? location,
        Action<DiagnosticDescriptor, LocationInfo?, object[]> report)
    {
        long parameters = 0;
        int fanIn = inputSize;
        foreach (var layer in layers)
        {
            parameters += (long)fanIn * layer.Size + (layer.HasBias ? layer.Size : 0) +
                          (layer.Activation == ActivationKind.PReLU ? layer.Size : 0);
            fanIn = layer.Size;
        }
        if (parameters > MaxParameters)
            report(Diagnostics.SizeTooLarge, location,
                new object[] { $"The network has {parameters} parameters", MaxLayerSize, MaxParameters });
    }

    private static EquatableArray<ContainingType> ContainingTypesOf(INamedTypeSymbol type)
    {
        var chain = new List<ContainingType>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer.IsRecord
                ? (outer.TypeKind == TypeKind.Struct ? "record struct" : "record")
                : outer.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
            chain.Insert(0, new ContainingType(keyword, outer.Name));
        }
        return chain.ToEquatableArray();
    }
}
