namespace Together.Api.Infrastructure;

/// <summary>
/// The absolute data directory, resolved once from <see cref="TogetherOptions.DataDirectory"/>. It holds password
/// hashes, emails, session addresses and keys, so it and its database files are owner-only (700 and 600), and an
/// install made before that was enforced is tightened on start.
/// </summary>
public sealed class DataDirectory(string path)
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly List<TightenedPath> _tightened = [];

    public string Path { get; } = path;

    /// <summary>What was readable by others and made owner-only during this start, for the startup log.</summary>
    public IReadOnlyList<TightenedPath> Tightened => _tightened;

    public static DataDirectory Resolve(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{TogetherOptions.SectionName}:{nameof(TogetherOptions.DataDirectory)}"];
        var path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "./data" : configured, contentRoot);
        return new DataDirectory(path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void EnsureExists()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
            return;
        }

        Directory.CreateDirectory(Path, OwnerOnlyFolder);
        Tighten(Path, OwnerOnlyFolder);
    }

    /// <summary>
    /// Creates <paramref name="file"/> empty and owner-only when missing, before any library creates it with the
    /// process's umask (SQLite gives its <c>-wal</c> and <c>-shm</c> files the database file's mode, so this covers
    /// them too), and tightens it and <paramref name="companions"/> when they exist with a wider mode.
    /// </summary>
    public void EnsureOwnerOnlyFile(string file, params string[] companions)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var created = new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnlyFile,
            });
        }
        catch (IOException) when (File.Exists(file))
        {
            // Already there (an existing install, or another process of it won the race): tightened below.
        }

        foreach (var path in (string[])[file, .. companions])
        {
            if (File.Exists(path))
            {
                Tighten(path, OwnerOnlyFile);
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void Tighten(string path, UnixFileMode allowed)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & ~allowed) != 0)
        {
            File.SetUnixFileMode(path, mode & allowed);
            _tightened.Add(new TightenedPath(path, mode, mode & allowed));
        }
    }
}

/// <summary>A file or folder whose permissions were narrowed to its owner.</summary>
public sealed record TightenedPath(string Path, UnixFileMode From, UnixFileMode To);
