namespace NetGen.Generator.Model;

/// <summary>
/// A declaration with errors whose class can still take generated code: NetGen emits its public shape (sizes,
/// <c>Kernels</c>, the base class) with members that throw, so the user's calls compile and the NG errors are the only
/// errors of the build. Must stay immutable and structurally equatable (it is a pipeline value).
/// </summary>
internal sealed record PlaceholderSpec(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string ClassName,
    bool IsDouble,
    int LayerCount,
    bool HasBaked,
    EquatableArray<string> ErrorIds)
{
    public string HintName => NetworkSpec.HintNameOf(NetworkSpec.FullNameOf(Namespace, ContainingTypes, ClassName));
}
