using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

internal readonly record struct NetworkSettings(
    LossKind Loss, bool IsDouble, double LearningRate, InitializerKind Initializer, int Seed, string? BakedWeightsPath);

/// <summary>Reads NetGen's attributes off a type, reporting every argument a user can get wrong.</summary>
internal sealed class AttributeReader
{
    private readonly INamedTypeSymbol _type;
    private readonly Action<DiagnosticDescriptor, LocationInfo?, object[]> _report;
    private readonly CancellationToken _cancellationToken;

    public AttributeReader(INamedTypeSymbol type, Action<DiagnosticDescriptor, LocationInfo?, object[]> report,
        CancellationToken cancellationToken)
    {
        _type = type;
        _report = report;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Where the last [Dense] stands: the output layer, where loss mismatches are reported.</summary>
    public LocationInfo? LastDenseLocation { get; private set; }

    public NetworkSettings? ReadNetwork(AttributeData attribute)
    {
        var location = LocationOf(attribute);
        if (!TryReadInt(attribute, 0, "Network", location, out int lossValue)) return null;
        bool ok = CheckEnum<LossKind>(lossValue, "The loss", "Loss", location);

        int precision = Named(attribute, "Precision", 0);
        bool precisionOk = CheckEnum(precision, 2, "Precision", "Precision", location);
        // The rate is emitted as a constant of the network's type: a float network needs a rate a float can hold.
        double learningRate = Named(attribute, "LearningRate", 0.01);
        double asEmitted = precision == 1 ? learningRate : (float)learningRate;
        if (double.IsNaN(asEmitted) || double.IsInfinity(asEmitted) || asEmitted <= 0)
        {
            Report(Diagnostics.InvalidHyperparameter, location, "LearningRate", Format(learningRate),
                precision == 1 || double.IsNaN(learningRate) || double.IsInfinity(learningRate) || learningRate <= 0
                    ? "a positive, finite number"
                    : "a positive number a float can hold (about 1.4E-45 to 3.4E+38), or use Precision.Double");
            ok = false;
        }
        int initializer = Named(attribute, "Initializer", 0);
        ok &= CheckEnum<InitializerKind>(initializer, "Initializer", "Initializer", location);
        ok &= precisionOk;
        int seed = Named(attribute, "Seed", 42);
        string? baked = Named<string?>(attribute, "BakedWeights", null);

        return ok
            ? new NetworkSettings((LossKind)lossValue, precision == 1, learningRate, (InitializerKind)initializer, seed, baked)
            : null;
    }

    public int? ReadInput()
    {
        var inputs = AttributesNamed(NetworkParser.InputAttributeName).ToList();
        if (inputs.Count == 0)
        {
            Report(Diagnostics.MissingInput, null, _type.Name);
            return null;
        }
        if (inputs.Count > 1)
        {
            Report(Diagnostics.DuplicateInput, LocationOf(inputs[1]), _type.Name);
            return null;
        }
        var location = LocationOf(inputs[0]);
        if (!TryReadInt(inputs[0], 0, "Input", location, out int size)) return null;
        return CheckSize(size, "The input", location) ? size : null;
    }

    public List<LayerSpec> ReadLayers(int inputSize, bool isDouble = true)
    {
        var layers = new List<LayerSpec>();
        var denseAttributes = AttributesNamed(NetworkParser.DenseAttributeName).ToList();
        if (denseAttributes.Count == 0)
        {
            Report(Diagnostics.NoLayers, null, _type.Name);
            return layers;
        }

        bool allValid = true;
        int fanIn = inputSize;
        for (int index = 0; index < denseAttributes.Count; index++)
        {
            var layer = ReadDense(denseAttributes[index], index + 1, index == denseAttributes.Count - 1, fanIn, isDouble);
            if (layer is null) { allValid = false; continue; }
            layers.Add(layer);
            fanIn = layer.Size;
        }
        LastDenseLocation = LocationOf(denseAttributes[denseAttributes.Count - 1]);
        return allValid ? layers : new List<LayerSpec>();
    }

    private LayerSpec? ReadDense(AttributeData attribute, int number, bool isLast, int fanIn, bool isDouble)
    {
        var location = LocationOf(attribute);
        if (!TryReadInt(attribute, 0, "Dense", location, out int size) ||
            !TryReadInt(attribute, 1, "Dense", location, out int activationValue))
            return null;

        bool ok = CheckSize(size, $"Layer {number}", location);
        ok &= CheckEnum<ActivationKind>(activationValue, $"Layer {number}'s activation", "Activation", location);
        int shapeValue = Named(attribute, "Shape", 0);
        ok &= CheckEnum<ShapeKind>(shapeValue, $"Layer {number}'s Shape", "CodeShape", location);
        if (!ok) return null;

        var activation = (ActivationKind)activationValue;
        bool slopeSet = attribute.NamedArguments.Any(a => a.Key == "Slope");
        double slope = Named(attribute, "Slope", 0.01);
        if (slopeSet && activation is not (ActivationKind.LeakyReLU or ActivationKind.PReLU))
        {
            Report(Diagnostics.SlopeWithoutSlopeActivation, location, number, activation);
            return null;
        }
        double slopeAsEmitted = isDouble ? slope : (float)slope;
        if (double.IsNaN(slopeAsEmitted) || double.IsInfinity(slopeAsEmitted))
        {
            Report(Diagnostics.InvalidSlope, location, number, Format(slope), isDouble ? "double" : "float");
            return null;
        }
        if (activation == ActivationKind.Softmax && !isLast)
        {
            Report(Diagnostics.SoftmaxNotLast, location, number);
            return null;
        }
        if (activation is ActivationKind.Step or ActivationKind.Sign)
            Report(Diagnostics.NotTrainable, location, number, activation,
                activation == ActivationKind.Step ? "Sigmoid" : "Tanh");

        long multiplyAdds = (long)fanIn * size;
        var shape = (ShapeKind)shapeValue;
        if (shape == ShapeKind.Unrolled && multiplyAdds > NetworkParser.UnrollBudget)
            Report(Diagnostics.UnrollBeyondBudget, location, number, multiplyAdds, NetworkParser.UnrollBudget);
        if (shape == ShapeKind.Auto)
            shape = multiplyAdds <= NetworkParser.UnrollBudget ? ShapeKind.Unrolled : ShapeKind.Vectorized;

        return new LayerSpec(size, activation, Named(attribute, "Bias", true), slope, shape);
    }

    private IEnumerable<AttributeData> AttributesNamed(string metadataName) =>
        _type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == metadataName);

    private bool TryReadInt(AttributeData attribute, int index, string attributeName, LocationInfo? location, out int value)
    {
        value = 0;
        if (attribute.ConstructorArguments.Length > index &&
            attribute.ConstructorArguments[index].Kind != TypedConstantKind.Error &&
            attribute.ConstructorArguments[index].Value is int read)
        {
            value = read;
            return true;
        }
        Report(Diagnostics.UnreadableAttribute, location, attributeName, _type.Name);
        return false;
    }

    private bool CheckSize(int size, string what, LocationInfo? location)
    {
        if (size <= 0)
        {
            Report(Diagnostics.NonPositiveSize, location, what, size);
            return false;
        }
        if (size > NetworkParser.MaxLayerSize)
        {
            Report(Diagnostics.SizeTooLarge, location, $"{what} has size {size}", NetworkParser.MaxLayerSize, NetworkParser.MaxParameters);
            return false;
        }
        return true;
    }

    private bool CheckEnum<TEnum>(int value, string what, string enumName, LocationInfo? location) where TEnum : struct, Enum =>
        CheckEnum(value, Enum.GetValues(typeof(TEnum)).Length, what, enumName, location);

    private bool CheckEnum(int value, int count, string what, string enumName, LocationInfo? location)
    {
        if (value >= 0 && value < count) return true;
        Report(Diagnostics.UndefinedEnumValue, location, what, value, enumName);
        return false;
    }

    private static T Named<T>(AttributeData attribute, string name, T fallback)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Kind != TypedConstantKind.Error && argument.Value.Value is T value)
                return value;
        }
        return fallback;
    }

    private LocationInfo? LocationOf(AttributeData attribute) =>
        LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation());

    private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] args) =>
        _report(descriptor, location, args);

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
