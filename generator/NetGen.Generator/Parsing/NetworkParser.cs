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

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        var classLocation = LocationInfo.From(type.Locations.FirstOrDefault());
        void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] args) =>
            diagnostics.Add(new DiagnosticInfo(descriptor, location ?? classLocation,
                args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToEquatableArray()));

        CheckTypeShape(type, context.TargetNode, Report, cancellationToken);

        var reader = new AttributeReader(type, Report, cancellationToken);
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
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
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
        return new ParseResult(spec, diagnostics.ToEquatableArray());
    }

    private static void CheckTypeShape(INamedTypeSymbol type, SyntaxNode node,
        Action<DiagnosticDescriptor, LocationInfo?, object[]> report, CancellationToken cancellationToken)
    {
        if (node is RecordDeclarationSyntax)
            report(Diagnostics.UnsupportedTypeKind, null, new object[] { type.Name, "a record" });
        else if (type.IsStatic)
            report(Diagnostics.UnsupportedTypeKind, null, new object[] { type.Name, "static" });
        else if (type.IsAbstract)
            report(Diagnostics.UnsupportedTypeKind, null, new object[] { type.Name, "abstract" });

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
