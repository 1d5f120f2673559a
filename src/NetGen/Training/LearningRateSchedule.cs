namespace NetGen;

/// <summary>How the learning rate changes over epochs.</summary>
public enum ScheduleKind
{
    /// <summary>The base rate for every epoch.</summary>
    Constant = 0,
    /// <summary>The base rate multiplied by <see cref="LearningRateSchedule.Gamma"/> every <see cref="LearningRateSchedule.StepSize"/> epochs.</summary>
    StepDecay = 1,
}

/// <summary>A learning-rate schedule: constant, or step decay <c>α_e = α · γ^⌊(e − 1) / k⌋</c> for 1-based epoch e.</summary>
public sealed record LearningRateSchedule
{
    private LearningRateSchedule(ScheduleKind kind, int stepSize, double gamma)
    {
        Kind = kind;
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>The base learning rate for every epoch.</summary>
    public static LearningRateSchedule Constant { get; } = new(ScheduleKind.Constant, 1, 1.0);

    /// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">stepSize &lt; 1 or gamma not in (0, 1].</exception>
    public static LearningRateSchedule StepDecay(int stepSize, double gamma)
    {
        if (stepSize < 1)
            throw NumberFormat.OutOfRange(nameof(stepSize), stepSize, "The step size must be at least 1 epoch.");
        if (!(gamma > 0 && gamma <= 1))
            throw NumberFormat.OutOfRange(nameof(gamma), gamma, "Gamma must be in (0, 1].");
        return new LearningRateSchedule(ScheduleKind.StepDecay, stepSize, gamma);
    }

    /// <summary>The kind of schedule.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>Epochs between decays (step decay).</summary>
    public int StepSize { get; }

    /// <summary>Decay factor γ (step decay); 1 for constant.</summary>
    public double Gamma { get; }

    private bool PrintMembers(System.Text.StringBuilder builder) =>
        RecordText.Print(builder, (nameof(Kind), Kind), (nameof(StepSize), StepSize), (nameof(Gamma), Gamma));

    /// <summary>The learning rate of 1-based <paramref name="epoch"/> for base rate <paramref name="baseRate"/>.</summary>
    public double RateAt(double baseRate, int epoch)
    {
        if (Kind == ScheduleKind.Constant) return baseRate;
        int decays = Math.Max(0, epoch - 1) / StepSize;
        // Exponentiation by squaring: only exactly rounded products, so the same bits everywhere (unlike Math.Pow).
        double factor = 1.0, power = Gamma;
        for (int n = decays; n > 0; n >>= 1)
        {
            if ((n & 1) != 0) factor *= power;
            power *= power;
        }
        return baseRate * factor;
    }
}
