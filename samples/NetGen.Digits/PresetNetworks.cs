namespace NetGen.Digits;

/// <summary>Picks the preset network (declared in Networks.cs) for the images and --preset.</summary>
internal static class PresetNetworks
{
    /// <summary>
    /// Steps 2 to 9 for the preset network that takes images of <paramref name="features"/> pixels. Throws
    /// <see cref="DigitsApp.DataLoadException"/> for data no preset fits.
    /// </summary>
    public static Func<FlowContext, int> StepsTwoToNine(int features, int classCount, Preset preset)
    {
        if (classCount != 10)
            throw new DigitsApp.DataLoadException($"the preset networks have 10 outputs, but the data has {classCount} classes.");
        return (features, preset) switch
        {
            (64, Preset.Small) => TrainingFlow.For(() => new UciSmallNet()),
            (64, Preset.Medium) => TrainingFlow.For(() => new UciMediumNet()),
            (64, Preset.Large) => TrainingFlow.For(() => new UciLargeNet()),
            (784, Preset.Small) => TrainingFlow.For(() => new MnistSmallNet()),
            (784, Preset.Medium) => TrainingFlow.For(() => new MnistMediumNet()),
            (784, Preset.Large) => TrainingFlow.For(() => new MnistLargeNet()),
            _ => throw new DigitsApp.DataLoadException(
                $"no preset network takes images of {features} pixels; the presets are declared for 8x8 (64) and 28x28 (784) images."),
        };
    }
}
