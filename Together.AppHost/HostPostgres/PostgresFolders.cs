using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Together.AppHost.HostPostgres;

/// <summary>
/// The folders of the AppHost's own PostgreSQL cluster: <c>data</c> (PGDATA), <c>run</c> (its Unix socket,
/// away from the system cluster's) and <c>password</c> (the superuser password, kept for the cluster's life).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class PostgresFolders
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private PostgresFolders(string root)
    {
        Root = root;
        Data = Path.Combine(root, "data");
        Sockets = Path.Combine(root, "run");
        PasswordFile = Path.Combine(root, "password");
    }

    public string Root { get; }

    public string Data { get; }

    public string Sockets { get; }

    public string PasswordFile { get; }

    public bool IsInitialized => File.Exists(Path.Combine(Data, "PG_VERSION"));

    public string ReadPassword() => File.ReadAllText(PasswordFile).Trim();

    /// <summary>Creates what is missing and hands it to <paramref name="owner"/> when PostgreSQL runs as another account.</summary>
    public static PostgresFolders Prepare(string root, string? owner)
    {
        var folders = new PostgresFolders(Path.GetFullPath(root));
        if (owner is not null)
        {
            EnsureReachableBy(owner, folders.Root);
        }

        Directory.CreateDirectory(folders.Root, OwnerOnly);
        Directory.CreateDirectory(folders.Sockets, OwnerOnly);

        // A first run that stopped half-way leaves a data folder initdb refuses to reuse; it holds nothing yet.
        if (Directory.Exists(folders.Data) && !folders.IsInitialized)
        {
            Directory.Delete(folders.Data, recursive: true);
        }

        if (!File.Exists(folders.PasswordFile))
        {
            WritePassword(folders.PasswordFile);
        }

        if (owner is not null)
        {
            GiveTo(owner, folders.Root, folders.Sockets, folders.PasswordFile);
        }

        return folders;
    }

    private static void WritePassword(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var writer = new StreamWriter(path, options);
        writer.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
    }

    private static void EnsureReachableBy(string owner, string root)
    {
        for (var folder = Path.GetDirectoryName(root); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(folder) && !File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL runs as '{owner}', which cannot enter {folder}. Set Together:AppHost:DataDirectory " +
                    "to a folder it can reach (for example under /var/tmp).");
            }
        }
    }

    private static void GiveTo(string owner, params string[] paths)
    {
        using var chown = Process.Start("chown", [$"{owner}:{owner}", .. paths]);
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {owner} failed (exit {chown.ExitCode}) for {string.Join(", ", paths)}.");
        }
    }
}
