using Microsoft.ML.OnnxRuntime;

namespace NetGen.Benchmarks.Baselines;

/// <summary>
/// ONNX Runtime the way a .NET user would run a small model fast: one <see cref="InferenceSession"/> (all graph
/// optimizations, sequential execution, a chosen number of intra-op threads), input and output tensors created once
/// over pinned arrays and bound once (<see cref="OrtIoBinding"/>), then <see cref="InferenceSession.RunWithBinding(RunOptions, OrtIoBinding)"/>
/// per call. The inputs are the caller's array, bound in blocks of <c>rows</c> (no copy per call); every block writes
/// the same <see cref="Output"/>.
/// </summary>
public sealed class OrtMlp : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly RunOptions _run = new();
    private readonly List<OrtValue> _values = [];
    private readonly List<OrtIoBinding> _bindings = [];

    /// <param name="inputs">Row-major rows; the first <paramref name="blocks"/> × <paramref name="rows"/> are bound.</param>
    public OrtMlp(byte[] model, float[] inputs, int inputSize, int outputSize, int rows, int blocks, int threads)
    {
        _options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, _options);
        Output = new float[rows * outputSize];
        var output = OrtValue.CreateTensorValueFromMemory(Output, [rows, outputSize]);
        // The model's one input and one output, whatever the exporter named them.
        string inputName = _session.InputMetadata.Keys.Single(), outputName = _session.OutputMetadata.Keys.Single();
        _values.Add(output);
        for (int block = 0; block < blocks; block++)
        {
            var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                inputs.AsMemory(block * rows * inputSize, rows * inputSize), [rows, inputSize]);
            _values.Add(input);
            var binding = _session.CreateIoBinding();
            binding.BindInput(inputName, input);
            binding.BindOutput(outputName, output);
            _bindings.Add(binding);
        }
    }

    public float[] Output { get; }

    /// <summary>Runs the model on input block <paramref name="block"/>.</summary>
    public void Run(int block) => _session.RunWithBinding(_run, _bindings[block]);

    public void Dispose()
    {
        foreach (var binding in _bindings) binding.Dispose();
        foreach (var value in _values) value.Dispose();
        _run.Dispose();
        _session.Dispose();
        _options.Dispose();
    }
}
