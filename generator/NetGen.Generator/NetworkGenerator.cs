using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator;

/// <summary>Finds classes declaring [Network], parses them into specs, and emits one file per network.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Step names, so tests can check what the pipeline caches.</summary>
    public static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Orphans = nameof(Orphans);
        public const string BakeRequests = nameof(BakeRequests);
        public const string WeightsFiles = nameof(WeightsFiles);
        public const string Bake = nameof(Bake);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var networks = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => NetworkParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse);

        context.RegisterSourceOutput(networks, static (spc, result) =>
        {
            if (result.Spec is not null)
                spc.AddSource(result.Spec.HintName + ".g.cs", NetworkEmitter.Emit(result.Spec));
        });

        // Diagnostics are reported against the compilation's own syntax trees: a location without a tree is an
        // "external file" location, which #pragma warning disable cannot suppress (NG0016 is meant to be suppressible).
        // Only declarations that have diagnostics reach the compilation, so the emitting step above stays cached.
        var withDiagnostics = networks
            .Select(static (result, _) => result.Diagnostics)
            .Where(static diagnostics => diagnostics.Count > 0)
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(withDiagnostics, static (spc, pair) =>
        {
            foreach (var diagnostic in pair.Left) spc.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
        });

        // Baked inference: a network naming a weights file, resolved against the project's AdditionalFiles. The
        // request comes from the one parse above (no second pass over the attributes). Editing one weights file
        // re-resolves the requests, but only the network whose weights changed is re-emitted.
        var bakeRequests = networks
            .Select(static (result, _) => result.Bake)
            .Where(static request => request is not null)
            .WithTrackingName(TrackingNames.BakeRequests);
        var weightsFiles = context.AdditionalTextsProvider
            .Select(static (text, ct) => EncodedOnnxFile.Read(text.Path, text.GetText(ct)?.ToString()))
            .Collect()
            .WithTrackingName(TrackingNames.WeightsFiles);
        var baked = bakeRequests.Combine(weightsFiles)
            .Select(static (pair, ct) => BakeParser.Resolve(pair.Left!, pair.Right, ct))
            .WithTrackingName(TrackingNames.Bake);
        context.RegisterSourceOutput(baked, static (spc, result) =>
        {
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (!result.Failed) spc.AddSource(result.Spec.HintName + ".Baked.g.cs", BakedEmitter.Emit(result));
        });

        // [Input] or [Dense] on a class without [Network]: nothing would be generated, so say why.
        foreach (var orphanAttribute in new[] { NetworkParser.InputAttributeName, NetworkParser.DenseAttributeName })
        {
            var orphans = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    orphanAttribute,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (ctx, _) => OrphanParser.Parse(ctx))
                .Where(static d => d is not null)
                .WithTrackingName(TrackingNames.Orphans);
            context.RegisterSourceOutput(orphans.Combine(context.CompilationProvider),
                static (spc, pair) => spc.ReportDiagnostic(pair.Left!.ToDiagnostic(pair.Right)));
        }
    }
}
