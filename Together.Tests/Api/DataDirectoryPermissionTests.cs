using Microsoft.Data.Sqlite;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// The merged install's files hold password hashes, emails and session addresses: only the service account may
/// read them, whether the install is new or was made before that was enforced.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryPermissionTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _parent = Directory.CreateTempSubdirectory("together-modes-").FullName;

    private string DataDirectory => Path.Combine(_parent, "data");

    private string Database => Path.Combine(DataDirectory, "together.db");

    // The host clears its own pool on shutdown; clearing every pool would reach into other tests' hosts.
    public void Dispose() => Directory.Delete(_parent, recursive: true);

    [Fact]
    public async Task A_new_install_creates_its_folder_and_database_files_owner_only()
    {
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, Settings());

        await host.RegisterAsync();

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(DataDirectory));
        AssertOwnerOnlyDatabaseFiles();
    }

    [Fact]
    public async Task An_existing_install_readable_by_others_is_narrowed_on_start()
    {
        var readableByAll = (UnixFileMode)Convert.ToInt32("644", 8);
        Directory.CreateDirectory(DataDirectory);
        File.SetUnixFileMode(DataDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        await using (var connection = new SqliteConnection($"Data Source={Database};Pooling=false"))
        {
            await connection.OpenAsync();
        }

        File.SetUnixFileMode(Database, readableByAll);
        await File.WriteAllBytesAsync(Database + "-wal", []);
        File.SetUnixFileMode(Database + "-wal", readableByAll);

        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, Settings());
        await host.RegisterAsync();

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(DataDirectory));
        AssertOwnerOnlyDatabaseFiles();
    }

    private Dictionary<string, string?> Settings() => new() { ["Together:DataDirectory"] = DataDirectory };

    /// <summary>While the host runs, the write-ahead log and shared memory exist beside the database.</summary>
    private void AssertOwnerOnlyDatabaseFiles()
    {
        foreach (var file in (string[])[Database, Database + "-wal", Database + "-shm"])
        {
            Assert.True(File.Exists(file), $"{file} is missing");
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
        }
    }
}
