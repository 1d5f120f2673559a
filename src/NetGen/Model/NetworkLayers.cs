using System.Collections;
using System.Numerics;

namespace NetGen;

/// <summary>
/// A network's dense layers as views into its parameters (<c>net.Layers</c>), input side first and 0-based:
/// <c>net.Layers[0]</c> is the layer fed by the input (the generated code's layer 1), <c>net.Layers[^1]</c> the
/// output layer. Creating it allocates nothing; it stays valid for the network's lifetime.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public readonly struct NetworkLayers<T> : IReadOnlyList<DenseLayer<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AlignedBuffer<T> _parameters;
    private readonly NetworkArchitecture _architecture;

    internal NetworkLayers(AlignedBuffer<T> parameters, NetworkArchitecture architecture)
    {
        _parameters = parameters;
        _architecture = architecture;
    }

    /// <summary>Number of dense layers (the generated <c>LayerCount</c>).</summary>
    public int Count => _architecture.Layers.Count;

    /// <summary>The 0-based <paramref name="index"/>th dense layer, input side first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public DenseLayer<T> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw NumberFormat.OutOfRange(nameof(index), index,
                    Invariant($"The network has {Count} dense layers: the index must be in [0, {Count}) (0 is the layer fed by the input)."));
            return new DenseLayer<T>(_parameters, _architecture, index);
        }
    }

    /// <summary>Enumerates the layers, input side first.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<DenseLayer<T>> IEnumerable<DenseLayer<T>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates <see cref="NetworkLayers{T}"/> without allocating.</summary>
    public struct Enumerator : IEnumerator<DenseLayer<T>>
    {
        private readonly NetworkLayers<T> _layers;
        private int _index;

        internal Enumerator(NetworkLayers<T> layers)
        {
            _layers = layers;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly DenseLayer<T> Current => _layers[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _layers.Count;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose() { }
    }
}
