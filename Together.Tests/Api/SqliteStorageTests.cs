using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>The embedded database as an operator sees it: tuned, one file after shutdown, and surviving restarts.</summary>
public sealed class SqliteStorageTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("together-storage-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Every_connection_the_Api_uses_is_tuned_including_those_the_pool_hands_out_again()
    {
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite,
            new Dictionary<string, string?> { ["Together:DataDirectory"] = _dataDirectory });
        // Concurrent contexts take several native connections; rounds after the first get them back from the pool.
        for (var round = 0; round < 3; round++)
        {
            var pragmas = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.QueryAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "SELECT (SELECT foreign_keys FROM pragma_foreign_keys), (SELECT synchronous FROM pragma_synchronous), (SELECT timeout FROM pragma_busy_timeout), (SELECT journal_mode FROM pragma_journal_mode)";
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                return $"{reader.GetInt64(0)} {reader.GetInt64(1)} {reader.GetInt64(2)} {reader.GetString(3)}";
            })));
            Assert.All(pragmas, tuned => Assert.Equal("1 1 5000 wal", tuned));
        }
    }

    [Fact]
    public async Task A_restart_keeps_accounts_sessions_and_the_signing_key_and_leaves_one_file_between_runs()
    {
        var settings = new Dictionary<string, string?> { ["Together:DataDirectory"] = _dataDirectory };
        TestUser user;
        await using (var first = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, settings))
        {
            user = await first.RegisterAsync();
            Assert.Equal("wal", await PragmaAsync("journal_mode"));
        }

        var database = Path.Combine(_dataDirectory, "together.db");
        Assert.True(new FileInfo(database).Length > 0);
        Assert.True(!File.Exists(database + "-wal") || new FileInfo(database + "-wal").Length == 0,
            "The write-ahead log was not checkpointed into the database on shutdown.");
        var key = new FileInfo(Path.Combine(_dataDirectory, "keys", "jwt-signing.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, key.UnixFileMode);

        await using var second = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, settings);
        using var me = await second.ClientFor(user.AccessToken).GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        await second.LoginAsync(user.Username, user.Password);
    }

    private async Task<string> PragmaAsync(string pragma)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "together.db")};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
