namespace NetGen.Generator.Model;

/// <summary>A network that names a weights file to bake, and where to report problems with it.</summary>
internal sealed record BakeRequest(NetworkSpec Spec, string WeightsPath, LocationInfo? Location);

/// <summary>An additional file's path and text.</summary>
internal sealed record WeightsText(string Path, string? Content);

/// <summary>The outcome of baking: the parameters to compile in, or the diagnostic that explains why not.</summary>
internal sealed record BakeResult(NetworkSpec Spec, string WeightsPath, EquatableArray<double> Parameters, DiagnosticInfo? Diagnostic);
