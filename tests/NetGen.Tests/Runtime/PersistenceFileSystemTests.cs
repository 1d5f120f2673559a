using System.Runtime.InteropServices;
using System.Text;

namespace NetGen.Tests.Runtime;

/// <summary>
/// What an atomic save must keep of an ordinary write: links stay links, permissions stay, read-only files are
/// refused, errors name the user's path, no temporary file is ever left. Linux only (CI runs as root, so read-only
/// is the mode bits, which root could ignore).
/// </summary>
public sealed class PersistenceFileSystemTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("netgen-files-").FullName;

    private static readonly NetworkArchitecture Net = TestData.Mlp(2, Loss.HalfSquaredError, Precision.Single, (3, Activation.Tanh), (1, Activation.Linear));

    private static readonly float[] Parameters = Enumerable.Range(0, Net.ParameterCount).Select(k => k * 0.25f).ToArray();

    public void Dispose() => Directory.Delete(_dir, recursive: true); // needs write access to folders only

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void Save(string path, bool text)
    {
        if (text) NetworkFile.SaveText<float>(path, Net, Parameters);
        else NetworkFile.Save<float>(path, Net, Parameters);
    }

    private static bool Loads(string path, bool text)
    {
        var destination = new float[Net.ParameterCount];
        if (text) NetworkFile.LoadText<float>(path, Net, destination);
        else NetworkFile.Load<float>(path, Net, destination);
        return destination.SequenceEqual(Parameters);
    }

    private void AssertNoTemporaryFile() =>
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.ngtmp", SearchOption.AllDirectories));

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void Save_through_a_chain_of_symbolic_links_replaces_the_final_target_and_keeps_the_links(bool text, int chain)
    {
        if (!OperatingSystem.IsLinux()) return;
        Directory.CreateDirectory(PathOf("real"));
        string target = PathOf("real/net.bin");
        File.WriteAllText(target, "old");
        string link = target;
        for (int i = 0; i < chain; i++)
        {
            string next = PathOf($"link{i}");
            // Relative link texts too: resolved against the link's own folder.
            File.CreateSymbolicLink(next, i == 0 ? "real/net.bin" : Path.GetFileName(link));
            link = next;
        }

        Save(link, text);

        for (int i = 0; i < chain; i++) Assert.NotNull(new FileInfo(PathOf($"link{i}")).LinkTarget);
        Assert.True(Loads(target, text));
        Assert.True(Loads(link, text));
        AssertNoTemporaryFile();
    }

    [Fact]
    public void Save_through_a_dangling_link_creates_the_target()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.CreateSymbolicLink(PathOf("link"), PathOf("new.txt"));
        Save(PathOf("link"), text: true);
        Assert.NotNull(new FileInfo(PathOf("link")).LinkTarget);
        Assert.True(Loads(PathOf("new.txt"), text: true));
    }

    [Fact]
    public void A_loop_of_links_is_an_error_naming_the_path()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.CreateSymbolicLink(PathOf("a"), PathOf("b"));
        File.CreateSymbolicLink(PathOf("b"), PathOf("a"));
        var ex = Assert.ThrowsAny<IOException>(() => Save(PathOf("a"), text: false));
        Assert.Contains($"'{PathOf("a")}'", ex.Message);
        AssertNoTemporaryFile();
    }

    public static TheoryData<int, bool> Modes => new()
    {
        { 0b110_000_000, false }, { 0b110_000_000, true }, // 0600: a private file stays private
        { 0b110_100_000, true }, { 0b111_101_101, false }, { 0b110_110_110, true },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Replacing_a_file_keeps_its_permissions(int mode, bool text)
    {
        if (!OperatingSystem.IsLinux()) return;
        string path = PathOf("net");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        Save(path, text);
        Assert.Equal((UnixFileMode)mode, File.GetUnixFileMode(path));
        Assert.True(Loads(path, text));
        AssertNoTemporaryFile();
    }

    [Fact]
    public void A_new_file_gets_the_default_mode()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.WriteAllText(PathOf("plain"), "x"); // what the umask gives any new file
        Save(PathOf("net"), text: false);
        Assert.Equal(File.GetUnixFileMode(PathOf("plain")), File.GetUnixFileMode(PathOf("net")));
    }

    public static TheoryData<int, bool, bool> ReadOnlyModes => new()
    {
        // mode, text, through a symbolic link
        { 0b100_100_100, false, false }, { 0b100_100_100, true, false }, { 0b100_000_000, true, false },
        { 0b000_000_000, false, false }, { 0b101_111_111, true, false }, // group/others may write, the owner may not
        { 0b100_100_100, false, true }, { 0b100_100_100, true, true },
    };

    [Theory]
    [MemberData(nameof(ReadOnlyModes))]
    public void A_read_only_file_is_refused_not_replaced(int mode, bool text, bool viaLink)
    {
        if (!OperatingSystem.IsLinux()) return;
        string target = PathOf("net");
        File.WriteAllText(target, "old");
        File.SetUnixFileMode(target, (UnixFileMode)mode);
        string path = target;
        if (viaLink)
        {
            path = PathOf("link");
            File.CreateSymbolicLink(path, target);
        }

        var ex = Assert.Throws<UnauthorizedAccessException>(() => Save(path, text));

        Assert.Contains($"'{path}'", ex.Message);
        Assert.Contains("read-only", ex.Message);
        Assert.Equal((UnixFileMode)mode, File.GetUnixFileMode(target));
        File.SetUnixFileMode(target, UnixFileMode.UserRead);
        Assert.Equal("old", File.ReadAllText(target));
        if (viaLink) Assert.NotNull(new FileInfo(path).LinkTarget);
        AssertNoTemporaryFile();
    }

    [DllImport("libc", SetLastError = true, EntryPoint = "link")]
    private static extern int HardLink(string existing, string newPath);

    [Fact]
    public void A_hard_link_is_broken_as_documented_the_other_name_keeps_the_old_content()
    {
        if (!OperatingSystem.IsLinux()) return;
        string path = PathOf("net");
        File.WriteAllText(path, "old");
        Assert.Equal(0, HardLink(path, PathOf("other-name")));
        Save(path, text: true);
        Assert.True(Loads(path, text: true));
        Assert.Equal("old", File.ReadAllText(PathOf("other-name")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_missing_folder_is_an_error_naming_the_users_path(bool text)
    {
        string path = PathOf("no/such/folder/net.txt");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => Save(path, text));
        Assert.Contains($"'{path}'", ex.Message);
        Assert.Contains("does not exist", ex.Message);
        Assert.DoesNotContain(".ngtmp", ex.Message);
        AssertNoTemporaryFile();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    [InlineData(249)]
    [InlineData(255)]
    public void Every_legal_file_name_length_can_be_saved(int length)
    {
        if (!OperatingSystem.IsLinux()) return;
        string path = PathOf(new string('n', length));
        Save(path, text: true);
        Assert.True(Loads(path, text: true));
        Save(path, text: true); // replacing, too
        AssertNoTemporaryFile();
    }

    [Theory]
    [InlineData(256, "n")]
    [InlineData(300, "n")]
    [InlineData(128, "é")] // 256 bytes of UTF-8 in 128 characters
    public void A_too_long_file_name_is_an_error_naming_the_users_path(int count, string character)
    {
        if (!OperatingSystem.IsLinux()) return;
        string path = PathOf(string.Concat(Enumerable.Repeat(character, count)));
        var ex = Assert.Throws<PathTooLongException>(() => Save(path, text: false));
        Assert.Contains($"'{path}'", ex.Message);
        Assert.Contains(Encoding.UTF8.GetByteCount(Path.GetFileName(path)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes", ex.Message);
        AssertNoTemporaryFile();
    }

    [Fact]
    public void A_folder_in_the_way_is_an_error_naming_the_users_path()
    {
        Directory.CreateDirectory(PathOf("net.txt"));
        var ex = Assert.ThrowsAny<IOException>(() => Save(PathOf("net.txt"), text: true));
        Assert.Contains($"'{PathOf("net.txt")}'", ex.Message);
        Assert.Contains("folder", ex.Message);
        AssertNoTemporaryFile();
    }

    [Fact]
    public void A_folder_the_user_cannot_write_is_an_error_naming_the_users_path_unless_root()
    {
        if (!OperatingSystem.IsLinux()) return;
        Directory.CreateDirectory(PathOf("locked"));
        File.SetUnixFileMode(PathOf("locked"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            string path = PathOf("locked/net.txt");
            bool root = Environment.UserName == "root";
            if (root)
            {
                Save(path, text: true); // root may create files anywhere; nothing to refuse (the file is new)
                Assert.True(Loads(path, text: true));
            }
            else
            {
                var ex = Assert.Throws<UnauthorizedAccessException>(() => Save(path, text: true));
                Assert.Contains($"'{path}'", ex.Message);
                Assert.DoesNotContain(".ngtmp", ex.Message);
            }
        }
        finally
        {
            File.SetUnixFileMode(PathOf("locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        AssertNoTemporaryFile();
    }

    [Fact]
    public void A_failing_write_names_the_users_path_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        string path = PathOf("net");
        File.WriteAllText(path, "old");
        var ex = Assert.Throws<IOException>(() => NetworkFileSupport.WriteAtomically(path, stream =>
        {
            stream.Write(new byte[10]);
            throw new IOException($"No space left on device : '{Path.Combine(_dir, ".x.ngtmp")}'");
        }));
        Assert.StartsWith($"Cannot save '{path}'", ex.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }
}
