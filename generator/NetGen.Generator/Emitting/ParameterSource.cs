using System.Collections.Generic;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Where emitted code reads parameter k: the trainable buffer (<c>p[k]</c>), or, for baked inference, a literal
/// (unrolled code) and a static read-only span of literals (vectorized kernels, named <see cref="Name"/>).
/// </summary>
internal sealed class ParameterSource
{
    public static readonly ParameterSource Buffer = new("p", null);

    private readonly IReadOnlyList<double>? _values;

    private ParameterSource(string name, IReadOnlyList<double>? values)
    {
        Name = name;
        _values = values;
    }

    public static ParameterSource Literals(string spanName, IReadOnlyList<double> values) => new(spanName, values);

    public bool IsBuffer => _values is null;

    /// <summary>The span that holds all parameters: <c>p</c>, or the baked static span.</summary>
    public string Name { get; }

    public string At(int index, NumberFormat n) => _values is null ? $"p[{index}]" : n.Literal(_values[index]);

    public string Slice(string offset, int length) => $"{Name}.Slice({offset}, {length})";
}
