using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Interop.Shared;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Bakes an ONNX model (BakedWeights = "model.onnx") with the runtime's own reader and matcher (src/NetGen/Interop/Shared,
/// linked into this project), so a model bakes exactly when it loads at run time. The declaration is the source of
/// truth: every difference the matcher finds is its own diagnostic, on the [Dense] of the layer it concerns, else on
/// [Network] (ids in <see cref="Diagnostics"/>: NG0042-NG0047, and NG0023 for a non-finite parameter as in a text file).
/// </summary>
internal static class OnnxBakeParser
{
    public static BakeResult Bake(BakeRequest request, WeightsText file)
    {
        var spec = request.Spec;
        BakeResult Failed(DiagnosticDescriptor descriptor, int? layer, string detail) =>
            new(spec, request.WeightsPath, EquatableArray<double>.Empty,
                new DiagnosticInfo(descriptor, request.LocationOfLayer(layer), new[] { request.WeightsPath, spec.ClassName, detail }.ToEquatableArray()));

        if (file.Problem is not null) return Failed(Diagnostics.OnnxUnreadable, null, file.Problem);
        if (file.OnnxBytes is not { } bytes)
            return Failed(Diagnostics.OnnxUnreadable, null, file.Content is null
                ? "the compiler could not read it (a binary file: CS2015); ONNX models reach NetGen through build/NetGen.targets, which the NetGen package imports (a project that references the generator project directly must import src/NetGen/build/NetGen.targets itself)"
                : "it reached the compiler as text, not through build/NetGen.targets, which the NetGen package imports (a project that references the generator project directly must import src/NetGen/build/NetGen.targets itself)");

        OnnxReadResult read;
        IReadOnlyList<OnnxProblem> problems;
        try
        {
            read = OnnxModelReader.Read(bytes.ToArray());
            problems = read.Problems;
            if (read.Network is { } network && problems.Count == 0) problems = OnnxArchitectureMatcher.Match(network, Declaration(spec));
        }
        catch (Exception e) when (e is System.IO.FileNotFoundException or System.IO.FileLoadException or TypeLoadException)
        {
            // The reader needs Google.Protobuf, which ships beside the generator; a generator must never throw.
            return Failed(Diagnostics.OnnxUnreadable, null, "Google.Protobuf.dll could not be loaded beside NetGen's generator (" + e.Message + "); reference the NetGen package, or pass Google.Protobuf.dll to the compiler as an analyzer next to NetGen.Generator.dll");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reader reports bad bytes as problems and never throws; anything else is still a diagnostic.
            return Failed(Diagnostics.OnnxUnreadable, null, e.GetType().Name + ": " + e.Message);
        }
        if (problems.Count > 0)
        {
            var diagnostics = problems.Select(p => new DiagnosticInfo(DescriptorFor(p.Kind), request.LocationOfLayer(p.Layer > 0 ? p.Layer - 1 : null),
                new[] { request.WeightsPath, spec.ClassName, p.Message }.ToEquatableArray()));
            return new BakeResult(spec, request.WeightsPath, EquatableArray<double>.Empty, diagnostics.ToEquatableArray());
        }

        // The reader has checked that every parameter is finite (OnnxProblemKind.NotFinite).
        double[] parameters = OnnxParameters.ToBuffer(read.Network!);
        return new BakeResult(spec, request.WeightsPath, parameters.ToEquatableArray(), null);
    }

    private static OnnxDeclaration Declaration(NetworkSpec spec) =>
        new(spec.InputSize,
            spec.Layers.Select(l => new OnnxDeclaredLayer(l.Size, l.Activation, l.HasBias, l.Slope)).ToList(),
            spec.IsDouble ? Precision.Double : Precision.Single);

    private static DiagnosticDescriptor DescriptorFor(OnnxProblemKind kind) => kind switch
    {
        OnnxProblemKind.ElementType => Diagnostics.OnnxPrecisionMismatch,
        OnnxProblemKind.UnsupportedOperator or OnnxProblemKind.NotAChain or OnnxProblemKind.MissingInitializer => Diagnostics.OnnxUnsupportedOperator,
        OnnxProblemKind.InputSize or OnnxProblemKind.LayerCount or OnnxProblemKind.LayerSize => Diagnostics.OnnxSizeMismatch,
        OnnxProblemKind.Activation or OnnxProblemKind.LeakySlope => Diagnostics.OnnxActivationMismatch,
        OnnxProblemKind.Bias => Diagnostics.OnnxBiasMismatch,
        // The same problem as a text weights file with NaN in it, and the same id.
        OnnxProblemKind.NotFinite => Diagnostics.BakedFileNotFinite,
        _ => Diagnostics.OnnxUnreadable,
    };
}
