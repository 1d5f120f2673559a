using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>The parameter layout of a network, for the parsers that read weights files; a view of <see cref="NetworkPlan"/>.</summary>
internal sealed class NetworkLayout
{
    public NetworkLayout(NetworkSpec spec) => Plan = NetworkPlan.For(spec);

    public NetworkPlan Plan { get; }

    public int ParameterCount => Plan.ParameterCount;

    public EquatableArray<LayerPlan> Layers => Plan.Layers;
}
