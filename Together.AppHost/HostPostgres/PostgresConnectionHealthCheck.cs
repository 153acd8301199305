using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Together.AppHost.HostPostgres;

/// <summary>Healthy when a connection to the database opens; the connection string is resolved once ports are known.</summary>
internal sealed class PostgresConnectionHealthCheck(ReferenceExpression connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(await connectionString.GetValueAsync(cancellationToken))
            {
                // A probe every few seconds must not leave idle connections behind in the AppHost.
                Pooling = false,
                Timeout = 5,
            };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The message says enough ("connection refused" while postgres starts); a stack trace per probe is noise.
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
