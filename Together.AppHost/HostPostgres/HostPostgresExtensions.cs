using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Together.ServiceDefaults;

namespace Together.AppHost.HostPostgres;

/// <summary>
/// PostgreSQL from the host's own binaries, for machines without a container runtime: <c>initdb</c> on first run,
/// then <c>postgres</c> on a port DCP picks, listening on loopback only.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class HostPostgresExtensions
{
    private const string SuperUser = "together";
    private const string EndpointName = "tcp";

    public static IResourceBuilder<IResourceWithConnectionString> AddHostPostgres(this IDistributedApplicationBuilder builder, AppHostSettings settings)
    {
        var installation = PostgresInstallation.Find(settings.PostgresBinDirectory);
        var folders = PostgresFolders.Prepare(Path.Combine(settings.DataDirectory, "postgres"), installation.RunAs);
        builder.Services.AddHostedService(services => new PostgresShutdown(
            installation, folders, services.GetRequiredService<ILogger<PostgresShutdown>>()));
        var password = builder.AddParameter(ResourceNames.PostgresPassword, folders.ReadPassword(), secret: true);

        var (postgres, postgresPrefix) = installation.Command("postgres");
        var server = builder.AddExecutable(ResourceNames.Postgres, postgres, folders.Root, postgresPrefix)
            .WithEndpoint(name: EndpointName, scheme: "tcp", isProxied: false);
        var endpoint = server.GetEndpoint(EndpointName);
        server.WithArgs(
            "-D", folders.Data,
            "-p", endpoint.Property(EndpointProperty.TargetPort),
            "-k", folders.Sockets,
            "-c", "listen_addresses=127.0.0.1");

        if (!folders.IsInitialized)
        {
            var (initdb, initdbPrefix) = installation.Command("initdb");
            var init = builder.AddExecutable(ResourceNames.PostgresInit, initdb, folders.Root, initdbPrefix)
                .WithArgs(
                    "-D", folders.Data,
                    "-U", SuperUser,
                    $"--pwfile={folders.PasswordFile}",
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8");
            server.WaitForCompletion(init);
        }

        ReferenceExpression ConnectionTo(string database) => ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={endpoint.Property(EndpointProperty.Port)};Username={SuperUser};Password={password.Resource};Database={database}");

        var maintenance = ConnectionTo("postgres");
        var database = builder.AddConnectionString(ResourceNames.Database, ConnectionTo(ResourceNames.Database));

        server.WithConnectionHealthCheck(maintenance)
            .OnResourceReady((_, _, cancellationToken) => CreateDatabaseIfMissingAsync(maintenance, ResourceNames.Database, cancellationToken));
        database.WithConnectionHealthCheck(database.Resource.ConnectionStringExpression);

        return database;
    }

    private static IResourceBuilder<T> WithConnectionHealthCheck<T>(this IResourceBuilder<T> resource, ReferenceExpression connectionString)
        where T : IResource
    {
        var key = $"{resource.Resource.Name}_connection";
        resource.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, new PostgresConnectionHealthCheck(connectionString), failureStatus: null, tags: null));
        return resource.WithHealthCheck(key);
    }

    private static async Task CreateDatabaseIfMissingAsync(ReferenceExpression maintenance, string name, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await maintenance.GetValueAsync(cancellationToken)) { Pooling = false };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        // Identifiers cannot be parameters; the name is one of our constants, quoted all the same.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }
}
