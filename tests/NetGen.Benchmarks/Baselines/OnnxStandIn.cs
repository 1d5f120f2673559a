using System.Text;

namespace NetGen.Benchmarks.Baselines;

/// <summary>
/// TEMPORARY stand-in for NetGen's ONNX export (issue 13 item 5 asks for ONNX Runtime on the same exported weights;
/// the export is being written on another branch). Writes the protobuf of a ReLU/softmax MLP in NetGen's parameter
/// layout by hand: per layer <c>Gemm(X, W[fanIn×size], b)</c> (W input-major, so no transpose), <c>Relu</c> between
/// layers and <c>Softmax(axis=1)</c> at the end; input "input" and output "output" of shape [batch, n].
/// Remove it once <c>SaveOnnx</c> exists and the benchmark uses that.
/// </summary>
internal static class OnnxStandIn
{
    public static byte[] Mlp(int[] sizes, ReadOnlySpan<float> parameters)
    {
        var graph = new Proto();
        int offset = 0;
        string x = "input";
        for (int l = 1; l < sizes.Length; l++)
        {
            int fanIn = sizes[l - 1], size = sizes[l];
            string w = $"W{l}", b = $"b{l}", z = $"z{l}", a = l == sizes.Length - 1 ? "output" : $"a{l}";
            graph.Message(5, Tensor(w, [fanIn, size], parameters.Slice(offset, fanIn * size)));
            offset += fanIn * size;
            graph.Message(5, Tensor(b, [size], parameters.Slice(offset, size)));
            offset += size;
            graph.Message(1, Node("Gemm", [x, w, b], z));
            if (l < sizes.Length - 1) graph.Message(1, Node("Relu", [z], a));
            else graph.Message(1, Node("Softmax", [z], a, new Proto().String(1, "axis").Varint(3, 1).Varint(20, 2)));
            x = a;
        }
        graph.String(2, "netgen_mlp");
        graph.Message(11, ValueInfo("input", sizes[0]));
        graph.Message(12, ValueInfo("output", sizes[^1]));
        return new Proto()
            .Varint(1, 8) // ir_version 8
            .String(2, "NetGen.Benchmarks stand-in")
            .Message(7, graph)
            .Message(8, new Proto().String(1, "").Varint(2, 13)) // opset 13
            .ToArray();
    }

    private static Proto Tensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var t = new Proto();
        foreach (long d in dims) t.Varint(1, (ulong)d);
        t.Varint(2, 1); // FLOAT
        t.String(8, name);
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 4), values[i]); // little-endian x64
        return t.Bytes(9, raw);
    }

    private static Proto Node(string op, string[] inputs, string output, Proto? attribute = null)
    {
        var n = new Proto();
        foreach (string i in inputs) n.String(1, i);
        n.String(2, output).String(3, op + "_" + output).String(4, op);
        if (attribute is not null) n.Message(5, attribute);
        return n;
    }

    private static Proto ValueInfo(string name, int width)
    {
        var shape = new Proto()
            .Message(1, new Proto().String(2, "batch"))
            .Message(1, new Proto().Varint(1, (ulong)width));
        var tensorType = new Proto().Varint(1, 1).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    /// <summary>The few protobuf wire forms an ONNX model needs: varints and length-delimited fields.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public Proto Varint(int field, ulong value)
        {
            Raw((ulong)(field << 3));
            Raw(value);
            return this;
        }

        public Proto Bytes(int field, byte[] value)
        {
            Raw((ulong)(field << 3 | 2));
            Raw((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto value) => Bytes(field, value.ToArray());

        public byte[] ToArray() => _bytes.ToArray();

        private void Raw(ulong value)
        {
            for (; value >= 0x80; value >>= 7) _bytes.WriteByte((byte)(value | 0x80));
            _bytes.WriteByte((byte)value);
        }
    }
}
