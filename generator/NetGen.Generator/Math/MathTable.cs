using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>
/// The one place where the course's math becomes code: for each activation its value <c>f(z)</c> and derivative
/// <c>f'(z)</c>, for each loss its value and gradient with respect to the output. Every method returns a C#
/// expression over simple operands (array elements or locals), which may be evaluated more than once.
/// </summary>
internal static class MathTable
{
    // ---------------------------------------------------------------- activations: a = f(z), f'(z)

    /// <summary><c>f(z)</c>. <paramref name="slope"/> is the LeakyReLU literal or the PReLU slope parameter.</summary>
    public static string Value(ActivationKind activation, string z, string slope, NumberFormat n) => activation switch
    {
        ActivationKind.Linear => z,
        ActivationKind.Sigmoid => $"global::NetGen.Numerics.FastMath.Sigmoid({z})",
        ActivationKind.Tanh => $"global::NetGen.Numerics.FastMath.Tanh({z})",
        ActivationKind.ReLU => $"({z} > {n.Literal(0)} ? {z} : {n.Literal(0)})",
        ActivationKind.LeakyReLU or ActivationKind.PReLU => $"({z} > {n.Literal(0)} ? {z} : {slope} * {z})",
        // Heaviside as in the course: 0 below zero, 1/2 at zero, 1 above.
        ActivationKind.Step => $"({z} > {n.Literal(0)} ? {n.Literal(1)} : {z} < {n.Literal(0)} ? {n.Literal(0)} : {n.Literal(0.5)})",
        ActivationKind.Sign => $"({z} > {n.Literal(0)} ? {n.Literal(1)} : {z} < {n.Literal(0)} ? {n.Literal(-1)} : {n.Literal(0)})",
        // The course's piecewise-linear unit: z + 1/2 clipped to [0, 1].
        ActivationKind.PiecewiseLinear => $"{n.Math}.Min({n.Literal(1)}, {n.Math}.Max({n.Literal(0)}, {z} + {n.Literal(0.5)}))",
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "softmax is emitted per layer"),
    };

    /// <summary><c>f'(z)</c>, written with <paramref name="a"/> = f(z) where that is cheaper (sigmoid, tanh).</summary>
    public static string Derivative(ActivationKind activation, string z, string a, string slope, NumberFormat n) => activation switch
    {
        ActivationKind.Linear => n.Literal(1),
        ActivationKind.Sigmoid => $"{a} * ({n.Literal(1)} - {a})",
        ActivationKind.Tanh => $"({n.Literal(1)} - {a} * {a})",
        ActivationKind.ReLU => $"({z} > {n.Literal(0)} ? {n.Literal(1)} : {n.Literal(0)})",
        ActivationKind.LeakyReLU or ActivationKind.PReLU => $"({z} > {n.Literal(0)} ? {n.Literal(1)} : {slope})",
        // Zero almost everywhere: the reason NG0016 warns about training through these.
        ActivationKind.Step or ActivationKind.Sign => n.Literal(0),
        ActivationKind.PiecewiseLinear => $"({z} > {n.Literal(-0.5)} && {z} < {n.Literal(0.5)} ? {n.Literal(1)} : {n.Literal(0)})",
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "softmax is emitted per layer"),
    };

    /// <summary>
    /// <see cref="Value"/> lane by lane over <c>System.Numerics.Vector</c> operands, for the activations that are a
    /// comparison per element (ReLU, LeakyReLU: scalar code branches on it); null for the others. <c>z &gt; 0 ? … : …</c> as a select,
    /// not <c>Max</c>, whose NaN and −0 rules differ, so the bits are the scalar form's. <paramref name="slope"/> is
    /// LeakyReLU's literal slope.
    /// </summary>
    public static string? VectorValue(ActivationKind activation, string z, double slope, NumberFormat n) => activation switch
    {
        ActivationKind.ReLU => $"{n.Vector}.ConditionalSelect({n.Vector}.GreaterThan({z}, {n.VectorOf(0)}), {z}, {n.VectorOf(0)})",
        ActivationKind.LeakyReLU => $"{n.Vector}.ConditionalSelect({n.Vector}.GreaterThan({z}, {n.VectorOf(0)}), {z}, {n.VectorOf(slope)} * {z})",
        _ => null,
    };

    /// <summary><see cref="Derivative"/> lane by lane, for the activations <see cref="VectorValue"/> covers.</summary>
    public static string? VectorDerivative(ActivationKind activation, string z, double slope, NumberFormat n) => activation switch
    {
        ActivationKind.ReLU => $"{n.Vector}.ConditionalSelect({n.Vector}.GreaterThan({z}, {n.VectorOf(0)}), {n.VectorOf(1)}, {n.VectorOf(0)})",
        ActivationKind.LeakyReLU => $"{n.Vector}.ConditionalSelect({n.Vector}.GreaterThan({z}, {n.VectorOf(0)}), {n.VectorOf(1)}, {n.VectorOf(slope)})",
        _ => null,
    };

    /// <summary>∂a/∂slope of PReLU: <c>0</c> for positive z, <c>z</c> otherwise.</summary>
    public static string SlopeDerivative(string z, NumberFormat n) => $"({z} > {n.Literal(0)} ? {n.Literal(0)} : {z})";

    /// <summary>Activations whose range includes negative numbers (hinge and square loss need them).</summary>
    public static bool CanBeNegative(ActivationKind activation) =>
        activation is ActivationKind.Linear or ActivationKind.Tanh or ActivationKind.LeakyReLU
            or ActivationKind.PReLU or ActivationKind.Sign;

    // ---------------------------------------------------------------- losses: C(a, y), ∂C/∂a

    /// <summary>The per-output term of the loss; the loss is their sum times <see cref="LossScale"/>.</summary>
    public static string LossTerm(LossKind loss, string a, string y, NumberFormat n) => loss switch
    {
        LossKind.HalfSquaredError => $"{n.Literal(0.5)} * ({a} - {y}) * ({a} - {y})",
        LossKind.MeanSquaredError => $"({a} - {y}) * ({a} - {y})",
        LossKind.CrossEntropy => $"-{y} * {n.Math}.Log({n.Math}.Max({a}, {n.LogFloor}))",
        LossKind.BinaryCrossEntropy =>
            $"-({y} * {n.Math}.Log({n.Math}.Max({a}, {n.LogFloor})) + ({n.Literal(1)} - {y}) * {n.Math}.Log({n.Math}.Max({n.Literal(1)} - {a}, {n.LogFloor})))",
        LossKind.Hinge => $"{n.Math}.Max({n.Literal(0)}, {n.Literal(1)} - {y} * {a})",
        LossKind.SquareLoss => $"({n.Literal(1)} - {y} * {a}) * ({n.Literal(1)} - {y} * {a})",
        _ => throw new System.ArgumentOutOfRangeException(nameof(loss)),
    };

    /// <summary>The factor applied to the summed terms (MSE averages over the outputs), or null for none.</summary>
    public static string? LossScale(LossKind loss, int outputs, NumberFormat n) =>
        loss == LossKind.MeanSquaredError && outputs > 1 ? n.Literal(1.0 / outputs) : null;

    /// <summary>∂C/∂a for one output.</summary>
    public static string LossGradient(LossKind loss, string a, string y, int outputs, NumberFormat n) => loss switch
    {
        LossKind.HalfSquaredError => $"({a} - {y})",
        LossKind.MeanSquaredError => $"{n.Literal(2.0 / outputs)} * ({a} - {y})",
        LossKind.CrossEntropy => $"(-{y} / {n.Math}.Max({a}, {n.LogFloor}))",
        LossKind.BinaryCrossEntropy =>
            $"(({a} - {y}) / {n.Math}.Max({a} * ({n.Literal(1)} - {a}), {n.LogFloor}))",
        LossKind.Hinge => $"({y} * {a} < {n.Literal(1)} ? -{y} : {n.Literal(0)})",
        LossKind.SquareLoss => $"({n.Literal(-2)} * {y} * ({n.Literal(1)} - {y} * {a}))",
        _ => throw new System.ArgumentOutOfRangeException(nameof(loss)),
    };

    /// <summary>
    /// Whether the loss and output activation combine into <c>∂C/∂z = a - y</c> (logistic loss with sigmoid) or
    /// <c>a Σy - y</c> (cross entropy with softmax; <c>a - y</c> when the targets sum to one): exact, cheaper, and
    /// free of the divisions of the separate chain.
    /// </summary>
    public static bool IsFused(LossKind loss, ActivationKind output) =>
        (loss == LossKind.CrossEntropy && output == ActivationKind.Softmax) ||
        (loss == LossKind.BinaryCrossEntropy && output == ActivationKind.Sigmoid);

    /// <summary>What a target must look like for the loss, for the runtime check; null when anything finite goes.</summary>
    public static TargetDomain TargetDomainOf(LossKind loss) => loss switch
    {
        LossKind.CrossEntropy or LossKind.BinaryCrossEntropy => TargetDomain.UnitInterval,
        LossKind.Hinge or LossKind.SquareLoss => TargetDomain.PlusMinusOne,
        _ => TargetDomain.AnyFinite,
    };
}

internal enum TargetDomain { AnyFinite, UnitInterval, PlusMinusOne }
