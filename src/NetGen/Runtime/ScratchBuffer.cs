using System.ComponentModel;

namespace NetGen;

/// <summary>
/// The one scratch policy for forward passes (generated networks, baked inference): a caller's stack buffer of at most
/// <see cref="StackLimit"/> elements when the pass needs no more, otherwise a buffer kept per thread and element type,
/// so a pass never allocates after a thread's first and never puts more than 4 or 8 KB on the stack.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScratchBuffer
{
    /// <summary>The largest stack buffer, in elements.</summary>
    public const int StackLimit = 1024;

    /// <summary><paramref name="size"/> elements: from <paramref name="stack"/> when it is large enough, else per thread.</summary>
    public static Span<T> For<T>(int size, Span<T> stack) where T : unmanaged =>
        size <= stack.Length ? stack.Slice(0, size) : PerThreadBuffer<T>(size);

    // Out of line: the thread-static access is a helper call, compiled only when a pass needs more than the stack.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Span<T> PerThreadBuffer<T>(int size) where T : unmanaged
    {
        var buffer = PerThread<T>.Buffer;
        if (buffer is null || buffer.Length < size) PerThread<T>.Buffer = buffer = new T[size];
        return buffer.AsSpan(0, size);
    }

    private static class PerThread<T>
    {
        [ThreadStatic] public static T[]? Buffer;
    }
}
