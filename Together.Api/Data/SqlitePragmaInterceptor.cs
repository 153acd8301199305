using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Together.Api.Data;

/// <summary>
/// Tunes every SQLite connection as it opens: WAL lets readers run beside the one writer, busy_timeout makes a
/// writer wait for the lock instead of failing at once, synchronous=NORMAL is durable enough under WAL (a power
/// cut may lose the last transactions, never corrupt the file) and far faster than FULL. The pragmas belong to the
/// native connection, which the pool keeps open and hands out again: they run once per native connection, not on
/// every open (EF opens and closes for each query, and six pragmas per query were a cost every read paid).
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = """
        PRAGMA journal_mode = WAL;
        PRAGMA busy_timeout = 5000;
        PRAGMA synchronous = NORMAL;
        PRAGMA foreign_keys = ON;
        PRAGMA temp_store = MEMORY;
        PRAGMA cache_size = -16000;
        """;

    private readonly ConditionalWeakTable<object, object> _tuned = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsTuning(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Tuned(connection);
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsTuning(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Tuned(connection);
    }

    /// <summary>
    /// True until the pragmas have run on this native connection. EF opens read-only connections to ask whether the
    /// file exists; those cannot switch the journal mode.
    /// </summary>
    private bool NeedsTuning(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && !_tuned.TryGetValue(handle, out _)
        && new SqliteConnectionStringBuilder(connection.ConnectionString).Mode != SqliteOpenMode.ReadOnly;

    private void Tuned(DbConnection connection) => _tuned.AddOrUpdate(((SqliteConnection)connection).Handle!, this);
}
