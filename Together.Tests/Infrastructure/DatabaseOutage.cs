using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Together.Api.Data;

namespace Together.Tests.Infrastructure;

/// <summary>
/// Makes a host's database really fail until disposed, and only that host's: SQLite loses its data directory (the
/// file cannot be opened), PostgreSQL stops accepting connections to the host's database and drops those it has.
/// The host's connection pool is emptied both ways, so no connection from before or during the outage survives it.
/// </summary>
public sealed class DatabaseOutage : IAsyncDisposable
{
    private readonly TogetherApiHost _host;
    private readonly string _connectionString;

    private DatabaseOutage(TogetherApiHost host)
    {
        _host = host;
        _connectionString = host.Services.GetRequiredService<DatabaseSettings>().ConnectionString;
    }

    private string HiddenDataDirectory => _host.DataDirectory + ".away";

    public static async Task<DatabaseOutage> StartAsync(TogetherApiHost host)
    {
        var outage = new DatabaseOutage(host);
        await outage.SetAsync(available: false);
        return outage;
    }

    public async ValueTask DisposeAsync() => await SetAsync(available: true);

    private async Task SetAsync(bool available)
    {
        if (_host.Database == DatabaseKind.Sqlite)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            Directory.Move(available ? HiddenDataDirectory : _host.DataDirectory, available ? _host.DataDirectory : HiddenDataDirectory);
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            return;
        }

        var database = new NpgsqlConnectionStringBuilder(_connectionString).Database;
        var server = await PostgresServer.GetAsync();
        await using var admin = new NpgsqlConnection(server.ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var command = admin.CreateCommand();
        command.CommandText = available
            ? $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true"
            : $"""
               ALTER DATABASE "{database}" ALLOW_CONNECTIONS false;
               SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}';
               """;
        await command.ExecuteNonQueryAsync();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(_connectionString));
    }
}
