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
                public int BatchWorkspaceSize(int batchSize) => checked(batchSize * BatchWorkspacePerRow + BatchWorkspaceFixed);

                /// <inheritdoc />
                public {{T}} BackpropagateBatch({{ros}} inputs, {{ros}} targets, int count, {{span}} gradients, {{span}} workspace, bool accumulate) =>
                    BackpropagateBatchUnchecked(_network._parameters, inputs, targets, count, gradients, workspace, accumulate);

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

            /// <summary>
            /// Trains on <paramref name="training"/> (online, batch or mini-batch gradient descent, per <paramref name="options"/>;
            /// the learning rate defaults to <see cref="LearningRate"/>), stopping at the first rule met: max epochs,
            /// target loss, or early stopping on <paramref name="validation"/>.
            /// </summary>
            public global::NetGen.TrainingResult Fit(global::NetGen.Dataset<{{T}}> training, global::NetGen.TrainingOptions? options = null, global::NetGen.Dataset<{{T}}>? validation = null)
            {
                var result = global::NetGen.Trainer.Fit(new Model(this), training, options, validation, double.CreateChecked(_learningRate));
                _epochsTrained += result.Epochs;
                return result;
            }

            /// <summary>Loss, accuracy and confusion matrix of the network on <paramref name="data"/>.</summary>
            public global::NetGen.EvaluationResult Evaluate(global::NetGen.Dataset<{{T}}> data) => global::NetGen.Evaluator.Evaluate(new Model(this), data);

            /// <summary>The class the network predicts for <paramref name="input"/> (argmax, or a threshold for one output).</summary>
            public int PredictClass({{ros}} input)
            {
                {{span}} output = stackalloc {{T}}[OutputSize];
                Predict(input, output);
                return global::NetGen.Evaluator.Classify<{{T}}>(global::NetGen.Loss.{{net.Spec.Loss}}, output);
            }

            private int _epochsTrained;

            private global::NetGen.NetworkMetadata Metadata => new global::NetGen.NetworkMetadata
            {
                LearningRate = double.CreateChecked(_learningRate),
                Seed = DefaultSeed,
                EpochsTrained = _epochsTrained,
            };

            /// <summary>Atomically saves the parameters in NetGen's binary format (docs/file-format.md).</summary>
            public void Save(string path) => global::NetGen.NetworkFile.Save<{{T}}>(path, Architecture, _parameters, Metadata);

            /// <summary>Atomically saves the parameters in NetGen's text format, which <c>BakedWeights</c> can compile in.</summary>
            public void SaveText(string path) => global::NetGen.NetworkFile.SaveText<{{T}}>(path, Architecture, _parameters, Metadata);

            /// <summary>Loads a binary file saved for this architecture; on any problem throws and leaves the parameters untouched.</summary>
            public global::NetGen.NetworkMetadata Load(string path) => Restore(global::NetGen.NetworkFile.Load<{{T}}>(path, Architecture, _parameters, "{{cls}}"));

            /// <summary>Loads a text file saved for this architecture; on any problem throws and leaves the parameters untouched.</summary>
            public global::NetGen.NetworkMetadata LoadText(string path) => Restore(global::NetGen.NetworkFile.LoadText<{{T}}>(path, Architecture, _parameters, "{{cls}}"));

            private global::NetGen.NetworkMetadata Restore(global::NetGen.NetworkMetadata metadata)
            {
                _epochsTrained = metadata.EpochsTrained;
                return metadata;
            }
            """);
    }
}
