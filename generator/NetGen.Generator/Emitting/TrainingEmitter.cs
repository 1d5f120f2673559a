namespace NetGen.Generator.Emitting;

/// <summary>
/// Emits the <c>Model</c> struct through which the runtime's training loops, evaluation and persistence reach the
/// network. The loops are generic over this struct, so the JIT compiles them once per network with direct calls.
/// </summary>
internal static class TrainingEmitter
{
    public static void Emit(SourceWriter w, NetworkLayout net)
    {
        string T = net.T;
        string ros = $"global::System.ReadOnlySpan<{T}>";
        string span = $"global::System.Span<{T}>";
        string cls = Identifiers.Escape(net.Spec.ClassName);
        w.Line("// ---------------------------------------------------------------- training glue");
        w.Line();
        w.Lines($$"""
            /// <summary>This network as the runtime's training loops see it (a struct, so calls specialize and inline).</summary>
            public readonly struct Model : global::NetGen.ITrainableNetwork<{{T}}>
            {
                private readonly {{cls}} _network;

                /// <summary>Wraps <paramref name="network"/>.</summary>
                public Model({{cls}} network) => _network = network;

                /// <inheritdoc />
                public global::NetGen.NetworkArchitecture Architecture => {{cls}}.Architecture;

                /// <inheritdoc />
                public {{span}} Parameters => _network._parameters;

                /// <inheritdoc />
                public {{span}} Gradients => _network._gradients;

                /// <inheritdoc />
                public {{T}} Backpropagate({{ros}} input, {{ros}} target, bool accumulate) => _network.BackpropagateUnchecked(input, target, accumulate);

                /// <inheritdoc />
                public void Predict({{ros}} input, {{span}} output)
                {
                    {{span}} scratch = stackalloc {{T}}[{{System.Math.Min(net.ScratchSize, 8192)}}];
                    PredictUnchecked(_network._parameters, input, output, {{(net.ScratchSize <= 8192 ? "scratch" : $"new {T}[{net.ScratchSize}]")}});
                }

                /// <inheritdoc />
                public {{T}} ComputeLoss({{ros}} output, {{ros}} target) => ComputeLossUnchecked(output, target);
            }

            /// <summary>This network as a <see cref="Model"/> for the runtime's training and evaluation.</summary>
            public Model AsModel() => new Model(this);
            """);
    }
}
