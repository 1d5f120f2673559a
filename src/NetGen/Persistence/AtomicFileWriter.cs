using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NetGen;

/// <summary>
/// Replaces a file atomically (a temporary file beside it, flushed to disk, then renamed over it) while keeping what
/// a plain write would keep:
/// <list type="bullet">
/// <item>symbolic links, chains of them too, are written THROUGH: the final target is replaced and the links stay links;</item>
/// <item>a file the user cannot write is refused, not replaced. Root may replace anything, so an existing file whose
/// mode has no write bit for its owner (Windows: the read-only attribute) counts as read-only for everyone;</item>
/// <item>the replaced file keeps its permissions (Unix mode); a new file gets the default (umask);</item>
/// <item>a hard-linked file becomes a new file at this path: its other names keep the old content. This is deliberate:
/// writing into the shared inode would lose atomicity (a crash would leave a half-written network under every name),
/// and .NET cannot even see a file's link count. The owner of a file replaced by another user (e.g. root) changes.</item>
/// </list>
/// The temporary name is short (<see cref="TemporaryNameLength"/> characters), so any legal final name can be saved,
/// and every error names the user's path, never the temporary file, which is deleted on any failure.
/// </summary>
internal static class AtomicFileWriter
{
    /// <summary>Length of the temporary file name ("." + 8 hex digits + ".ngtmp").</summary>
    public const int TemporaryNameLength = 15;

    /// <summary>Longest file name (UTF-8 bytes on Unix, UTF-16 units on Windows) the common file systems allow.</summary>
    private const int MaxNameLength = 255;

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = FinalTarget(path);
        string folder = Path.GetDirectoryName(target) ?? throw Failure<IOException>(path, "it names a root folder, not a file");
        string name = Path.GetFileName(target);
        if (name.Length == 0) throw Failure<IOException>(path, "it names a folder, not a file");
        int nameLength = OperatingSystem.IsWindows() ? name.Length : Encoding.UTF8.GetByteCount(name);
        if (nameLength > MaxNameLength)
            throw Failure<PathTooLongException>(path, Invariant($"the file name '{name}' is {nameLength} bytes long; file systems allow at most {MaxNameLength}"));
        if (!Directory.Exists(folder)) throw Failure<DirectoryNotFoundException>(path, $"the folder '{folder}' does not exist");
        if (Directory.Exists(target)) throw Failure<IOException>(path, $"'{target}' is a folder");
        UnixFileMode? keepMode = File.Exists(target) ? CheckWritable(path, target) : null;

        string temp = Path.Combine(folder, "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant() + ".ngtmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                // Before any byte is written, so a private file's content is never readable by others.
                if (keepMode is UnixFileMode mode && !OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, mode);
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temp);
            throw ex switch
            {
                DirectoryNotFoundException => Failure<DirectoryNotFoundException>(path, $"the folder '{folder}' does not exist", ex),
                PathTooLongException => Failure<PathTooLongException>(path, "the path is too long", ex),
                UnauthorizedAccessException => Failure<UnauthorizedAccessException>(path, $"no permission to create a file in the folder '{folder}'", ex),
                _ => Failure<IOException>(path, ex.Message.Replace(temp, target, StringComparison.Ordinal), ex),
            };
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>The file a save to <paramref name="path"/> must replace: the final target of a chain of symbolic links.</summary>
    private static string FinalTarget(string path)
    {
        const int MaxLinks = 40; // Linux's own limit (ELOOP)
        string current = Path.GetFullPath(path);
        try
        {
            for (int hops = 0; hops <= MaxLinks; hops++)
            {
                // Null when the path is not a link, or does not exist (a new file, or a missing folder reported later).
                string? link = new FileInfo(current).LinkTarget;
                if (link is null) return current;
                current = Path.GetFullPath(link, Path.GetDirectoryName(current)!);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure<IOException>(path, "its symbolic link cannot be read (" + ex.Message + ")", ex);
        }
        throw Failure<IOException>(path, Invariant($"it is a chain of more than {MaxLinks} symbolic links, or a loop of them"));
    }

    /// <summary>Refuses a file the user cannot write; returns the Unix mode to give its replacement.</summary>
    private static UnixFileMode? CheckWritable(string path, string target)
    {
        UnixFileMode? mode = null;
        if (OperatingSystem.IsWindows())
        {
            if (File.GetAttributes(target).HasFlag(FileAttributes.ReadOnly))
                throw Failure<UnauthorizedAccessException>(path, "the file is read-only; clear its read-only attribute or save elsewhere");
        }
        else
        {
            var unixMode = File.GetUnixFileMode(target);
            mode = unixMode;
            if ((unixMode & UnixFileMode.UserWrite) == 0)
                throw Failure<UnauthorizedAccessException>(path, Invariant(
                    $"the file is read-only (mode {Convert.ToString((int)unixMode, 8)}, no write permission for its owner); make it writable (chmod u+w) or save elsewhere"));
        }
        try
        {
            // Opening for writing (without truncating) asks the OS whether this user may write the file.
            using var probe = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw Failure<UnauthorizedAccessException>(path, "you have no permission to write the file", ex);
        }
        catch (IOException ex)
        {
            throw Failure<IOException>(path, "the file cannot be opened for writing (" + ex.Message + ")", ex);
        }
        return mode;
    }

    private static void DeleteQuietly(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static TException Failure<TException>(string path, string reason, Exception? inner = null) where TException : Exception
    {
        string message = $"Cannot save '{path}': {reason}.";
        return (TException)(Exception)(typeof(TException) switch
        {
            var t when t == typeof(DirectoryNotFoundException) => new DirectoryNotFoundException(message, inner),
            var t when t == typeof(PathTooLongException) => new PathTooLongException(message, inner),
            var t when t == typeof(UnauthorizedAccessException) => new UnauthorizedAccessException(message, inner),
            _ => new IOException(message, inner),
        });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
