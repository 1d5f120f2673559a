// Places a model's parameters in NetGen's single buffer. Shared source (see OnnxDescription.cs): the runtime copies
// the result into a network, the generator bakes it in.
#if NETGEN_GENERATOR
using NetGen.Generator.Model;
#endif

namespace NetGen.Interop.Shared;

/// <summary>Places a model's parameters in NetGen's buffer (the layout of <see cref="ParameterLayout"/>).</summary>
internal static class OnnxParameters
{
    /// <summary>
    /// The parameters of <paramref name="model"/> in NetGen's order: per layer W input-major (input i to neuron j at
    /// <c>i · size + j</c>), then b, then the PReLU slopes. Call only after the matcher accepted the model.
    /// </summary>
    public static double[] ToBuffer(OnnxNetwork model)
    {
        var layouts = new ParameterLayout[model.Layers.Count];
        int end = 0;
        for (int l = 0; l < layouts.Length; l++)
        {
            var layer = model.Layers[l];
            layouts[l] = ParameterLayout.Of(end, layer.Inputs, layer.Outputs, layer.HasBias, layer.Activation == Activation.PReLU);
            end = layouts[l].End;
        }
        var buffer = new double[end];
        for (int l = 0; l < layouts.Length; l++)
        {
            var layer = model.Layers[l];
            var at = layouts[l];
            for (int j = 0; j < layer.Outputs; j++)
            {
                for (int i = 0; i < layer.Inputs; i++) buffer[at.Weights + i * layer.Outputs + j] = layer.Weights[j * layer.Inputs + i];
                if (layer.Biases is not null) buffer[at.Biases + j] = layer.Biases[j];
                if (layer.Slopes is not null && at.Slopes >= 0) buffer[at.Slopes + j] = layer.Slopes[j];
            }
        }
        return buffer;
    }
}
