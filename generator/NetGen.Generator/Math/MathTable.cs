using System;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>One activation: its formulas, written once over <see cref="Lanes"/>, and its properties.</summary>
/// <param name="Value"><c>f(z)</c> from (lanes, z, slope); null where the lanes cannot express it exactly.</param>
/// <param name="Derivative"><c>f'(z)</c> from (lanes, z, a = f(z), slope).</param>
/// <param name="FastMathFunction">The FastMath function that is <c>f</c> (span, scalar and vector overloads), if any.</param>
/// <param name="DerivativeReadsOutput">Whether <see cref="Derivative"/> is written with a rather than z.</param>
/// <param name="CanBeNegative">Whether the range includes negative numbers (hinge and square loss need them).</param>
/// <param name="RowWise">Whether the activation mixes a row (softmax), so it has no per-element formula.</param>
internal sealed record ActivationMath(
    Func<Lanes, string, string, string?> Value,
    Func<Lanes, string, string, string, string?> Derivative,
    string? FastMathFunction,
    bool DerivativeReadsOutput,
    bool CanBeNegative,
    bool RowWise = false);

/// <summary>One loss: its per-output term and gradient, and the output activation it fuses with.</summary>
/// <param name="Term">The per-output term from (n, a, y); the loss is their sum times the scale.</param>
/// <param name="Gradient">∂C/∂a for one output from (n, a, y, outputs).</param>
/// <param name="FusedWith">The output activation whose δ = ∂C/∂z has a closed form with this loss, if any.</param>
/// <param name="LogitTerm">With <see cref="FusedWith"/>: the term computed from the logit z instead of a (stable).</param>
internal sealed record LossMath(
    Func<NumberFormat, string, string, string> Term,
    Func<NumberFormat, string, string, int, string> Gradient,
    TargetDomain Domain,
    ActivationKind? FusedWith = null,
    Func<NumberFormat, string, string, string>? LogitTerm = null);

/// <summary>
/// The one place where the course's math becomes code: each activation and loss defined once (value, derivative,
/// vector forms, FastMath function, properties), and every emitter (unrolled, SIMD kernels, batched, baked) renders
/// from these definitions. Formulas return C# expressions over simple operands, which may be evaluated more than once.
/// Adding an activation means adding it to the enum and a row here.
/// </summary>
internal static class MathTable
{
    private static readonly ActivationMath Elementwise = new((l, z, s) => z, (l, z, a, s) => l.Const(1), null, false, true);

    private static ActivationMath Of(ActivationKind activation) => activation switch
    {
        ActivationKind.Linear => Elementwise,
        ActivationKind.Sigmoid => new((l, z, s) => l.FastMath("Sigmoid", z), (l, z, a, s) => l.Multiply(a, l.Subtract(l.Const(1), a)), "Sigmoid", true, false),
        ActivationKind.Tanh => new((l, z, s) => l.FastMath("Tanh", z), (l, z, a, s) => l.Subtract(l.Const(1), l.Multiply(a, a)), "Tanh", true, true),
        // z > 0 ? z : 0 as a select, not Max, whose NaN and −0 rules differ: vector lanes give the scalar bits.
        ActivationKind.ReLU => new((l, z, s) => l.Select(l.Greater(z, l.Const(0)), z, l.Const(0)),
            (l, z, a, s) => l.Select(l.Greater(z, l.Const(0)), l.Const(1), l.Const(0)), null, false, false),
        ActivationKind.LeakyReLU or ActivationKind.PReLU => new((l, z, s) => l.Select(l.Greater(z, l.Const(0)), z, l.Multiply(s, z)),
            (l, z, a, s) => l.Select(l.Greater(z, l.Const(0)), l.Const(1), s), null, false, true),
        // Heaviside as in the course: 0 below zero, 1/2 at zero, 1 above. Zero derivative almost everywhere (NG0016).
        ActivationKind.Step => new((l, z, s) => l.Select(l.Greater(z, l.Const(0)), l.Const(1), l.Select(l.Less(z, l.Const(0)), l.Const(0), l.Const(0.5))),
            (l, z, a, s) => l.Const(0), null, false, false),
        ActivationKind.Sign => new((l, z, s) => l.Select(l.Greater(z, l.Const(0)), l.Const(1), l.Select(l.Less(z, l.Const(0)), l.Const(-1), l.Const(0))),
            (l, z, a, s) => l.Const(0), null, false, true),
        // The course's piecewise-linear unit: z + 1/2 clipped to [0, 1].
        ActivationKind.PiecewiseLinear => new((l, z, s) => l.Min(l.Const(1), l.Max(l.Const(0), l.Add(z, l.Const(0.5)))),
            (l, z, a, s) => l.Select(l.And(l.Greater(z, l.Const(-0.5)), l.Less(z, l.Const(0.5))), l.Const(1), l.Const(0)), null, false, false),
        ActivationKind.Softmax => new((l, z, s) => null, (l, z, a, s) => null, null, false, false, RowWise: true),
        _ => Elementwise,
    };

    // ---------------------------------------------------------------- activations: a = f(z), f'(z)

    /// <summary><c>f(z)</c> as a scalar. <paramref name="slope"/> is the LeakyReLU literal or the PReLU slope parameter.</summary>
    public static string Value(ActivationKind activation, string z, string slope, NumberFormat n) =>
        Of(activation).Value(Lanes.Scalar(n), z, slope) ?? z;

    /// <summary><c>f(z)</c> in <paramref name="lanes"/>, or null where they cannot give the scalar's bits.</summary>
    public static string? Value(ActivationKind activation, Lanes lanes, string z, string slope) => Of(activation).Value(lanes, z, slope);

    /// <summary><c>f'(z)</c>, written with <paramref name="a"/> = f(z) where that is cheaper (sigmoid, tanh).</summary>
    public static string Derivative(ActivationKind activation, string z, string a, string slope, NumberFormat n) =>
        Of(activation).Derivative(Lanes.Scalar(n), z, a, slope) ?? n.Literal(0);

    /// <summary><c>f'(z)</c> in <paramref name="lanes"/>, or null.</summary>
    public static string? Derivative(ActivationKind activation, Lanes lanes, string z, string a, string slope) =>
        Of(activation).Derivative(lanes, z, a, slope);

    /// <summary>Whether <see cref="Derivative(ActivationKind, Lanes, string, string, string)"/> reads a (else z).</summary>
    public static bool DerivativeReadsOutput(ActivationKind activation) => Of(activation).DerivativeReadsOutput;

    /// <summary>
    /// The FastMath function that computes the activation, if any: where it exists the code runs FastMath's vector
    /// forms on whole vectors (single sample) or its span form (batched), bit-identical to the scalar form.
    /// </summary>
    public static string? FastMathFunction(ActivationKind activation) => Of(activation).FastMathFunction;

    /// <summary>Whether the activation has a per-element form in the intrinsic vectors (so kernels apply it on their accumulators).</summary>
    public static bool HasVectorForm(ActivationKind activation, NumberFormat n) =>
        Of(activation).Value(Lanes.Intrinsic(n, 128), "z", "s") is not null;

    /// <summary>Softmax: the activation mixes a row, so it runs as a row operation (LayerKernels.Softmax).</summary>
    public static bool IsRowWise(ActivationKind activation) => Of(activation).RowWise;

    /// <summary>∂a/∂slope of PReLU: <c>0</c> for positive z, <c>z</c> otherwise.</summary>
    public static string SlopeDerivative(string z, NumberFormat n) => $"({z} > {n.Literal(0)} ? {n.Literal(0)} : {z})";

    /// <summary>Activations whose range includes negative numbers (hinge and square loss need them).</summary>
    public static bool CanBeNegative(ActivationKind activation) => Of(activation).CanBeNegative;

    // ---------------------------------------------------------------- losses: C(a, y), ∂C/∂a

    private static LossMath Of(LossKind loss) => loss switch
    {
        LossKind.HalfSquaredError => new((n, a, y) => $"{n.Literal(0.5)} * ({a} - {y}) * ({a} - {y})", (n, a, y, m) => $"({a} - {y})", TargetDomain.AnyFinite),
        LossKind.MeanSquaredError => new((n, a, y) => $"({a} - {y}) * ({a} - {y})", (n, a, y, m) => $"{n.Literal(2.0 / m)} * ({a} - {y})", TargetDomain.AnyFinite),
        LossKind.CrossEntropy => new((n, a, y) => $"-{y} * {n.Math}.Log({n.Math}.Max({a}, {n.LogFloor}))",
            (n, a, y, m) => $"(-{y} / {n.Math}.Max({a}, {n.LogFloor}))", TargetDomain.UnitInterval, ActivationKind.Softmax),
        LossKind.BinaryCrossEntropy => new(
            (n, a, y) => $"-({y} * {n.Math}.Log({n.Math}.Max({a}, {n.LogFloor})) + ({n.Literal(1)} - {y}) * {n.Math}.Log({n.Math}.Max({n.Literal(1)} - {a}, {n.LogFloor})))",
            (n, a, y, m) => $"(({a} - {y}) / {n.Math}.Max({a} * ({n.Literal(1)} - {a}), {n.LogFloor}))", TargetDomain.UnitInterval, ActivationKind.Sigmoid,
            // From the logit: max(z, 0) − z y + log1p(e^−|z|), no floor and no saturation (the first two terms first,
            // so a large z with y = 1 cancels exactly before the tiny log1p term is added).
            (n, z, y) => $"{n.Math}.Max({z}, {n.Literal(0)}) - {z} * {y} + {Aliases.FastMath}.Softplus(-{n.Math}.Abs({z}))"),
        LossKind.Hinge => new((n, a, y) => $"{n.Math}.Max({n.Literal(0)}, {n.Literal(1)} - {y} * {a})",
            (n, a, y, m) => $"({y} * {a} < {n.Literal(1)} ? -{y} : {n.Literal(0)})", TargetDomain.PlusMinusOne),
        _ => new((n, a, y) => $"({n.Literal(1)} - {y} * {a}) * ({n.Literal(1)} - {y} * {a})",
            (n, a, y, m) => $"({n.Literal(-2)} * {y} * ({n.Literal(1)} - {y} * {a}))", TargetDomain.PlusMinusOne),
    };

    /// <summary>The per-output term of the loss; the loss is their sum times <see cref="LossScale"/>.</summary>
    public static string LossTerm(LossKind loss, string a, string y, NumberFormat n) => Of(loss).Term(n, a, y);

    /// <summary>
    /// The per-output term computed from the logit <paramref name="z"/> when the loss is fused with the output
    /// activation and has such a form (binary cross entropy through a sigmoid), else null.
    /// </summary>
    public static string? LogitLossTerm(LossKind loss, ActivationKind output, string z, string y, NumberFormat n) =>
        IsFused(loss, output) ? Of(loss).LogitTerm?.Invoke(n, z, y) : null;

    /// <summary>The factor applied to the summed terms (MSE averages over the outputs), or null for none.</summary>
    public static string? LossScale(LossKind loss, int outputs, NumberFormat n) =>
        loss == LossKind.MeanSquaredError && outputs > 1 ? n.Literal(1.0 / outputs) : null;

    /// <summary>∂C/∂a for one output.</summary>
    public static string LossGradient(LossKind loss, string a, string y, int outputs, NumberFormat n) => Of(loss).Gradient(n, a, y, outputs);

    /// <summary>
    /// Whether the loss and output activation combine into <c>∂C/∂z = a - y</c> (logistic loss with sigmoid) or
    /// <c>a Σy - y</c> (cross entropy with softmax; <c>a - y</c> when the targets sum to one): exact, cheaper, and
    /// free of the divisions of the separate chain.
    /// </summary>
    public static bool IsFused(LossKind loss, ActivationKind output) => Of(loss).FusedWith == output;

    /// <summary>What a target must look like for the loss, for the runtime check.</summary>
    public static TargetDomain TargetDomainOf(LossKind loss) => Of(loss).Domain;
}

internal enum TargetDomain { AnyFinite, UnitInterval, PlusMinusOne }
