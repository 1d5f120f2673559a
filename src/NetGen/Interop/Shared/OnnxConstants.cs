// The constant tensors of a model (initializers, Constant nodes, Identity of either) read into doubles. Shared source
// (see OnnxDescription.cs): no spans, no runtime types; every problem is a value, never an exception.
using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.Interop.Onnx;

namespace NetGen.Interop.Shared;

/// <summary>A constant tensor of a model, or why it cannot be read.</summary>
internal sealed class OnnxConstant
{
    // Far beyond any dense layer NetGen compiles; keeps a corrupted dims field from asking for gigabytes.
    private const long MaxElements = 1L << 26;

    private OnnxConstant(string name, long[] dims, double[] values, OnnxElementType? elementType, OnnxProblemKind? problem, string? error)
    {
        Name = name;
        Dims = dims;
        Values = values;
        ElementType = elementType;
        Problem = problem;
        Error = error;
    }

    public string Name { get; }
    public long[] Dims { get; }

    /// <summary>The elements in row-major order (empty when <see cref="Error"/> is set).</summary>
    public double[] Values { get; }

    /// <summary>float or double; null for a tensor of another type (then <see cref="Error"/> says which).</summary>
    public OnnxElementType? ElementType { get; }

    public OnnxProblemKind? Problem { get; }

    /// <summary>Why the tensor cannot be used (starts with the tensor's name), or null.</summary>
    public string? Error { get; }

    /// <summary>Whether every element equals <paramref name="value"/> (and there is at least one).</summary>
    public bool IsAll(double value)
    {
        if (Error is not null || Values.Length == 0) return false;
        foreach (double v in Values)
        {
            if (v != value) return false;
        }
        return true;
    }

    public static OnnxConstant Scalar(string name, float value) =>
        new(name, Array.Empty<long>(), new double[] { value }, OnnxElementType.Float, null, null);

    public static OnnxConstant Floats(string name, IList<float> values)
    {
        var doubles = new double[values.Count];
        for (int i = 0; i < doubles.Length; i++) doubles[i] = values[i];
        return new(name, new long[] { doubles.Length }, doubles, OnnxElementType.Float, null, null);
    }

    public static OnnxConstant Unreadable(string name, OnnxProblemKind kind, string error) =>
        new(name, Array.Empty<long>(), Array.Empty<double>(), null, kind, error);

    /// <summary>Reads a tensor stored in the model (raw little-endian bytes or the typed repeated field).</summary>
    public static OnnxConstant FromTensor(string name, TensorProto tensor)
    {
        string quoted = "tensor '" + name + "'";
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            return Unreadable(name, OnnxProblemKind.UnsupportedOperator, quoted + " is stored in an external file; NetGen reads tensors stored in the model");
        var dims = new long[tensor.Dims.Count];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = tensor.Dims[i];
            if (dims[i] < 0 || dims[i] > MaxElements || (count *= dims[i]) > MaxElements)
                return Unreadable(name, OnnxProblemKind.Malformed, quoted + " has an invalid shape " + OnnxText.Shape(tensor.Dims));
        }
        OnnxElementType type;
        if (tensor.DataType == (int)TensorProto.Types.DataType.Float) type = OnnxElementType.Float;
        else if (tensor.DataType == (int)TensorProto.Types.DataType.Double) type = OnnxElementType.Double;
        else return Unreadable(name, OnnxProblemKind.ElementType, quoted + " holds " + OnnxText.DataType(tensor.DataType) + "; NetGen reads float32 or float64");

        var values = new double[count];
        byte[] raw = tensor.RawData.ToByteArray();
        int width = type == OnnxElementType.Float ? 4 : 8;
        if (raw.Length > 0)
        {
            if (raw.Length != count * width)
                return Unreadable(name, OnnxProblemKind.Malformed, quoted + " holds " + raw.Length.ToString(CultureInfo.InvariantCulture) + " bytes for " + OnnxText.Shape(tensor.Dims) + " " + OnnxText.ElementType(type) + " values");
            if (!BitConverter.IsLittleEndian)
            {
                for (int i = 0; i < raw.Length; i += width) Array.Reverse(raw, i, width);
            }
            for (int i = 0; i < values.Length; i++)
                values[i] = type == OnnxElementType.Float ? BitConverter.ToSingle(raw, i * 4) : BitConverter.ToDouble(raw, i * 8);
        }
        else
        {
            int stored = type == OnnxElementType.Float ? tensor.FloatData.Count : tensor.DoubleData.Count;
            if (stored != count)
                return Unreadable(name, OnnxProblemKind.Malformed, quoted + " holds " + stored.ToString(CultureInfo.InvariantCulture) + " values for the shape " + OnnxText.Shape(tensor.Dims));
            for (int i = 0; i < values.Length; i++)
                values[i] = type == OnnxElementType.Float ? tensor.FloatData[i] : tensor.DoubleData[i];
        }
        return new(name, dims, values, type, null, null);
    }
}

/// <summary>How the reader names ONNX things in messages.</summary>
internal static class OnnxText
{
    private static readonly string[] DataTypeNames =
    {
        "an undefined type", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "strings", "bool", "float16",
        "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16",
    };

    public static string DataType(int dataType) =>
        dataType >= 0 && dataType < DataTypeNames.Length ? DataTypeNames[dataType] : "data type " + dataType.ToString(CultureInfo.InvariantCulture);

    public static string ElementType(OnnxElementType type) => type == OnnxElementType.Float ? "float32" : "float64";

    public static string Shape(IEnumerable<long> dims)
    {
        var parts = new List<string>();
        foreach (long d in dims) parts.Add(d.ToString(CultureInfo.InvariantCulture));
        return "[" + string.Join(", ", parts) + "]";
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A float32 attribute as written in the model (0.01, not its widened 0.009999999776482582).</summary>
    public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"Relu" or "Relu 'name'" (nodes often have no name).</summary>
    public static string Node(NodeProto node) =>
        node.Name.Length == 0 ? node.OpType : node.OpType + " '" + node.Name + "'";
}
