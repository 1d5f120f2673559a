namespace NetGen.Digits;

/// <summary>
/// Checks a path before it is opened, so that no data file can hang the app or fail with an unclear message: a FIFO
/// would block <c>open()</c> forever, a directory or a dangling symbolic link would surface as a confusing
/// "not found" or "access denied".
/// </summary>
internal static class DataFileCheck
{
    /// <summary>
    /// The size of the regular file at <paramref name="path"/> (following symbolic links); throws an
    /// <see cref="InvalidDataException"/> naming the path when it is anything else.
    /// </summary>
    /// <remarks>
    /// .NET does not expose the Unix file type, but every non-regular file that is not a directory (FIFO, socket,
    /// character or block device) reports a size of 0, and so does an empty file: neither can hold an IDX header, so
    /// a zero size is refused without opening the file. That is what keeps a FIFO from blocking.
    /// </remarks>
    public static long RequireRegularFile(string path, string expected)
    {
        var entry = new FileInfo(path);
        FileSystemInfo target = entry;
        if (entry.LinkTarget is { } link)
        {
            FileSystemInfo? final;
            try { final = entry.ResolveLinkTarget(returnFinalTarget: true); }
            catch (IOException e) { throw Bad(path, $"is a symbolic link that cannot be resolved ({e.Message})", expected); }
            if (final is null || !(final.Exists || Directory.Exists(final.FullName)))
                throw Bad(path, $"is a symbolic link to '{link}', which does not exist", expected);
            target = final;
        }
        if (Directory.Exists(target.FullName)) throw Bad(path, "is a folder", expected);
        if (!target.Exists) throw Bad(path, "does not exist", expected);
        long length = new FileInfo(target.FullName).Length;
        if (length == 0)
            throw Bad(path, "is empty or not a regular file (a FIFO, socket or device reports no size and is never opened)", expected);
        return length;
    }

    /// <summary>Throws unless <paramref name="folder"/> is an existing folder; a file or a dangling link gets its own message.</summary>
    public static void RequireFolder(string folder, string expected)
    {
        if (Directory.Exists(folder)) return;
        var entry = new FileInfo(folder);
        string problem =
            entry.LinkTarget is { } link && !ResolvesToSomething(entry) ? $"is a symbolic link to '{link}', which does not exist" :
            entry.Exists ? "is a file, not a folder" :
            "does not exist";
        throw new DirectoryNotFoundException($"Data folder '{folder}' {problem}; expected {expected}.");
    }

    private static bool ResolvesToSomething(FileInfo link)
    {
        try { return link.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true }; }
        catch (IOException) { return false; } // a loop
    }

    private static InvalidDataException Bad(string path, string problem, string expected) =>
        new($"IDX file '{path}' {problem}; expected {expected}.");
}
