using Microsoft.Data.Sqlite;

namespace Together.Api.Data;

/// <summary>
/// On shutdown, folds the write-ahead log back into the database file and empties it, so a stopped install is
/// one self-contained file that a plain copy backs up. A checkpoint cannot truncate while another connection is
/// still finishing a statement (a request draining, a consumer's last write), so it is retried briefly.
/// </summary>
public sealed partial class SqliteCheckpointService(DatabaseSettings settings, ILogger<SqliteCheckpointService> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);
    private const int Attempts = 60;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                if (await TryCheckpointAsync(connection))
                {
                    LogCheckpointed(logger);
                    return;
                }

                // Idle pooled connections of this database may hold a read snapshot; let them go before retrying.
                SqliteConnection.ClearPool(connection);
                await Task.Delay(RetryDelay, CancellationToken.None);
            }

            LogCheckpointBusy(logger, Attempts * RetryDelay);
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

    /// <summary>True when the whole log was folded in and truncated (SQLite's first result column, busy, is 0).</summary>
    private static async Task<bool> TryCheckpointAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) && reader.GetInt32(0) == 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint on shutdown stayed busy for {Waited}; the log is replayed on next start")]
    private static partial void LogCheckpointBusy(ILogger logger, TimeSpan waited);

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite write-ahead log checkpointed")]
    private static partial void LogCheckpointed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint on shutdown failed; the log is replayed on next start")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
