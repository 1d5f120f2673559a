// Compares a model read from ONNX with a declared architecture. Shared source (see OnnxDescription.cs): the runtime
// throws one exception listing every problem, the generator reports one diagnostic per problem.
using System.Collections.Generic;
#if NETGEN_GENERATOR
using NetGen.Generator.Model;
#endif

namespace NetGen.Interop.Shared;

internal static class OnnxArchitectureMatcher
{
    /// <summary>Reads <paramref name="bytes"/> and matches the model with <paramref name="declared"/>; never throws.</summary>
    public static OnnxReadResult ReadAndMatch(byte[]? bytes, OnnxDeclaration declared)
    {
        var read = OnnxModelReader.Read(bytes);
        if (read.Network is null) return read;
        var problems = Match(read.Network, declared);
        return problems.Count == 0 ? read : new OnnxReadResult(null, problems);
    }

    /// <summary>Every difference between <paramref name="model"/> and <paramref name="declared"/>; empty when they match.</summary>
    public static List<OnnxProblem> Match(OnnxNetwork model, OnnxDeclaration declared)
    {
        var problems = new List<OnnxProblem>();
        var declaredType = declared.Precision == Precision.Double ? OnnxElementType.Double : OnnxElementType.Float;
        if (model.ElementType != declaredType)
        {
            problems.Add(new OnnxProblem(OnnxProblemKind.ElementType, 0,
                "element type: the model computes in " + OnnxText.ElementType(model.ElementType) + ", the network is declared " +
                (declared.Precision == Precision.Double ? "Precision.Double (float64)" : "Precision.Single (float32)")));
        }
        if (model.Inputs != declared.Inputs)
        {
            problems.Add(new OnnxProblem(OnnxProblemKind.InputSize, 0,
                "input size: the model takes " + OnnxText.Int(model.Inputs) + " features, the network declares [Input(" + OnnxText.Int(declared.Inputs) + ")]"));
        }
        if (model.Layers.Count != declared.Layers.Count)
        {
            problems.Add(new OnnxProblem(OnnxProblemKind.LayerCount, 0,
                "layer count: the model has " + OnnxText.Int(model.Layers.Count) + " dense layers (" + Sizes(model) + "), the network declares " +
                OnnxText.Int(declared.Layers.Count)));
        }
        int common = model.Layers.Count < declared.Layers.Count ? model.Layers.Count : declared.Layers.Count;
        for (int l = 0; l < common; l++) MatchLayer(l + 1, model.Layers[l], declared.Layers[l], l == model.Layers.Count - 1, problems);
        return problems;
    }

    private static void MatchLayer(int number, OnnxDenseLayer model, OnnxDeclaredLayer declared, bool isOutput, List<OnnxProblem> problems)
    {
        if (model.Outputs != declared.Size)
        {
            problems.Add(new OnnxProblem(OnnxProblemKind.LayerSize, number,
                "size: the model has " + OnnxText.Int(model.Outputs) + " neurons, the declaration " + OnnxText.Int(declared.Size)));
        }
        if (model.Activation != declared.Activation)
        {
            string hint = isOutput && model.Activation == Activation.Linear && declared.Activation == Activation.Softmax
                ? " (the model ends in logits, as PyTorch classifiers trained with CrossEntropyLoss do: declare the output Activation.Linear, or export the model with its softmax)"
                : "";
            problems.Add(new OnnxProblem(OnnxProblemKind.Activation, number,
                "activation: the model applies " + Describe(model.Activation) + ", the declaration " + declared.Activation + hint));
        }
        else if (model.Activation == Activation.LeakyReLU && (float)model.LeakySlope != (float)declared.Slope)
        {
            // The attribute is a float: compare at float precision so that a declared 0.01 matches alpha = 0.01f.
            problems.Add(new OnnxProblem(OnnxProblemKind.LeakySlope, number,
                "leaky slope: the model's LeakyRelu has alpha " + OnnxText.Float((float)model.LeakySlope) + ", the declaration Slope = " + OnnxText.Number(declared.Slope)));
        }
        if (model.HasBias != declared.HasBias)
        {
            problems.Add(new OnnxProblem(OnnxProblemKind.Bias, number,
                model.HasBias
                    ? "bias: the model's layer adds a bias, the declaration has Bias = false"
                    : "bias: the model's layer has no bias, the declaration has one (set Bias = false)"));
        }
    }

    private static string Describe(Activation activation) =>
        activation == Activation.Linear ? "no activation (Linear)" : activation.ToString();

    private static string Sizes(OnnxNetwork model)
    {
        var parts = new List<string> { OnnxText.Int(model.Inputs) };
        foreach (var layer in model.Layers) parts.Add(OnnxText.Int(layer.Outputs) + " " + layer.Activation);
        return string.Join(" -> ", parts);
    }
}
