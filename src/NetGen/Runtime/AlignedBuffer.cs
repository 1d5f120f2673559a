using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// A pinned buffer whose element 0 sits at a chosen element offset within a 64-byte cache line. Threads that write
/// neighbouring blocks of a row (the neuron split) then share no line when the blocks start on line boundaries.
/// </summary>
internal readonly unsafe struct AlignedBuffer<T> where T : unmanaged
{
    private static readonly int Line = 64 / Unsafe.SizeOf<T>();

    private readonly T[] _array;
    private readonly int _offset, _length;

    /// <param name="length">Elements.</param>
    /// <param name="lineOffset">Where element 0 sits within its line, in elements (0: at the start of a line).</param>
    public AlignedBuffer(int length, int lineOffset = 0)
    {
        _array = GC.AllocateArray<T>(length + Line, pinned: true); // pinned: the address, hence the offset, never changes
        int at = (int)(((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array)) & 63) / Unsafe.SizeOf<T>());
        _offset = ((lineOffset - at) % Line + Line) % Line;
        _length = length;
    }

    public Span<T> Span => _array.AsSpan(_offset, _length);

    /// <summary>The array behind <see cref="Span"/> and where element 0 is in it (for APIs that take an array and a start).</summary>
    public T[] Array => _array;

    /// <inheritdoc cref="Array"/>
    public int Offset => _offset;
}
