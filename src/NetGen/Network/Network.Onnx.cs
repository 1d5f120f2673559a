using NetGen.Interop;

namespace NetGen;

public abstract partial class Network<TKernels, T>
{
    /// <summary>
    /// Atomically writes the network as a standard ONNX model (opset 13) that ONNX Runtime and other ONNX tools run:
    /// input <c>x</c> <c>[batch, n_in]</c>, output <c>y</c> <c>[batch, n_out]</c> (softmax included), one <c>Gemm</c>
    /// per layer with PyTorch's <c>[out, in]</c> weights, each activation computing exactly what <c>Predict</c> does.
    /// Double networks write float64 tensors. See README "ONNX".
    /// </summary>
    public void SaveOnnx(string path)
    {
        byte[] model = EncodeOnnx();
        AtomicFileWriter.Write(path, stream => stream.Write(model));
    }

    /// <summary>Writes the ONNX model (see <see cref="SaveOnnx(string)"/>) to <paramref name="stream"/>.</summary>
    public void SaveOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(EncodeOnnx());
    }

    /// <summary>
    /// Loads the weights, biases and PReLU slopes of an ONNX model, e.g. one exported by PyTorch from an
    /// <c>nn.Sequential</c> of <c>nn.Linear</c> and activations, after checking that the model is this network's
    /// architecture: same input size, layers, sizes, activations, biases, leaky slopes and element type.
    /// </summary>
    /// <exception cref="OnnxModelException">The file is not a readable ONNX model, or it differs from this network
    /// (every difference is listed); the parameters are left untouched.</exception>
    public void LoadOnnx(string path) => LoadOnnx(File.ReadAllBytes(path));

    /// <summary>Loads an ONNX model from <paramref name="stream"/>; see <see cref="LoadOnnx(string)"/>.</summary>
    public void LoadOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        LoadOnnx(memory.ToArray());
    }

    /// <summary>Loads an ONNX model from its bytes; see <see cref="LoadOnnx(string)"/>.</summary>
    public void LoadOnnx(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        OnnxImporter.Load<T>(model, default(TKernels).Architecture, Parameters, Name);
    }

    private byte[] EncodeOnnx() => OnnxExporter.Encode<T>(default(TKernels).Architecture, Parameters, Name);
}
