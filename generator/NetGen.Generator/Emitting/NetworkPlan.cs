using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>A run of outputs one accumulator holds: a vector of <see cref="Bits"/> bits, or a scalar (Bits 0).</summary>
internal sealed record Segment(int Offset, int Bits, int Count)
{
    public bool IsScalar => Bits == 0;
}

/// <summary>
/// Outputs whose accumulators stay in registers over the whole input loop: <see cref="Segments"/> (offsets relative
/// to <see cref="Start"/>), run <see cref="Repeat"/> times <see cref="Stride"/> outputs apart (a loop when more than once).
/// </summary>
internal sealed record RegisterBlock(int Start, int Repeat, int Stride, EquatableArray<Segment> Segments);

/// <summary>How a vectorized layer's outputs are split into register blocks when vectors up to <see cref="Bits"/> are accelerated.</summary>
internal sealed record KernelWidth(int Bits, EquatableArray<RegisterBlock> Blocks)
{
    /// <summary>Every segment at its absolute offset (blocks unrolled), for element-wise passes over the layer.</summary>
    public IEnumerable<Segment> Flattened => Blocks.SelectMany(b => Enumerable.Range(0, b.Repeat)
        .SelectMany(r => b.Segments.Select(s => new Segment(b.Start + r * b.Stride + s.Offset, s.Bits, s.Count))));

    public bool UsesVectors => Blocks.Any(b => b.Segments.Any(s => !s.IsScalar));
}

/// <summary>One layer of the plan: where its parameters and buffers live and how its code is shaped.</summary>
/// <param name="Number">1-based, as in the course's W^(l).</param>
/// <param name="WorkspaceOffset">Start of z, a, ∂C/∂a and δ in the training workspace, each <c>Size</c> long.</param>
/// <param name="ScratchOffset">Start of z and a in the inference scratch.</param>
/// <param name="Inline">Small unrolled layers are inlined into their caller, so a tiny network's pass is one method.</param>
/// <param name="ForwardPartSize">Neurons per forward method when an unrolled layer is split (0: not split).</param>
/// <param name="BackwardPartRows">Input rows per backward method when an unrolled layer is split (0: not split).</param>
/// <param name="ActivationInKernel">The vectorized forward kernel applies f on its accumulators.</param>
/// <param name="ActivationOnVectors">f runs as FastMath vectors over whole vectors of z (tanh, sigmoid of 4+ outputs).</param>
/// <param name="Widths">Register blocking per hardware width (512, 256, 128 bits), for vectorized layers.</param>
internal sealed record LayerPlan(
    int Number,
    LayerSpec Spec,
    int FanIn,
    int WeightOffset,
    int BiasOffset,
    int SlopeOffset,
    int End,
    int WorkspaceOffset,
    int ScratchOffset,
    bool IsUnrolled,
    bool Inline,
    int ForwardPartSize,
    int BackwardPartRows,
    bool ActivationInKernel,
    bool ActivationOnVectors,
    EquatableArray<KernelWidth> Widths)
{
    public int Size => Spec.Size;

    public ActivationKind Activation => Spec.Activation;

    /// <summary>Offset of the weight from input <paramref name="i"/> to neuron <paramref name="j"/> (input-major).</summary>
    public int Weight(int i, int j) => WeightOffset + i * Spec.Size + j;

    public int WeightCount => FanIn * Spec.Size;
}

/// <summary>
/// Every decision about a network's code, computed once from the spec before anything is written: parameter
/// offsets, code shape per layer, method splits, inlining, register blocking, scratch and workspace sizes and
/// where scratch lives. Emitters only read it. Value-equatable (records and <see cref="EquatableArray{T}"/>).
/// </summary>
internal sealed record NetworkPlan(
    NetworkSpec Spec,
    EquatableArray<LayerPlan> Layers,
    int ParameterCount,
    int WorkspaceSize,
    int ScratchSize,
    int ScratchOnStack,
    int TransposeSpace,
    int RowScratchPerRow,
    bool OutputUnrolled,
    bool FusedOutput,
    bool LossFromLogits)
{
    /// <summary>
    /// Unrolled layers with more multiply-adds than this are split into several methods (by blocks of neurons):
    /// the JIT stops optimizing a method at about 2,000 terms (~20,000 IL instructions).
    /// </summary>
    public const int SplitBudget = 1500;

    /// <summary>From this size on, tanh and sigmoid run as FastMath vectors (below, scalar FastMath).</summary>
    public const int SpanActivationMin = 4;

    /// <summary>Unrolled layers with at most this many weights are inlined into their caller.</summary>
    public const int InlineWeights = 64;

    /// <summary>Loss and output gradient are unrolled (and inlined) up to this many outputs.</summary>
    public const int UnrolledOutputs = 16;

    /// <summary>Output vectors (accumulators) per register block: 8 of 32 zmm registers, leaves room for loads.</summary>
    public const int BlockVectors = 8;

    /// <summary>Equals the runtime's <c>NetGen.ScratchBuffer.StackLimit</c>: the largest stack buffer, in elements.</summary>
    public const int StackLimit = 1024;

    /// <summary>The hardware vector widths a kernel has a branch for, widest first.</summary>
    public static readonly int[] VectorBits = { 512, 256, 128 };

    public NumberFormat Number => NumberFormat.For(Spec.IsDouble);

    public string T => Number.Type;

    public LayerPlan Output => Layers[Layers.Count - 1];

    public static NetworkPlan For(NetworkSpec spec)
    {
        var n = NumberFormat.For(spec.IsDouble);
        var layers = new List<LayerPlan>();
        int fanIn = spec.InputSize, offset = 0, workspace = 0, scratch = 0;
        for (int l = 0; l < spec.Layers.Count; l++)
        {
            var layer = Layer(l + 1, spec.Layers[l], fanIn, offset, workspace, scratch, n);
            layers.Add(layer);
            offset = layer.End;
            workspace += 4 * layer.Size;
            scratch += 2 * layer.Size;
            fanIn = layer.Size;
        }
        var output = layers[layers.Count - 1];
        int transpose = layers.Skip(1).Select(l => l.WeightCount).DefaultIfEmpty(0).Max();
        bool fused = MathTable.IsFused(spec.Loss, output.Activation);
        return new NetworkPlan(spec, layers.ToEquatableArray(), offset, workspace, workspace / 2,
            System.Math.Min(workspace / 2, StackLimit), transpose, scratch - output.Size,
            spec.OutputSize <= UnrolledOutputs, fused,
            MathTable.LogitLossTerm(spec.Loss, output.Activation, "z", "y", n) is not null);
    }

    private static LayerPlan Layer(int number, LayerSpec spec, int fanIn, int weightOffset, int workspace, int scratch, NumberFormat n)
    {
        int m = spec.Size, weights = fanIn * m;
        var layout = ParameterLayout.Of(weightOffset, fanIn, m, spec.HasBias, spec.Activation == ActivationKind.PReLU);
        int biasOffset = layout.Biases, slopeOffset = layout.Slopes, end = layout.End;
        bool unrolled = spec.Shape == ShapeKind.Unrolled;
        bool split = unrolled && weights > SplitBudget;
        bool onVectors = MathTable.FastMathFunction(spec.Activation) is not null && m >= SpanActivationMin;
        // Vectorized layers block their kernels by width; unrolled ones only split FastMath activations into vectors.
        var widths = unrolled && !onVectors
            ? EquatableArray<KernelWidth>.Empty
            : VectorBits.Select(bits => new KernelWidth(bits, Blocks(m, bits, n.IsDouble ? 8 : 4).ToEquatableArray())).ToEquatableArray();
        return new LayerPlan(number, spec, fanIn, weightOffset, biasOffset, slopeOffset, end, workspace, scratch,
            unrolled, unrolled && weights <= InlineWeights,
            split ? System.Math.Max(1, SplitBudget / System.Math.Max(1, fanIn)) : 0,
            split ? System.Math.Max(1, SplitBudget / m) : 0,
            !unrolled && MathTable.HasVectorForm(spec.Activation, n), onVectors, widths);
    }

    /// <summary>
    /// The register blocks for <paramref name="m"/> outputs when vectors up to <paramref name="maxBits"/> are
    /// accelerated: full vectors of the widest width, then at most one vector of each narrower width, then scalars
    /// (so no load reaches past a row and nothing is computed twice); full blocks of the widest width repeat.
    /// </summary>
    public static List<RegisterBlock> Blocks(int m, int maxBits, int elementBytes)
    {
        var segments = new List<Segment>();
        int offset = 0;
        foreach (int bits in VectorBits.Where(b => b <= maxBits))
        {
            int count = bits / 8 / elementBytes;
            while (m - offset >= count)
            {
                segments.Add(new Segment(offset, bits, count));
                offset += count;
                if (bits != maxBits) break;
            }
        }
        for (; offset < m; offset++) segments.Add(new Segment(offset, 0, 1));

        var blocks = new List<RegisterBlock>();
        int full = segments.TakeWhile(s => s.Bits == maxBits).Count() / BlockVectors;
        int fullWidth = maxBits / 8 / elementBytes;
        if (full > 0) blocks.Add(new RegisterBlock(0, full, BlockVectors * fullWidth, segments.Take(BlockVectors).ToEquatableArray()));
        var rest = segments.Skip(full * BlockVectors).ToList();
        for (int k = 0; k < rest.Count; k += BlockVectors)
        {
            var chunk = rest.Skip(k).Take(BlockVectors).ToList();
            int start = chunk[0].Offset;
            blocks.Add(new RegisterBlock(start, 1, 0, chunk.Select(s => s with { Offset = s.Offset - start }).ToEquatableArray()));
        }
        return blocks;
    }
}
