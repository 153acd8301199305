using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Together.Api.Data;

/// <summary>
/// Plain ADO.NET questions to the database, answered without starting EF Core: "do you answer?" for readiness and
/// "which migrations are applied?" for the startup check. Starting EF costs a good part of a second of JIT; an
/// up-to-date database should not pay it before the server listens.
/// </summary>
public sealed class DatabaseProbe(DatabaseSettings settings)
{
    private const string HistoryTable = "__EFMigrationsHistory";

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The migration ids this build knows for the configured provider, oldest first.</summary>
    public IReadOnlyList<string> KnownMigrations()
    {
        var context = settings.Provider == DatabaseProvider.Sqlite ? typeof(SqliteTogetherDbContext) : typeof(PostgresTogetherDbContext);
        return typeof(DatabaseProbe).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(Migration)) && type.GetCustomAttribute<DbContextAttribute>()?.ContextType == context)
            .Select(type => type.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlySet<string>> AppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        await using var exists = connection.CreateCommand();
        exists.CommandText = settings.Provider == DatabaseProvider.Sqlite
            ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'"
            : $"SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = '{HistoryTable}'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return new HashSet<string>();
        }

        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT \"MigrationId\" FROM \"{HistoryTable}\"";
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private DbConnection Open() => settings.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(settings.ConnectionString)
        : new NpgsqlConnection(settings.ConnectionString);
}
