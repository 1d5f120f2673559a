using System.Linq;
using static NetGen.Generator.Aliases;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Emits the network's <c>Kernels</c> struct: the sizes the runtime needs and the entry points of the fixed-size
/// kernels, implementing <c>INetworkKernels</c>. Everything around them (checks, loops, files) is the runtime's.
/// </summary>
internal static class KernelsEmitter
{
    public static void Emit(SourceWriter w, NetworkPlan net)
    {
        string T = net.T, cls = Identifiers.Escape(net.Spec.ClassName);
        string kernels = Kernels;
        w.Line($"/// <summary>{cls}'s fixed-size kernels, which <see cref=\"global::NetGen.Network{{TKernels, T}}\"/> runs.</summary>");
        w.Line(GeneratedCode);
        using (w.Block($"public readonly struct Kernels : global::NetGen.INetworkKernels<{T}>"))
        {
            w.Line("// What the runtime asks of the network: its declaration and the sizes of its buffers, in elements.");
            w.Statements(new[]
            {
                $"global::NetGen.NetworkArchitecture {kernels}.Architecture => {Identifiers.FullyQualified(net.Spec)}.Architecture;",
                $"global::NetGen.Initializer {kernels}.Initializer => global::NetGen.Initializer.{net.Spec.Initializer};",
                $"{T} {kernels}.DefaultLearningRate => {net.Number.Literal(net.Spec.LearningRate)};", $"int {kernels}.DefaultSeed => {net.Spec.Seed};",
                $"int {kernels}.InputSize => {net.Spec.InputSize};", $"int {kernels}.OutputSize => {net.Spec.OutputSize};",
                $"int {kernels}.ParameterCount => {net.ParameterCount};", $"int {kernels}.ScratchSize => {net.ScratchSize};",
                $"int {kernels}.WorkspaceSize => {net.WorkspaceSize};", $"int {kernels}.BatchWorkspacePerRow => {net.WorkspaceSize};",
                $"int {kernels}.BatchWorkspaceFixed => {net.TransposeSpace};", $"int {kernels}.RowScratchPerRow => {net.RowScratchPerRow};",
            });
            w.Line();
            EmitEntryPoints(w, net);
            w.Line("// ---------------------------------------------------------------- forward, one sample");
            w.Line();
            ForwardEmitter.Emit(w, net, ParameterSource.Buffer);
            w.Line("// ---------------------------------------------------------------- backward, one sample");
            w.Line();
            BackwardEmitter.Emit(w, net);
            w.Line("// ---------------------------------------------------------------- batched: rows of samples as matrices");
            w.Line();
            BatchEmitter.Emit(w, net);
        }
    }

    private static void EmitEntryPoints(SourceWriter w, NetworkPlan net)
    {
        string T = net.T;
        var n = net.Number;
        w.Line("/// <inheritdoc />");
        using (w.Block($"public void Forward({ReadOnlySpan} p, {ReadOnlySpan} x, {Span} output, {Span} s)"))
        {
            ForwardEmitter.EmitScratchSpans(w, net, "s");
            ForwardEmitter.EmitCalls(w, net, "x", "output");
        }
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public {T} Loss({ReadOnlySpan} output, {ReadOnlySpan} target) => ComputeLossUnchecked(output, target);");
        w.Line();
        w.Line("/// <inheritdoc />");
        using (w.Block($"public {T} Backpropagate({ReadOnlySpan} p, {Span} g, {ReadOnlySpan} x, {ReadOnlySpan} y, {Span} ws, bool accumulate)"))
        {
            EmitWorkspaceSpans(w, net, "");
            ForwardEmitter.EmitCalls(w, net, "x", null);
            BackwardEmitter.EmitCalls(w, net);
            // The backward pass reads the output layer's z and a but never writes them: the loss can come last.
            w.Line($"return {BackwardEmitter.TrainingLoss(net, $"z{net.Output.Number}", $"a{net.Output.Number}", "y")};");
        }
        w.Line();
        w.Line("/// <inheritdoc />");
        using (w.Block($"public void ForwardRows({ReadOnlySpan} p, {ReadOnlySpan} x, {Span} output, int count, {Span} s)"))
        {
            w.Statements(net.Layers.SelectMany(layer =>
            {
                int k = layer.Number, o = layer.ScratchOffset, m = layer.Size;
                var spans = new[] { $"var z{k} = s.Slice(count * {o}, count * {m});" };
                return layer == net.Output ? spans : spans.Concat(new[] { $"var a{k} = s.Slice(count * {o + m}, count * {m});" });
            }));
            BatchEmitter.EmitForwardRowsCalls(w, net);
        }
        w.Line();
        w.Line("/// <inheritdoc />");
        using (w.Block($"public void ActivateRows(int layer, {ReadOnlySpan} p, {ReadOnlySpan} z, {Span} a, int count)"))
            BatchEmitter.EmitActivateRowsSwitch(w, net);
        w.Line();
        w.Line("/// <inheritdoc />");
        using (w.Block($"public {T} BackpropagateBatch({ReadOnlySpan} p, {ReadOnlySpan} x, {ReadOnlySpan} y, int count, {Span} g, {Span} ws, bool accumulate)"))
        {
            EmitWorkspaceSpans(w, net, "count * ");
            BatchEmitter.EmitBackpropagateCalls(w, net);
        }
        w.Line();
        BatchEmitter.EmitRangeEntryPoints(w, net);
    }

    /// <summary>z, a, ∂C/∂a and δ of every layer over the workspace (of one sample, or of <c>count</c> rows).</summary>
    private static void EmitWorkspaceSpans(SourceWriter w, NetworkPlan net, string rows)
    {
        foreach (var layer in net.Layers)
        {
            int o = layer.WorkspaceOffset, m = layer.Size, k = layer.Number;
            w.Statements(new[] { "z", "a", "da", "d" }.Select((name, part) => $"var {name}{k} = ws.Slice({rows}{o + part * m}, {rows}{m});"));
        }
    }
}
