using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>Where one layer's parameters and training buffers live; derived from the spec, never stored in it.</summary>
internal sealed class LayerLayout
{
    public LayerLayout(int number, LayerSpec spec, int fanIn, int weightOffset, int workspaceOffset)
    {
        Number = number;
        Spec = spec;
        FanIn = fanIn;
        WeightOffset = weightOffset;
        BiasOffset = spec.HasBias ? weightOffset + fanIn * spec.Size : -1;
        SlopeOffset = spec.Activation == ActivationKind.PReLU ? weightOffset + fanIn * spec.Size + (spec.HasBias ? spec.Size : 0) : -1;
        End = weightOffset + fanIn * spec.Size + (spec.HasBias ? spec.Size : 0) + (SlopeOffset >= 0 ? spec.Size : 0);
        WorkspaceOffset = workspaceOffset;
    }

    /// <summary>1-based, as in the course's W^(l).</summary>
    public int Number { get; }
    public LayerSpec Spec { get; }
    public int Size => Spec.Size;
    public int FanIn { get; }
    public int WeightOffset { get; }
    public int BiasOffset { get; }
    public int SlopeOffset { get; }
    public int End { get; }
    public bool IsUnrolled => Spec.Shape == ShapeKind.Unrolled;

    /// <summary>Offset of the weight from input <paramref name="i"/> to neuron <paramref name="j"/> (input-major).</summary>
    public int Weight(int i, int j) => WeightOffset + i * Spec.Size + j;

    /// <summary>Start of this layer's z, a, ∂C/∂a and ∂C/∂z in the training workspace, each <see cref="Size"/> long.</summary>
    public int WorkspaceOffset { get; }
}

internal sealed class NetworkLayout
{
    public NetworkLayout(NetworkSpec spec)
    {
        Spec = spec;
        Number = NumberFormat.For(spec.IsDouble);
        var layers = new List<LayerLayout>();
        int fanIn = spec.InputSize, offset = 0, workspace = 0;
        for (int l = 0; l < spec.Layers.Count; l++)
        {
            var layer = new LayerLayout(l + 1, spec.Layers[l], fanIn, offset, workspace);
            layers.Add(layer);
            offset = layer.End;
            workspace += 4 * layer.Size;
            fanIn = layer.Size;
        }
        Layers = layers;
        ParameterCount = offset;
        WorkspaceSize = workspace;
    }

    public NetworkSpec Spec { get; }
    public NumberFormat Number { get; }
    public IReadOnlyList<LayerLayout> Layers { get; }
    public LayerLayout Output => Layers[Layers.Count - 1];
    public int ParameterCount { get; }

    /// <summary>z, a, ∂C/∂a and ∂C/∂z for every layer.</summary>
    public int WorkspaceSize { get; }

    /// <summary>z and a for every layer: what inference needs.</summary>
    public int ScratchSize => WorkspaceSize / 2;

    public string T => Number.Type;
}
