using Microsoft.Data.Sqlite;

namespace Together.Api.Data;

/// <summary>
/// On shutdown, folds the write-ahead log back into the database file and empties it, so a stopped install is
/// one self-contained file that a plain copy backs up.
/// </summary>
public sealed partial class SqliteCheckpointService(DatabaseSettings settings, ILogger<SqliteCheckpointService> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync(cancellationToken);
            LogCheckpointed(logger);
        }
        catch (SqliteException exception)
        {
            LogCheckpointFailed(logger, exception);
        }
        finally
        {
            // This database's pool only: another host in the same process (tests run several) may be using its own.
            SqliteConnection.ClearPool(connection);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite write-ahead log checkpointed")]
    private static partial void LogCheckpointed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint on shutdown failed; the log is replayed on next start")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
