namespace NetGen.Tests.Generator;

/// <summary>
/// Generated code must compile whatever the user's namespace declares: types named like the framework and runtime
/// types it uses (System, NetGen, Math, Vector128, Unsafe, Span, ...) must not capture its names. Every shape and both
/// element types, since each emits different runtime calls.
/// </summary>
public class UserTypeNameTests
{
    private static readonly string[] FrameworkNames =
    [
        "System", "NetGen", "Math", "MathF", "Vector", "Vector128", "Vector256", "Vector512", "Unsafe", "MemoryMarshal",
        "Span", "ReadOnlySpan", "FastMath", "MatrixKernels", "LayerKernels", "MethodImpl", "MethodImplAttribute",
        "MethodImplOptions", "GeneratedCode", "GeneratedCodeAttribute", "INetworkKernels", "Network", "Numerics", "Kernels",
    ];

    public static TheoryData<string, string, string> Shapes => new()
    {
        { "Single", "Unrolled", "Tanh" }, { "Single", "Vectorized", "ReLU" }, { "Double", "Unrolled", "PReLU" },
        { "Double", "Vectorized", "Sigmoid" }, { "Single", "Vectorized", "PiecewiseLinear" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Types_named_like_framework_types_do_not_break_the_generated_code(string precision, string shape, string activation)
    {
        string types = string.Join("\n", FrameworkNames.Select(name => $"public class {name} {{ }}"));
        string source = $$"""
            namespace User.Code
            {
                {{types}}

                [global::NetGen.Network(global::NetGen.Loss.CrossEntropy, Precision = global::NetGen.Precision.{{precision}})]
                [global::NetGen.Input(12)]
                [global::NetGen.Dense(15, global::NetGen.Activation.{{activation}}, Shape = global::NetGen.CodeShape.{{shape}})]
                [global::NetGen.Dense(5, global::NetGen.Activation.Softmax, Shape = global::NetGen.CodeShape.{{shape}})]
                public partial class Clash { }
            }
            """;
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        Assert.NotEmpty(result.GeneratedSource("Clash.g.cs"));
    }
}
