using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Together.Api.Data;

namespace Together.Tests.Infrastructure;

/// <summary>
/// Holds back every insert of messages into a host's database until disposed, with a real lock: SQLite's one
/// writer lock (<c>BEGIN IMMEDIATE</c>), PostgreSQL's table lock that lets reads through (<c>EXCLUSIVE</c>). Keep it
/// shorter than SQLite's busy timeout (5 s), after which the held writer gives up.
/// </summary>
public sealed class DatabaseWriteHold : IAsyncDisposable
{
    private readonly System.Data.Common.DbConnection _connection;
    private readonly System.Data.Common.DbTransaction? _transaction;

    private DatabaseWriteHold(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<DatabaseWriteHold> StartAsync(TogetherApiHost host)
    {
        var connectionString = host.Services.GetRequiredService<DatabaseSettings>().ConnectionString;
        if (host.Database == DatabaseKind.Sqlite)
        {
            var sqlite = new SqliteConnection(connectionString + ";Pooling=False");
            await sqlite.OpenAsync();
            await using var begin = new SqliteCommand("BEGIN IMMEDIATE", sqlite);
            await begin.ExecuteNonQueryAsync();
            return new DatabaseWriteHold(sqlite, null);
        }

        var postgres = new NpgsqlConnection(connectionString + ";Pooling=false");
        await postgres.OpenAsync();
        var transaction = await postgres.BeginTransactionAsync();
        await using var lockTable = new NpgsqlCommand("LOCK TABLE messages IN EXCLUSIVE MODE", postgres, transaction);
        await lockTable.ExecuteNonQueryAsync();
        return new DatabaseWriteHold(postgres, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync();
        }
        else
        {
            await using var rollback = _connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await _connection.DisposeAsync();
    }
}
