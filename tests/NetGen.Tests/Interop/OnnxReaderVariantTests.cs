using Google.Protobuf;
using NetGen.Interop.Onnx;
using NetGen.Interop.Shared;
using static NetGen.Tests.Interop.OnnxTestSupport;

namespace NetGen.Tests.Interop;

/// <summary>
/// Other ways exporters write the same network: the shared reader (runtime and generator) reads each to the same
/// layers and parameters as PyTorch's own file, and names what it cannot read.
/// </summary>
public sealed class OnnxReaderVariantTests
{
    [Fact]
    public void GemmWithTransBZeroReadsTheSameWeights()
    {
        SameAs("tanh_softmax_4_8_3", model =>
        {
            foreach (var gemm in model.Graph.Node.Where(n => n.OpType == "Gemm"))
            {
                gemm.Attribute.Remove(gemm.Attribute.Single(a => a.Name == "transB"));
                var w = model.Graph.Initializer.Single(t => t.Name == gemm.Input[1]);
                Transpose(w);
            }
        });
    }

    [Fact]
    public void WeightsFromConstantNodesThroughIdentityReadTheSame()
    {
        SameAs("tanh_softmax_4_8_3", model =>
        {
            var weight = model.Graph.Initializer.Single(t => t.Name == "0.weight");
            model.Graph.Initializer.Remove(weight);
            var constant = new NodeProto { OpType = "Constant" };
            constant.Output.Add("w_constant");
            constant.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = weight });
            var identity = new NodeProto { OpType = "Identity" };
            identity.Input.Add("w_constant");
            identity.Output.Add("0.weight");
            model.Graph.Node.Insert(0, identity);
            model.Graph.Node.Insert(0, constant);
        });
    }

    [Fact]
    public void SoftmaxOnTheLastAxisAndDropoutReadTheSame()
    {
        SameAs("tanh_softmax_4_8_3", model =>
        {
            model.Graph.Node.Single(n => n.OpType == "Softmax").Attribute.Single(a => a.Name == "axis").I = -1;
            var tanh = model.Graph.Node.Single(n => n.OpType == "Tanh");
            var dropout = new NodeProto { OpType = "Dropout" };
            dropout.Input.Add(tanh.Output[0]);
            dropout.Output.Add("dropped");
            model.Graph.Node.Single(n => n.Input.Contains(tanh.Output[0])).Input[0] = "dropped";
            model.Graph.Node.Insert(model.Graph.Node.IndexOf(tanh) + 1, dropout);
        });
    }

    [Fact]
    public void ClipWithAttributesAndStepWithDivReadTheSame()
    {
        SameAs("piecewise_linear_3_4_2", model =>
        {
            // Opset 10's Clip: bounds as attributes.
            var clip = model.Graph.Node.Single(n => n.OpType == "Clip");
            while (clip.Input.Count > 1) clip.Input.RemoveAt(1);
            clip.Attribute.Add(new AttributeProto { Name = "min", Type = AttributeProto.Types.AttributeType.Float, F = 0 });
            clip.Attribute.Add(new AttributeProto { Name = "max", Type = AttributeProto.Types.AttributeType.Float, F = 1 });
        });
        SameAs("step_sign_3_4_2", model =>
        {
            var mul = model.Graph.Node.Single(n => n.OpType == "Mul");
            mul.OpType = "Div";
            var two = new NodeProto { OpType = "Constant" };
            two.Output.Add("two");
            two.Attribute.Add(new AttributeProto { Name = "value_float", Type = AttributeProto.Types.AttributeType.Float, F = 2 });
            model.Graph.Node.Insert(0, two);
            mul.Input[1] = "two";
        });
    }

    [Fact]
    public void WhatItCannotReadIsNamed()
    {
        Named("layer 2: unsupported operator Softmax", "softmax over axis 0",
            Problem("tanh_softmax_4_8_3", m => m.Graph.Node.Single(n => n.OpType == "Softmax").Attribute.Single(a => a.Name == "axis").I = 0));
        Named("layer 1: unsupported operator Clip", "NetGen reads Clip only as its piecewise-linear unit",
            Problem("piecewise_linear_3_4_2", m =>
            {
                m.Graph.Initializer.Add(Scalar("two", 2));
                m.Graph.Node.Single(n => n.OpType == "Clip").Input[2] = "two"; // Clip(z + 0.5, 0, 2)
            }));
        Named("layer 2: unsupported operator Gemm", "NetGen reads Gemm with alpha = 1, beta = 1 and transA = 0 (this one has alpha 2",
            Problem("tanh_softmax_4_8_3", m => m.Graph.Node.Last(n => n.OpType == "Gemm").Attribute.Single(a => a.Name == "alpha").F = 2));
        Named("layer 1: unsupported operator Relu", "a second activation on the layer, after Tanh",
            Problem("tanh_softmax_4_8_3", m =>
            {
                var tanh = m.Graph.Node.Single(n => n.OpType == "Tanh");
                var relu = new NodeProto { OpType = "Relu" };
                relu.Input.Add(tanh.Output[0]);
                relu.Output.Add("relu_out");
                m.Graph.Node.Single(n => n.Input.Contains(tanh.Output[0])).Input[0] = "relu_out";
                m.Graph.Node.Insert(m.Graph.Node.IndexOf(tanh) + 1, relu);
            }));
        Named("unsupported operator Gemm", "from the operator set 'com.example'",
            Problem("tanh_softmax_4_8_3", m => m.Graph.Node[0].Domain = "com.example"));
        Assert.Equal("layer 1: the weights hold NaN at index 3; parameters must be finite",
            Problem("tanh_softmax_4_8_3", m =>
            {
                var w = m.Graph.Initializer.Single(t => t.Name == "0.weight");
                var raw = w.RawData.ToByteArray();
                BitConverter.GetBytes(float.NaN).CopyTo(raw, 12);
                w.RawData = ByteString.CopyFrom(raw);
            }));
    }

    /// <summary>The problem names the layer and the operator first (node names vary by exporter), then the reason.</summary>
    private static void Named(string start, string reason, string message)
    {
        Assert.StartsWith(start, message);
        Assert.Contains(reason, message);
    }

    private static void SameAs(string name, Action<ModelProto> rewrite)
    {
        byte[] original = File.ReadAllBytes(ModelPath(name));
        var model = ModelProto.Parser.ParseFrom(original);
        rewrite(model);
        var expected = OnnxModelReader.Read(original);
        var actual = OnnxModelReader.Read(model.ToByteArray());
        Assert.Empty(actual.Problems.Select(p => p.Message));
        Assert.Equal(expected.Network!.Layers.Select(l => (l.Inputs, l.Outputs, l.Activation, l.HasBias)),
            actual.Network!.Layers.Select(l => (l.Inputs, l.Outputs, l.Activation, l.HasBias)));
        Assert.Equal(OnnxParameters.ToBuffer(expected.Network), OnnxParameters.ToBuffer(actual.Network));
    }

    private static string Problem(string name, Action<ModelProto> rewrite)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ModelPath(name)));
        rewrite(model);
        var result = OnnxModelReader.Read(model.ToByteArray());
        Assert.Null(result.Network);
        return Assert.Single(result.Problems).Message;
    }

    private static TensorProto Scalar(string name, float value) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(BitConverter.GetBytes(value)) };

    /// <summary>[rows, columns] -> [columns, rows], float32 raw data.</summary>
    private static void Transpose(TensorProto w)
    {
        int rows = (int)w.Dims[0], columns = (int)w.Dims[1];
        var raw = w.RawData.ToByteArray();
        var transposed = new byte[raw.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                Array.Copy(raw, (r * columns + c) * 4, transposed, (c * rows + r) * 4, 4);
        w.RawData = ByteString.CopyFrom(transposed);
        w.Dims[0] = columns;
        w.Dims[1] = rows;
    }
}
