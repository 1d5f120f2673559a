using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Persistence.Shared;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Resolves a network's BakedWeights against the additional files and parses the weights.
/// <para>
/// Matching rule (README "Baked inference", docs/diagnostics.md NG0041): '/' and '\' are the same separator; a
/// relative BakedWeights path matches an additional file whose full path ends with the same path segments
/// (so "xor.txt" matches ".../weights/xor.txt", and "weights/xor.txt" matches only files in a folder named
/// "weights"); a rooted path matches that full path only. Segments compare case-insensitively (ordinal), leading
/// "./" segments are ignored, ".." is not allowed. Exactly one additional file must match: two or more is an error
/// naming them all, never a silent pick.
/// </para>
/// </summary>
internal static class BakeParser
{
    /// <summary>More parameters than this are not baked: the literals would only slow the build.</summary>
    public const int MaxBakedParameters = 1_048_576;

    private static readonly char[] Separators = { '/', '\\' };
    private static readonly char[] ForbiddenCharacters = { '<', '>', '"', '|', '?', '*' };

    public static BakeResult Resolve(BakeRequest request, ImmutableArray<WeightsText> files, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        DiagnosticInfo Fail(DiagnosticDescriptor descriptor, params string[] args) =>
            new(descriptor, request.Location, args.ToEquatableArray());
        BakeResult Failed(DiagnosticInfo diagnostic) => new(spec, request.WeightsPath, EquatableArray<double>.Empty, diagnostic);

        if (PathProblem(request.WeightsPath) is { } problem)
            return Failed(Fail(Diagnostics.BakedPathInvalid, spec.ClassName, request.WeightsPath, problem));
        var matches = files.Where(f => PathMatches(f.Path, request.WeightsPath)).ToList();
        if (matches.Count == 0) return Failed(Fail(Diagnostics.BakedFileMissing, spec.ClassName, request.WeightsPath));
        if (matches.Count > 1)
            return Failed(Fail(Diagnostics.BakedPathAmbiguous, spec.ClassName, request.WeightsPath, matches.Count.ToString(),
                string.Join(", ", matches.Select(m => "'" + m.Path + "'"))));
        var file = matches[0];
        bool isOnnx = file.OnnxBytes is not null || file.Problem is not null || EncodedOnnxFile.IsOnnxPath(file.Path);
        string? content = file.Content;
        if (content is null && !isOnnx)
            return Failed(Fail(Diagnostics.BakedFileUnreadable, request.WeightsPath, spec.ClassName, "the file could not be read"));

        int parameterCount = new Emitting.NetworkLayout(spec).ParameterCount;
        if (parameterCount > MaxBakedParameters)
            return Failed(Fail(Diagnostics.BakedTooLarge, spec.ClassName, parameterCount.ToString(), MaxBakedParameters.ToString()));

        cancellationToken.ThrowIfCancellationRequested();
        if (isOnnx || content is null) return OnnxBakeParser.Bake(request, file);
        try
        {
            var values = WeightsFileParser.Parse(content, spec);
            return new BakeResult(spec, request.WeightsPath, values.ToEquatableArray(), null);
        }
        catch (WeightsTextException e)
        {
            var descriptor = e.Problem switch
            {
                WeightsTextProblem.Architecture => Diagnostics.BakedFileMismatch,
                WeightsTextProblem.NotFinite => Diagnostics.BakedFileNotFinite,
                _ => Diagnostics.BakedFileUnreadable,
            };
            return Failed(Fail(descriptor, request.WeightsPath, spec.ClassName, e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A generator must never throw; an unforeseen failure is still a diagnostic on the declaration.
            return Failed(Fail(Diagnostics.BakedFileUnreadable, request.WeightsPath, spec.ClassName, e.GetType().Name + ": " + e.Message));
        }
    }

    /// <summary>Null when <paramref name="declared"/> can name a file; else what is wrong with it, in words.</summary>
    internal static string? PathProblem(string declared)
    {
        if (declared.Trim().Length == 0) return "is empty";
        foreach (char c in declared)
        {
            if (char.IsControl(c)) return "contains a control character";
            if (Array.IndexOf(ForbiddenCharacters, c) >= 0) return $"contains '{c}', which no file name may contain";
        }
        if (declared.Trim() != declared) return "starts or ends with white space";
        if (declared.EndsWith("/", StringComparison.Ordinal) || declared.EndsWith("\\", StringComparison.Ordinal)) return "names a folder, not a file";
        var segments = Segments(declared);
        if (segments.Contains("..")) return "contains '..', which cannot be matched (write the file's path from its own folders instead)";
        if (segments.Count == 0) return "names no file";
        return null;
    }

    /// <summary>The path's segments without empty and "." ones; a rooted path keeps a leading marker segment.</summary>
    private static List<string> Segments(string path)
    {
        var segments = path.Split(Separators).Where(s => s.Length > 0 && s != ".").ToList();
        return segments;
    }

    private static bool IsRooted(string path) =>
        path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal)
        || (path.Length >= 2 && path[1] == ':');

    /// <summary>See the matching rule in the class summary.</summary>
    private static bool PathMatches(string filePath, string declared)
    {
        var file = Segments(filePath);
        var wanted = Segments(declared);
        if (IsRooted(declared) && file.Count != wanted.Count) return false;
        if (wanted.Count > file.Count) return false;
        for (int i = 1; i <= wanted.Count; i++)
            if (!string.Equals(file[file.Count - i], wanted[wanted.Count - i], StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }
}
