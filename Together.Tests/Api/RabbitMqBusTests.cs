using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Together.Api.Features.Users;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Two Api replicas on one real RabbitMQ and one database: an event published by one replica reaches the gateway
/// clients of both, because each replica consumes gateway events on a queue of its own.
/// </summary>
public abstract class RabbitMqBusTests(RabbitMqReplicas replicas)
{
    [Fact]
    public async Task A_change_made_through_one_replica_reaches_the_users_clients_on_both_and_nobody_else()
    {
        var alice = await replicas.First.RegisterAsync();
        var bob = await replicas.First.RegisterAsync();
        await using var aliceOnFirst = await GatewayTestClient.ConnectAsync(replicas.First.BaseAddress, alice.AccessToken);
        await using var aliceOnSecond = await GatewayTestClient.ConnectAsync(replicas.Second.BaseAddress, alice.AccessToken);
        await using var bobOnSecond = await GatewayTestClient.ConnectAsync(replicas.Second.BaseAddress, bob.AccessToken);

        await RenameAsync(replicas.First, alice, "Alice across replicas");

        foreach (var connection in new[] { aliceOnFirst, aliceOnSecond })
        {
            var update = await connection.NextEventAsync();
            Assert.Equal("USER_UPDATE", update.GetProperty("t").GetString());
            Assert.Equal(2, update.GetProperty("s").GetInt64());
            Assert.Equal(alice.Id, update.GetProperty("d").GetProperty("id").GetString());
            Assert.Equal("Alice across replicas", update.GetProperty("d").GetProperty("displayName").GetString());
        }

        // One queue per replica, consumed in order: had Alice's update gone to Bob it would arrive before his own.
        await RenameAsync(replicas.Second, bob, "Bob across replicas");
        var bobsFirstEvent = await bobOnSecond.NextEventAsync();
        Assert.Equal(bob.Id, bobsFirstEvent.GetProperty("d").GetProperty("id").GetString());
        Assert.Equal("Bob across replicas", bobsFirstEvent.GetProperty("d").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task A_server_created_through_one_replica_moves_the_creators_connection_on_the_other_into_its_group()
    {
        var owner = await replicas.First.RegisterAsync();
        await using var ownerOnSecond = await GatewayTestClient.ConnectAsync(replicas.Second.BaseAddress, owner.AccessToken);

        var server = await replicas.First.CreateServerAsync(owner, "across replicas");

        Assert.Equal(server.Id, (await ownerOnSecond.NextEventAsync("SERVER_CREATE")).GetProperty("id").GetString());
        using var rename = await replicas.First.ClientFor(owner.AccessToken).PatchAsJsonAsync($"/api/servers/{server.Id}", new { name = "renamed" });
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Equal("renamed", (await ownerOnSecond.NextEventAsync("SERVER_UPDATE")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Presence_is_one_across_replicas_online_while_either_holds_a_connection_and_a_chosen_status_reaches_both()
    {
        var (owner, member, server) = await replicas.First.CreateServerWithMemberAsync();
        var third = await replicas.First.RegisterAsync();
        await replicas.First.JoinAsync(server, third);
        await using var ownerOnSecond = await GatewayTestClient.ConnectAsync(replicas.Second.BaseAddress, owner.AccessToken, presence: true);
        var memberOnFirst = await GatewayTestClient.ConnectAsync(replicas.First.BaseAddress, member.AccessToken, presence: true);
        Assert.Equal("online", (await ownerOnSecond.NextEventAsync("PRESENCE_UPDATE")).GetProperty("status").GetString());

        // The second replica's connection closes and its grace (5 s by default) runs out: the first still holds one.
        await (await GatewayTestClient.ConnectAsync(replicas.Second.BaseAddress, member.AccessToken)).DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(7));
        await RenameAsync(replicas.First, owner, "marker");
        await ownerOnSecond.NextEventAsync("USER_UPDATE");

        await memberOnFirst.InvokeAsync("UpdatePresence", "dnd", null);
        Assert.Equal("dnd", (await ownerOnSecond.NextEventAsync("PRESENCE_UPDATE")).GetProperty("status").GetString());
        await using (var thirdOnSecond = await GatewayTestClient.ConnectAsync(replicas.Second.BaseAddress, third.AccessToken))
        {
            var presences = thirdOnSecond.Ready.GetProperty("d").GetProperty("presences").EnumerateArray()
                .ToDictionary(presence => presence.GetProperty("userId").GetString()!, presence => presence.GetProperty("status").GetString());
            Assert.Equal("dnd", presences[member.Id]);
        }

        // Past the grace, with room for a loaded machine; the third user's own online and offline may come between.
        await memberOnFirst.DisposeAsync();
        while (true)
        {
            var next = await ownerOnSecond.NextEventAsync(TimeSpan.FromSeconds(30));
            if (next.GetProperty("t").GetString() == "PRESENCE_UPDATE" && next.GetProperty("d").GetProperty("userId").GetString() == member.Id)
            {
                Assert.Equal("offline", next.GetProperty("d").GetProperty("status").GetString());
                break;
            }
        }
    }

    [Fact]
    public async Task Revoking_a_session_through_one_replica_closes_its_connection_held_by_the_other()
    {
        await using var sessions = await TwoSessions.ConnectAsync(replicas.First, gateway: replicas.Second);

        using (var response = await replicas.First.ClientFor(sessions.First.AccessToken)
            .DeleteAsync($"/api/auth/sessions/{sessions.Second.SessionId()}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await GatewayCloseTests.AssertEndedAsync(sessions.OnSecond);
        await RenameAsync(replicas.First, sessions.User, "after the revocation");
        var update = await sessions.OnFirst.NextEventAsync();
        Assert.Equal("after the revocation", update.GetProperty("d").GetProperty("displayName").GetString());
        Assert.Empty(sessions.OnSecond.ReceivedEvents());
    }

    private static async Task RenameAsync(TogetherApiHost host, TestUser user, string displayName)
    {
        using var client = host.ClientFor(user.AccessToken);
        using var response = await client.PatchAsJsonAsync("/api/users/@me", new { displayName });
        var updated = await response.ReadAsync<CurrentUserDto>(HttpStatusCode.OK);
        Assert.Equal(displayName, updated.DisplayName);
    }
}

public sealed class RabbitMqBusTestsOnSqlite(RabbitMqReplicasOnSqlite replicas)
    : RabbitMqBusTests(replicas), IClassFixture<RabbitMqReplicasOnSqlite>;

public sealed class RabbitMqBusTestsOnPostgres(RabbitMqReplicasOnPostgres replicas)
    : RabbitMqBusTests(replicas), IClassFixture<RabbitMqReplicasOnPostgres>;

/// <summary>Readiness includes the broker when one is configured, and only then; liveness never does.</summary>
public sealed class BusReadinessTests
{
    [Fact]
    public async Task With_the_in_memory_bus_readiness_is_the_database_alone()
    {
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);

        var readiness = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains(Extensions.ReadyTag));

        Assert.Equal(["database"], readiness.Entries.Keys);
        Assert.Equal(HealthStatus.Healthy, readiness.Status);
    }

    [Fact]
    public async Task With_the_broker_unreachable_health_is_unhealthy_and_alive_stays_healthy()
    {
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Bus:RabbitMq"] = $"amqp://guest:guest@127.0.0.1:{FreePorts.Tcp()}/",
        });
        using var client = host.CreateClient();

        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        // And it is the bus that is not ready, not the database.
        var readiness = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains(Extensions.ReadyTag));
        Assert.Equal(HealthStatus.Healthy, readiness.Entries["database"].Status);
        var bus = Assert.Single(readiness.Entries, entry => entry.Value.Tags.Contains("masstransit"));
        Assert.Equal(HealthStatus.Unhealthy, bus.Value.Status);
    }
}

public sealed class BusConfigurationTests
{
    [Theory]
    [InlineData("http://rabbit.example:5672/")]
    [InlineData("rabbit.example")]
    public async Task A_Bus_RabbitMq_that_is_not_an_AMQP_URI_stops_startup_with_a_clear_message(string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Bus:RabbitMq"] = value }));

        Assert.Contains("Bus:RabbitMq must be an amqp:// or amqps:// URI", failure.Message, StringComparison.Ordinal);
    }
}
