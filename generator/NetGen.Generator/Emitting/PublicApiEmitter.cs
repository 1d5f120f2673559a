using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>The validated public entry points: parameters, inference, single-sample training.</summary>
internal static class PublicApiEmitter
{
    private const string Guard = "global::NetGen.Guard";

    public static void Emit(SourceWriter w, NetworkLayout net)
    {
        string T = net.T;
        string ros = $"global::System.ReadOnlySpan<{T}>";
        string span = $"global::System.Span<{T}>";
        var spec = net.Spec;

        w.Lines($$"""
            /// <summary>All parameters, laid out as documented above and on <see cref="global::NetGen.NetworkArchitecture"/>.</summary>
            public {{span}} Parameters => _parameters;

            /// <summary>The gradient of the last backward pass, same layout as <see cref="Parameters"/>.</summary>
            public {{ros}} Gradients => _gradients;

            /// <summary>The learning rate α used by <see cref="TrainStep({{ros}}, {{ros}})"/>; positive and finite.</summary>
            public {{T}} LearningRate
            {
                get => _learningRate;
                set { {{Guard}}.LearningRate(value, nameof(LearningRate)); _learningRate = value; }
            }

            /// <summary>Re-draws the weights with the declared initializer and <paramref name="seed"/>; biases become zero.</summary>
            public void InitializeParameters(int seed) =>
                global::NetGen.ParameterInitializer.Initialize<{{T}}>(Architecture, _parameters, global::NetGen.Initializer.{{spec.Initializer}}, seed);

            private static {{T}}[] CreateInitialParameters(int seed)
            {
                var parameters = new {{T}}[ParameterCount];
                global::NetGen.ParameterInitializer.Initialize<{{T}}>(Architecture, parameters, global::NetGen.Initializer.{{spec.Initializer}}, seed);
                return parameters;
            }

            /// <summary>Runs the network on one sample. Thread-safe: it does not touch the training workspace.</summary>
            public void Predict({{ros}} input, {{span}} output)
            {
                {{Guard}}.Length(input.Length, InputSize, nameof(input), "the network's input size");
                {{Guard}}.Length(output.Length, OutputSize, nameof(output), "the network's output size");
                {{Guard}}.Finite(input, nameof(input));
            """);
        w.Indent();
        EmitScratch(w, net);
        w.Line("PredictUnchecked(_parameters, input, output, scratch);");
        w.Outdent();
        w.Lines($$"""
            }

            /// <summary>Runs the network on many samples laid out row after row; writes one output row per input row.</summary>
            public void PredictBatch({{ros}} inputs, {{span}} outputs)
            {
                int rows = {{Guard}}.Rows(inputs.Length, InputSize, nameof(inputs), "the network's input size");
                {{Guard}}.Length(outputs.Length, rows * OutputSize, nameof(outputs), "one row of OutputSize per input row");
                {{Guard}}.Finite(inputs, nameof(inputs));
            """);
        w.Indent();
        EmitScratch(w, net);
        w.Line("for (int row = 0; row < rows; row++)");
        w.Line("    PredictUnchecked(_parameters, inputs.Slice(row * InputSize, InputSize), outputs.Slice(row * OutputSize, OutputSize), scratch);");
        w.Outdent();
        w.Lines($$"""
            }

            /// <summary>Forward, backward and update for one sample; returns the sample's loss before the update.</summary>
            /// <exception cref="global::System.ArithmeticException">The loss or gradient is not finite; the parameters are unchanged.</exception>
            public {{T}} TrainStep({{ros}} input, {{ros}} target)
            {
                {{T}} loss = Backpropagate(input, target, accumulate: false);
                if (!{{T}}.IsFinite(loss) || !TryApplyGradientsUnchecked(_learningRate))
                {
                    // The exact check failed (nothing was written), so the bound-based guard throws with its explanation.
                    {{Guard}}.FiniteStep(loss, _parameters, _gradients, _learningRate);
                    throw new global::System.ArithmeticException("The training step diverged; the parameters were not updated. Lower the learning rate or scale the inputs.");
                }
                return loss;
            }

            /// <summary>Number of classes a label may name: the outputs, or 2 for a single output.</summary>
            public const int ClassCount = {{(spec.OutputSize == 1 ? 2 : spec.OutputSize)}};

            /// <summary><see cref="TrainStep({{ros}}, {{ros}})"/> with the target encoded from a class label (see <see cref="EncodeLabel"/>).</summary>
            public {{T}} TrainStep({{ros}} input, int label)
            {
                EncodeLabel(label, _oneHot);
                return TrainStep(input, _oneHot);
            }

            /// <summary>Writes the target for <paramref name="label"/>: {{LabelEncoding(spec)}}.</summary>
            public static void EncodeLabel(int label, {{span}} target)
            {
                {{Guard}}.Label(label, ClassCount, nameof(label));
                {{Guard}}.Length(target.Length, OutputSize, nameof(target), "the network's output size");
            """);
        w.Indent();
        string off = net.Number.Literal(MathTable.TargetDomainOf(spec.Loss) == TargetDomain.PlusMinusOne ? -1 : 0);
        if (spec.OutputSize == 1)
            w.Line($"target[0] = label == 1 ? {net.Number.Literal(1)} : {off};");
        else
        {
            w.Line($"target.Fill({off});");
            w.Line($"target[label] = {net.Number.Literal(1)};");
        }
        w.Outdent();
        w.Lines($$"""
            }

            /// <summary>
            /// Forward and backward pass for one sample: writes its gradient into <see cref="Gradients"/>, or adds it there
            /// when <paramref name="accumulate"/> is true (for batches). Returns the sample's loss.
            /// </summary>
            public {{T}} Backpropagate({{ros}} input, {{ros}} target, bool accumulate)
            {
                {{Guard}}.Length(input.Length, InputSize, nameof(input), "the network's input size");
                {{Guard}}.Length(target.Length, OutputSize, nameof(target), "the network's output size");
                {{Guard}}.Finite(input, nameof(input));
                {{Guard}}.Target(target, global::NetGen.Loss.{{spec.Loss}}, nameof(target));
                return BackpropagateUnchecked(input, target, accumulate);
            }

            /// <summary>θ ← θ − α g with the current <see cref="Gradients"/>.</summary>
            /// <exception cref="global::System.ArithmeticException">The update would make a parameter non-finite; the parameters are unchanged.</exception>
            public void ApplyGradients({{T}} learningRate)
            {
                {{Guard}}.LearningRate(learningRate, nameof(learningRate));
                {{Guard}}.FiniteUpdate<{{T}}>(_parameters, _gradients, learningRate);
                ApplyGradientsUnchecked(learningRate);
            }

            /// <summary>The loss ({{spec.Loss}}) of <paramref name="output"/> against <paramref name="target"/>.</summary>
            public static {{T}} ComputeLoss({{ros}} output, {{ros}} target)
            {
                {{Guard}}.Length(output.Length, OutputSize, nameof(output), "the network's output size");
                {{Guard}}.Length(target.Length, OutputSize, nameof(target), "the network's output size");
                {{Guard}}.Target(target, global::NetGen.Loss.{{spec.Loss}}, nameof(target));
                return ComputeLossUnchecked(output, target);
            }

            private static void PredictUnchecked({{ros}} p, {{ros}} x, {{span}} output, {{span}} s)
            {
            """);
        w.Indent();
        ForwardEmitter.EmitScratchSpans(w, net, "s");
        ForwardEmitter.EmitCalls(w, net, "x", "output");
        w.Outdent();
        w.Lines($$"""
            }

            private {{T}} BackpropagateUnchecked({{ros}} x, {{ros}} y, bool accumulate)
            {
                {{ros}} p = _parameters;
                {{span}} g = _gradients;
                {{span}} ws = _workspace;
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
        w.Line("}");
        w.Line();
    }

    /// <summary>Scratch space for z and a of every layer: on the stack when small, pooled otherwise.</summary>
    private static void EmitScratch(SourceWriter w, NetworkLayout net)
    {
        w.Line(net.ScratchSize <= 8192
            ? $"global::System.Span<{net.T}> scratch = stackalloc {net.T}[{net.ScratchSize}];"
            : $"global::System.Span<{net.T}> scratch = new {net.T}[{net.ScratchSize}]; // too large for the stack");
    }

    private static string LabelEncoding(NetworkSpec spec)
    {
        bool plusMinus = MathTable.TargetDomainOf(spec.Loss) == TargetDomain.PlusMinusOne;
        return spec.OutputSize == 1
            ? (plusMinus ? "+1 for label 1, -1 for label 0" : "1 for label 1, 0 for label 0")
            : (plusMinus ? "+1 at the label, -1 elsewhere" : "one-hot, 1 at the label");
    }
}
