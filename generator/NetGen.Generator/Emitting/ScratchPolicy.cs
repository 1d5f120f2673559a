namespace NetGen.Generator.Emitting;

/// <summary>Mirrors <c>NetGen.ScratchBuffer.StackLimit</c>: the largest stack buffer emitted code asks for.</summary>
internal static class ScratchPolicy
{
    public const int StackLimit = 1024;
}
