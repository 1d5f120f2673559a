using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>Resolves a network's BakedWeights against the additional files and parses the weights.</summary>
internal static class BakeParser
{
    /// <summary>More parameters than this are not baked: the literals would only slow the build.</summary>
    public const int MaxBakedParameters = 1_048_576;

    public static BakeRequest? Request(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var parsed = NetworkParser.Parse(context, cancellationToken);
        if (parsed.Spec?.BakedWeightsPath is not { Length: > 0 } path) return null;
        var location = LocationInfo.From(context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());
        return new BakeRequest(parsed.Spec, path, location);
    }

    public static BakeResult Resolve(BakeRequest request, ImmutableArray<WeightsText> files, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        DiagnosticInfo Fail(DiagnosticDescriptor descriptor, params string[] args) =>
            new(descriptor, request.Location, args.ToEquatableArray());
        BakeResult Failed(DiagnosticInfo diagnostic) => new(spec, request.WeightsPath, EquatableArray<double>.Empty, diagnostic);

        var file = files.FirstOrDefault(f => PathMatches(f.Path, request.WeightsPath));
        if (file is null) return Failed(Fail(Diagnostics.BakedFileMissing, spec.ClassName, request.WeightsPath));
        if (file.Content is null) return Failed(Fail(Diagnostics.BakedFileUnreadable, request.WeightsPath, spec.ClassName, "the file could not be read"));

        int parameterCount = new Emitting.NetworkLayout(spec).ParameterCount;
        if (parameterCount > MaxBakedParameters)
            return Failed(Fail(Diagnostics.BakedTooLarge, spec.ClassName, parameterCount.ToString(), MaxBakedParameters.ToString()));

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var values = WeightsFileParser.Parse(file.Content, spec);
            return new BakeResult(spec, request.WeightsPath, values.ToEquatableArray(), null);
        }
        catch (WeightsFileException e)
        {
            var descriptor = e.Problem switch
            {
                WeightsProblem.Architecture => Diagnostics.BakedFileMismatch,
                WeightsProblem.NotFinite => Diagnostics.BakedFileNotFinite,
                _ => Diagnostics.BakedFileUnreadable,
            };
            return Failed(Fail(descriptor, request.WeightsPath, spec.ClassName, e.Message));
        }
    }

    /// <summary>The declared path matches an additional file when it names the same file, or a suffix of its path.</summary>
    private static bool PathMatches(string filePath, string declared)
    {
        string file = filePath.Replace('\\', '/');
        string wanted = declared.Replace('\\', '/').TrimStart('.', '/');
        return file.Equals(wanted, StringComparison.OrdinalIgnoreCase)
            || file.EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase);
    }
}
