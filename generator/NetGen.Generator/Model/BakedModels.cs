namespace NetGen.Generator.Model;

/// <summary>
/// A network that names a weights file to bake, and where to report problems with it: the [Network] attribute, and
/// each layer's [Dense] attribute (input side first) for problems an ONNX model pins on one layer.
/// </summary>
internal sealed record BakeRequest(NetworkSpec Spec, string WeightsPath, LocationInfo? Location, EquatableArray<LocationInfo> LayerLocations)
{
    /// <summary>Where a problem with layer <paramref name="layer"/> (0-based) goes; the [Network] attribute when unknown.</summary>
    public LocationInfo? LocationOfLayer(int? layer) =>
        layer is { } l && l >= 0 && l < LayerLocations.Count ? LayerLocations[l] : Location;
}

/// <summary>
/// An additional file as baking sees it: a text weights file (<see cref="Content"/>), or an ONNX model decoded from
/// the copy build/NetGen.targets writes (<see cref="OnnxBytes"/>, under the model's own path), or why neither could
/// be read (<see cref="Problem"/>).
/// </summary>
internal sealed record WeightsText(string Path, string? Content, EquatableArray<byte>? OnnxBytes = null, string? Problem = null);

/// <summary>The outcome of baking: the parameters to compile in, or the diagnostics that explain why not (a text file
/// stops at its first problem; an ONNX model gets one per difference from the declaration).</summary>
internal sealed record BakeResult(NetworkSpec Spec, string WeightsPath, EquatableArray<double> Parameters, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public BakeResult(NetworkSpec spec, string weightsPath, EquatableArray<double> parameters, DiagnosticInfo? diagnostic)
        : this(spec, weightsPath, parameters, diagnostic is null ? EquatableArray<DiagnosticInfo>.Empty : new[] { diagnostic }.ToEquatableArray())
    {
    }

    public bool Failed => Diagnostics.Count > 0;
}
