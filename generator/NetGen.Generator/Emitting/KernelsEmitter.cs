using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Emits the network's <c>Kernels</c> struct: the sizes the runtime needs and the entry points of the fixed-size
/// kernels, implementing <c>INetworkKernels</c>. Everything around them (checks, loops, files) is the runtime's.
/// </summary>
internal static class KernelsEmitter
{
    public static void EmitEntryPoints(SourceWriter w, NetworkLayout net)
    {
        string T = net.T;
        string ros = $"global::System.ReadOnlySpan<{T}>";
        string span = $"global::System.Span<{T}>";
        var n = net.Number;
        var spec = net.Spec;
        string cls = Identifiers.FullyQualified(spec);
        w.Lines($$"""
            /// <inheritdoc />
            public global::NetGen.NetworkArchitecture Architecture => {{cls}}.Architecture;
            /// <inheritdoc />
            public global::NetGen.Initializer Initializer => global::NetGen.Initializer.{{net.Spec.Initializer}};
            /// <inheritdoc />
            public {{T}} DefaultLearningRate => {{n.Literal(spec.LearningRate)}};
            /// <inheritdoc />
            public int DefaultSeed => {{spec.Seed}};
            /// <inheritdoc />
            public int InputSize => {{spec.InputSize}};
            /// <inheritdoc />
            public int OutputSize => {{spec.OutputSize}};
            /// <inheritdoc />
            public int ParameterCount => {{net.ParameterCount}};
            /// <inheritdoc />
            public int ScratchSize => {{net.ScratchSize}};
            /// <inheritdoc />
            public int WorkspaceSize => {{net.WorkspaceSize}};
            /// <inheritdoc />
            public int BatchWorkspacePerRow => {{net.WorkspaceSize}};
            /// <inheritdoc />
            public int BatchWorkspaceFixed => {{BatchEmitter.TransposeSpace(net)}};
            /// <inheritdoc />
            public int RowScratchPerRow => {{BatchEmitter.RowScratchPerRow(net)}};

            /// <inheritdoc />
            public void Forward({{ros}} p, {{ros}} x, {{span}} output, {{span}} s)
            {
            """);
        w.Indent();
        ForwardEmitter.EmitScratchSpans(w, net, "s");
        ForwardEmitter.EmitCalls(w, net, "x", "output");
        w.Outdent();
        w.Lines($$"""
            }

            /// <inheritdoc />
            public {{T}} Backpropagate({{ros}} p, {{span}} g, {{ros}} x, {{ros}} y, {{span}} ws, bool accumulate)
            {
            """);
        w.Indent();
        foreach (var layer in net.Layers)
        {
            int o = layer.WorkspaceOffset, m = layer.Size, k = layer.Number;
            w.Line($"{span} z{k} = ws.Slice({o}, {m}), a{k} = ws.Slice({o + m}, {m}), da{k} = ws.Slice({o + 2 * m}, {m}), d{k} = ws.Slice({o + 3 * m}, {m});");
        }
        ForwardEmitter.EmitCalls(w, net, "x", null!);
        w.Line($"{T} loss = ComputeLossUnchecked(a{net.Output.Number}, y);");
        BackwardEmitter.EmitCalls(w, net);
        w.Line("return loss;");
        w.Outdent();
        w.Lines($$"""
            }

            /// <inheritdoc />
            public {{T}} Loss({{ros}} output, {{ros}} target) => ComputeLossUnchecked(output, target);

            """);
    }
}
