using Microsoft.CodeAnalysis;

namespace NetGen.Generator;

/// <summary>Every diagnostic NetGen reports. Messages say what to change.</summary>
internal static class Diagnostics
{
    private const string Category = "NetGen";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotPartial = Error("NG0001",
        "Network class must be partial",
        "Class '{0}' declares a network but is not partial; add the 'partial' modifier so NetGen can add the generated members");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("NG0002",
        "Containing type must be partial",
        "Network '{0}' is nested inside '{1}', which is not partial; make '{1}' partial or move the network out of it");

    public static readonly DiagnosticDescriptor Generic = Error("NG0003",
        "Network class cannot be generic",
        "Network '{0}' is generic (or nested in a generic type); declare the network on a non-generic class");

    public static readonly DiagnosticDescriptor MissingInput = Error("NG0004",
        "Missing [Input]",
        "Network '{0}' has no [Input(size)] attribute; add one that gives the number of input features");

    public static readonly DiagnosticDescriptor DuplicateInput = Error("NG0005",
        "Duplicated [Input]",
        "Network '{0}' declares [Input] more than once; keep exactly one");

    public static readonly DiagnosticDescriptor NoLayers = Error("NG0006",
        "No dense layers",
        "Network '{0}' has no [Dense(size, activation)] layers; add at least the output layer");

    public static readonly DiagnosticDescriptor NonPositiveSize = Error("NG0007",
        "Size must be positive",
        "{0} has size {1}; sizes must be at least 1");

    public static readonly DiagnosticDescriptor SizeTooLarge = Error("NG0008",
        "Network too large to emit",
        "{0}; NetGen emits fixed-size code and supports layers of up to {1} neurons and networks of up to {2} parameters");

    public static readonly DiagnosticDescriptor SoftmaxNotLast = Error("NG0009",
        "Softmax only on the output layer",
        "Layer {0} uses Softmax, which is only valid on the last (output) layer; use another activation here");

    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Error("NG0010",
        "Loss does not fit the output activation",
        "Loss {0} requires {1} on the output layer, but it uses {2}; change the loss or the output activation");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("NG0011",
        "Undefined enum value",
        "{0} has the value {1}, which is not a defined {2}; use one of the named {2} members");

    public static readonly DiagnosticDescriptor SlopeWithoutSlopeActivation = Error("NG0012",
        "Conflicting layer settings",
        "Layer {0} sets Slope but uses {1}; Slope only applies to LeakyReLU and PReLU, so remove it or change the activation");

    public static readonly DiagnosticDescriptor LayerWithoutNetwork = Error("NG0013",
        "[Input] or [Dense] without [Network]",
        "Class '{0}' has [{1}] but no [Network(loss)] attribute; add [Network(...)] to declare the network");

    public static readonly DiagnosticDescriptor InvalidHyperparameter = Error("NG0014",
        "Invalid training setting",
        "{0} is {1}; it must be {2}");

    public static readonly DiagnosticDescriptor UnrollBeyondBudget = Warning("NG0015",
        "Unrolling beyond the budget",
        "Layer {0} is forced to CodeShape.Unrolled with {1} multiply-adds, beyond the unroll budget of {2}; the JIT stops optimizing such methods, so expect slow code and a slow build (remove Shape to let NetGen vectorize it)");

    public static readonly DiagnosticDescriptor NotTrainable = Warning("NG0016",
        "Activation has no useful gradient",
        "Layer {0} uses {1}, whose derivative is zero almost everywhere, so training cannot pass gradients through it; use it for inference only, or use {2} to train");

    public static readonly DiagnosticDescriptor UnsupportedTypeKind = Error("NG0017",
        "Unsupported type for a network",
        "'{0}' is {1}; declare the network on a non-static, non-abstract partial class");

    public static readonly DiagnosticDescriptor UnreadableAttribute = Error("NG0018",
        "Attribute arguments cannot be read",
        "The [{0}] attribute on '{1}' has arguments NetGen cannot read; fix the compiler errors on it first");

    public static readonly DiagnosticDescriptor InvalidSlope = Error("NG0019",
        "Invalid slope",
        "Layer {0} has Slope {1}; the slope must be a finite number that the network's type ({2}) can hold");

    public static readonly DiagnosticDescriptor BakedFileMissing = Error("NG0020",
        "Baked weights file not found",
        "Network '{0}' bakes '{1}', but no file with that path is in the project's AdditionalFiles; add <AdditionalFiles Include=\"{1}\" /> to the project");

    public static readonly DiagnosticDescriptor BakedFileUnreadable = Error("NG0021",
        "Baked weights file does not parse",
        "The weights file '{0}' for '{1}' cannot be read: {2}; save it again with SaveText");

    public static readonly DiagnosticDescriptor BakedFileMismatch = Error("NG0022",
        "Baked weights are for another architecture",
        "The weights file '{0}' does not fit '{1}': {2}; retrain and save this network, or change the declaration to match the file");

    public static readonly DiagnosticDescriptor BakedFileNotFinite = Error("NG0023",
        "Baked weights are not finite",
        "The weights file '{0}' for '{1}' holds a non-finite value ({2}); only finite weights can be baked, so retrain with a lower learning rate");

    public static readonly DiagnosticDescriptor BakedTooLarge = Error("NG0024",
        "Network too large to bake",
        "Network '{0}' has {1} parameters, more than the {2} NetGen bakes into code; load the weights at run time with LoadText or Load instead");

    public static readonly DiagnosticDescriptor NetworkOnSeveralDeclarations = Error("NG0025",
        "[Network] on several partial declarations",
        "'{0}' has [Network] on {1} partial declarations; keep [Network] on exactly one declaration of the class");

    public static readonly DiagnosticDescriptor AttributesSplitAcrossDeclarations = Error("NG0026",
        "Network attributes spread over partial declarations",
        "The attributes of network '{0}' are spread over {1} partial declarations ({2}); the layer order would depend on file order, so put [Network], [Input] and every [Dense] on one declaration");

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error("NG0027",
        "C# version too old for NetGen",
        "Network '{0}' is compiled as C# {1}, but the code NetGen generates needs C# {2} or later; set <LangVersion> to {2} or later");

    public static readonly DiagnosticDescriptor FileLocalType = Error("NG0028",
        "Network in a file-local type",
        "'{0}' is a file-local type; generated members would land on another type, so remove the 'file' modifier from '{0}'");

    public static readonly DiagnosticDescriptor MemberCollidesWithGenerated = Error("NG0029",
        "Member name taken by NetGen",
        "'{0}' declares '{1}', but NetGen generates a member named '{2}' in this class; rename '{1}'");

    public static readonly DiagnosticDescriptor ClassNameCollidesWithGenerated = Error("NG0030",
        "Network class name taken by NetGen",
        "A network class cannot be named '{0}': NetGen generates a member of that name inside it, and a member cannot have its class's name; rename the class");

    public static readonly DiagnosticDescriptor BaseClassDeclared = Error("NG0031",
        "Network class declares a base class",
        "Network '{0}' derives from '{1}', but NetGen supplies the base class of a network; remove ': {1}' (interfaces are fine) and hold the other object in a field instead");

    public static readonly DiagnosticDescriptor MemberHidesInherited = Warning("NG0032",
        "Member hides a NetGen member",
        "'{0}' declares '{1}', which hides the member '{1}' NetGen gives every network; rename it, or declare it 'new' if hiding is intended");

    public static readonly DiagnosticDescriptor EnumArgumentNotAMember = Error("NG0033",
        "Enum argument is not a single named member",
        "{0} is written '{1}', which is not a single {2} member (it evaluates to {3}); write one named member, e.g. '{2}.{3}'");

    public static readonly DiagnosticDescriptor SoftmaxSingleOutput = Error("NG0034",
        "Softmax on a single output",
        "Layer {0} uses Softmax on one neuron, whose output is always 1 and cannot learn; use Sigmoid (with Loss.BinaryCrossEntropy) or give the layer at least 2 neurons");

    public static readonly DiagnosticDescriptor UnrollTooLarge = Error("NG0035",
        "Layer too large to unroll",
        "Layer {0} is forced to CodeShape.Unrolled with {1} multiply-adds, beyond the limit of {2} NetGen unrolls (the source would be huge and take minutes to compile); remove Shape to let NetGen vectorize it");

    public static readonly DiagnosticDescriptor BakedPathInvalid = Error("NG0040",
        "Invalid BakedWeights path",
        "Network '{0}' has BakedWeights = \"{1}\", which {2}; give the path of a weights file listed in the project's AdditionalFiles, e.g. \"weights/net.txt\", or remove BakedWeights");

    public static readonly DiagnosticDescriptor BakedPathAmbiguous = Error("NG0041",
        "Ambiguous BakedWeights path",
        "Network '{0}' bakes '{1}', which matches {2} AdditionalFiles: {3}; write more of the file's path (its folders) so exactly one file matches");
    // Baked ONNX models (BakedWeights = "model.onnx"): the declaration is the source of truth, and each way the model's
    // graph differs from it has its own id, reported on the [Dense] of the layer that differs, else on [Network].

    public static readonly DiagnosticDescriptor OnnxUnreadable = Error("NG0042",
        "ONNX model cannot be read",
        "The ONNX model '{0}' for '{1}' cannot be read: {2}");

    public static readonly DiagnosticDescriptor OnnxUnsupportedOperator = Error("NG0043",
        "ONNX model uses an operator NetGen cannot bake",
        "The ONNX model '{0}' for '{1}' cannot be baked: {2}; NetGen bakes chains of Gemm or MatMul (+ Add) layers with the activations of its Activation enum");

    public static readonly DiagnosticDescriptor OnnxSizeMismatch = Error("NG0044",
        "ONNX model sizes differ from the declaration",
        "The ONNX model '{0}' does not fit '{1}': {2}; change the declaration's sizes to the model's, or export the model that was declared");

    public static readonly DiagnosticDescriptor OnnxActivationMismatch = Error("NG0045",
        "ONNX model activation differs from the declaration",
        "The ONNX model '{0}' does not fit '{1}': {2}; change the layer's Activation (or Slope) to the model's, or export the model that was declared");

    public static readonly DiagnosticDescriptor OnnxBiasMismatch = Error("NG0046",
        "ONNX model bias differs from the declaration",
        "The ONNX model '{0}' does not fit '{1}': {2}; set the layer's Bias to match the model (Bias = false for a Linear without bias)");

    public static readonly DiagnosticDescriptor OnnxPrecisionMismatch = Error("NG0047",
        "ONNX model element type differs from Precision",
        "The ONNX model '{0}' does not fit '{1}': {2}; set Precision to match the model (Precision.Double for float64 models), or export the model in the declared type");
}
