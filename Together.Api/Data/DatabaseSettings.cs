using Microsoft.Data.Sqlite;
using Together.Api.Infrastructure;
using Together.ServiceDefaults;

namespace Together.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database this process uses, decided once from configuration: <c>Database:Provider</c> when set, else
/// PostgreSQL when <c>ConnectionStrings:together</c> is set (Aspire passes it), else SQLite in the data directory.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, string Location, string? SqliteFile = null)
{
    public const string ProviderKey = "Database:Provider";

    public static DatabaseSettings Resolve(IConfiguration configuration, DataDirectory dataDirectory)
    {
        var connectionString = configuration.GetConnectionString(ResourceNames.Database);
        var provider = configuration[ProviderKey]?.Trim().ToUpperInvariant() switch
        {
            null or "" => string.IsNullOrWhiteSpace(connectionString) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
            "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException(
                $"{ProviderKey} is '{other}'; expected 'sqlite' or 'postgres'."),
        };

        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"{ProviderKey} is 'postgres' but ConnectionStrings:{ResourceNames.Database} is not set.");
            }

            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return new DatabaseSettings(provider, connectionString,
                $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}");
        }

        var file = dataDirectory.Combine("together.db");
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Pooling = true,
            ForeignKeys = true,
        };
        return new DatabaseSettings(provider, sqlite.ToString(), $"SQLite file {file}", file);
    }
}
