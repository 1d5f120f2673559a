using System.Collections.Generic;

namespace NetGen.Generator;

/// <summary>
/// Short names for the runtime types generated code uses, declared as <c>using</c> aliases inside the network's
/// namespace with <c>global::</c> targets, so the code reads short and a user type named <c>System</c>, <c>NetGen</c>,
/// <c>Math</c> or <c>Unsafe</c> cannot capture them. The <c>Ng</c> prefix keeps them clear of ordinary type names.
/// </summary>
internal static class Aliases
{
    public const string FastMath = "NgMath";
    public const string Matrix = "NgMatrix";
    public const string Layers = "NgLayers";
    public const string Unsafe = "NgUnsafe";
    public const string Marshal = "NgMarshal";
    public const string NumericsVector = "NgVector";
    public const string NumericsVectorOfT = "NgVec";
    public const string Span = "NgSpan";
    public const string ReadOnlySpan = "NgReadOnlySpan";
    public const string Inline = "NgInline";
    public const string Generated = "NgGenerated";
    public const string Kernels = "NgKernels";

    /// <summary><c>System.MathF</c> or <c>System.Math</c>, whichever matches the element type.</summary>
    public const string ScalarMath = "NgScalarMath";

    public static string Intrinsic(int bits) => $"NgV{bits}";

    /// <summary>The alias declarations for a file whose element type is <paramref name="type"/>.</summary>
    public static IEnumerable<string> Declarations(string type) => new[]
    {
        $"using {FastMath} = global::NetGen.Numerics.FastMath;",
        $"using {Matrix} = global::NetGen.Kernels.MatrixKernels;",
        $"using {Layers} = global::NetGen.Kernels.LayerKernels;",
        $"using {Unsafe} = global::System.Runtime.CompilerServices.Unsafe;",
        $"using {Marshal} = global::System.Runtime.InteropServices.MemoryMarshal;",
        $"using {Inline} = global::System.Runtime.CompilerServices.MethodImplAttribute;",
        $"using {InlineOptions} = global::System.Runtime.CompilerServices.MethodImplOptions;",
        $"using {Generated} = global::System.CodeDom.Compiler.GeneratedCodeAttribute;",
        $"using {NumericsVector} = global::System.Numerics.Vector;",
        $"using {NumericsVectorOfT} = global::System.Numerics.Vector<{type}>;",
        $"using {Intrinsic(128)} = global::System.Runtime.Intrinsics.Vector128;",
        $"using {Intrinsic(256)} = global::System.Runtime.Intrinsics.Vector256;",
        $"using {Intrinsic(512)} = global::System.Runtime.Intrinsics.Vector512;",
        $"using {Kernels} = global::NetGen.INetworkKernels<{type}>;",
        $"using {ScalarMath} = global::System.{(type == "float" ? "MathF" : "Math")};",
        $"using {Span} = global::System.Span<{type}>;",
        $"using {ReadOnlySpan} = global::System.ReadOnlySpan<{type}>;",
    };

    /// <summary>The attribute that marks a method for inlining.</summary>
    public const string AggressiveInlining = "[" + Inline + "(" + InlineOptions + ".AggressiveInlining)]";

    /// <summary>
    /// The attribute that has a method compiled fully optimized at its first call. On the kernels whose loops and
    /// vectors carry the work: tier-0 code runs them about 10x slower, and on a busy machine tiering took seconds to
    /// replace it (784-128-10 Predict at 25-34 µs instead of 2.6 µs in smoke runs), which dynamic PGO cannot make up for.
    /// </summary>
    public const string AggressiveOptimization = "[" + Inline + "(" + InlineOptions + ".AggressiveOptimization)]";

    private const string InlineOptions = "NgInlineOptions";

    /// <summary><c>[GeneratedCode("NetGen", version)]</c> with the generator's assembly version.</summary>
    public static string GeneratedCode => $"[{Generated}(\"NetGen\", \"{Version}\")]";

    private static readonly string Version = typeof(Aliases).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
}
