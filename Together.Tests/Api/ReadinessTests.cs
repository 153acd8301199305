using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Together.Api.Data;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>/health is about the database: when it stops answering, the Api stops saying it is ready.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Health_turns_unhealthy_when_the_database_goes_away()
    {
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Postgres);
        using var client = host.CreateClient();
        using var before = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var connectionString = host.Services.GetRequiredService<DatabaseSettings>().ConnectionString;
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var server = await PostgresServer.GetAsync();
        await using (var admin = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        using var after = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.Equal("Unhealthy", await after.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
