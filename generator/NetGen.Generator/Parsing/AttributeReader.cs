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

    private readonly Compilation _compilation;

    public AttributeReader(INamedTypeSymbol type, Compilation compilation,
        Action<DiagnosticDescriptor, LocationInfo?, object[]> report, CancellationToken cancellationToken)
    {
        _type = type;
        _compilation = compilation;
        _report = report;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Where the last [Dense] stands: the output layer, where loss mismatches are reported.</summary>
    public LocationInfo? LastDenseLocation { get; private set; }

    /// <summary>Where each [Dense] stands, input side first: where a baked ONNX model's layer problems are reported.</summary>
    public IReadOnlyList<LocationInfo?> DenseLocations { get; private set; } = Array.Empty<LocationInfo?>();

    public NetworkSettings? ReadNetwork(AttributeData attribute)
    {
        var location = LocationOf(attribute);
        // Every check runs even after a failed one, so one build shows every problem of the declaration.
        bool readable = TryReadInt(attribute, 0, "Network", location, out int lossValue);
        bool ok = readable && CheckEnum<LossKind>(attribute, lossValue, "The loss", "Loss", location, position: 0);

        int precision = Named(attribute, "Precision", 0);
        ok &= CheckEnum(attribute, precision, PrecisionNames, "Precision", "Precision", location, named: "Precision");
        // The rate is emitted as a constant of the network's type: a float network needs a rate a float can hold.
        double learningRate = Named(attribute, "LearningRate", 0.01);
        double asEmitted = precision == 1 ? learningRate : (float)learningRate;
        // Normal, as the runtime's Guard.LearningRate requires: a subnormal rate loses the step's precision.
        double smallestNormal = precision == 1 ? 2.2250738585072014E-308 : 1.1754943508222875E-38;
        if (double.IsNaN(asEmitted) || double.IsInfinity(asEmitted) || asEmitted < smallestNormal)
        {
            Report(Diagnostics.InvalidHyperparameter, location, "LearningRate", Format(learningRate),
                precision == 1 || double.IsNaN(learningRate) || double.IsInfinity(learningRate) || learningRate <= 0
                    ? "a positive, finite number of at least 2.2250738585072014E-308 (the smallest normal double)"
                    : "a positive number a float holds at full precision (about 1.18E-38 to 3.4E+38), or use Precision.Double");
            ok = false;
        }
        int initializer = Named(attribute, "Initializer", 0);
        ok &= CheckEnum<InitializerKind>(attribute, initializer, "Initializer", "Initializer", location, named: "Initializer");
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
            var sizeArgument = denseAttributes[index].ConstructorArguments;
            if (sizeArgument.Length > 0 && sizeArgument[0].Value is int size && size > 0) fanIn = size;
            if (layer is null) { allValid = false; continue; }
            layers.Add(layer);
        }
        DenseLocations = denseAttributes.Select(LocationOf).ToList();
        LastDenseLocation = DenseLocations[DenseLocations.Count - 1];
        return allValid ? layers : new List<LayerSpec>();
    }

    private LayerSpec? ReadDense(AttributeData attribute, int number, bool isLast, int fanIn, bool isDouble)
    {
        var location = LocationOf(attribute);
        // Every check runs even after a failed one, so one build shows every problem of the layer.
        bool sizeRead = TryReadInt(attribute, 0, "Dense", location, out int size);
        bool activationRead = TryReadInt(attribute, 1, "Dense", location, out int activationValue);
        bool ok = sizeRead && CheckSize(size, $"Layer {number}", location);
        ok &= activationRead && CheckEnum<ActivationKind>(attribute, activationValue, $"Layer {number}'s activation", "Activation", location, position: 1);
        int shapeValue = Named(attribute, "Shape", 0);
        bool shapeOk = CheckEnum<ShapeKind>(attribute, shapeValue, $"Layer {number}'s Shape", "CodeShape", location, named: "Shape");
        ok &= shapeOk;

        var activation = activationRead ? (ActivationKind)activationValue : ActivationKind.Linear;
        bool activationKnown = activationRead && activationValue >= 0 && activationValue <= (int)ActivationKind.Softmax;
        bool slopeSet = attribute.NamedArguments.Any(a => a.Key == "Slope");
        double slope = Named(attribute, "Slope", 0.01);
        if (activationKnown && slopeSet && activation is not (ActivationKind.LeakyReLU or ActivationKind.PReLU))
        {
            Report(Diagnostics.SlopeWithoutSlopeActivation, location, number, activation);
            ok = false;
        }
        double slopeAsEmitted = isDouble ? slope : (float)slope;
        if (double.IsNaN(slopeAsEmitted) || double.IsInfinity(slopeAsEmitted))
        {
            Report(Diagnostics.InvalidSlope, location, number, Format(slope), isDouble ? "double" : "float");
            ok = false;
        }
        if (activationKnown && activation == ActivationKind.Softmax && !isLast)
        {
            Report(Diagnostics.SoftmaxNotLast, location, number);
            ok = false;
        }
        // A one-neuron softmax outputs exp(z)/exp(z) = 1 whatever the input: nothing to learn, whatever the loss.
        if (activationKnown && sizeRead && activation == ActivationKind.Softmax && isLast && size == 1)
        {
            Report(Diagnostics.SoftmaxSingleOutput, location, number);
            ok = false;
        }
        if (activationKnown && activation is ActivationKind.Step or ActivationKind.Sign)
            Report(Diagnostics.NotTrainable, location, number, activation,
                activation == ActivationKind.Step ? "Sigmoid" : "Tanh");

        long multiplyAdds = (long)fanIn * size;
        var shape = (ShapeKind)shapeValue;
        if (shapeOk && sizeRead && shape == ShapeKind.Unrolled && multiplyAdds > NetworkParser.UnrollLimit)
        {
            Report(Diagnostics.UnrollTooLarge, location, number, multiplyAdds, NetworkParser.UnrollLimit);
            ok = false;
        }
        else if (shapeOk && sizeRead && shape == ShapeKind.Unrolled && multiplyAdds > NetworkParser.UnrollBudget)
            Report(Diagnostics.UnrollBeyondBudget, location, number, multiplyAdds, NetworkParser.UnrollBudget);
        if (!ok) return null;
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

    private static readonly string[] PrecisionNames = { "Single", "Double" };

    private bool CheckEnum<TEnum>(AttributeData attribute, int value, string what, string enumName, LocationInfo? location,
        int? position = null, string? named = null) where TEnum : struct, Enum =>
        CheckEnum(attribute, value, Enum.GetNames(typeof(TEnum)), what, enumName, location, position, named);

    /// <summary>
    /// The value must be defined (NG0011), and written as one named member (NG0033): an OR of members or a cast
    /// integer that happens to equal a defined value would silently mean another member.
    /// </summary>
    private bool CheckEnum(AttributeData attribute, int value, string[] memberNames, string what, string enumName,
        LocationInfo? location, int? position = null, string? named = null)
    {
        if (value < 0 || value >= memberNames.Length)
        {
            Report(Diagnostics.UndefinedEnumValue, location, what, value, enumName);
            return false;
        }
        var argument = EnumArguments.Find(attribute, position, named, _cancellationToken);
        if (argument is null || EnumArguments.IsSingleMember(argument, _compilation, _cancellationToken)) return true;
        Report(Diagnostics.EnumArgumentNotAMember, location, what, argument.ToString(), enumName, memberNames[value]);
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
