using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Together.Api.Features.Users;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// PATCH /users/@me → UserUpdated on the bus → USER_UPDATE on the gateway, over real sockets: the user's own
/// connections get it with the new profile and their next sequence number, nobody else does.
/// </summary>
public abstract class UserUpdateEventTests(TogetherApiHost host)
{
    [Fact]
    public async Task Every_connection_of_the_user_gets_USER_UPDATE_with_the_new_display_name_and_another_user_gets_nothing()
    {
        var alice = await host.RegisterAsync();
        var bob = await host.RegisterAsync();
        await using var aliceOnDesktop = await GatewayTestClient.ConnectAsync(host, alice.AccessToken);
        await using var aliceOnPhone = await GatewayTestClient.ConnectAsync(host, alice.AccessToken);
        await using var bobOnline = await GatewayTestClient.ConnectAsync(host, bob.AccessToken);

        await RenameAsync(alice, "Alice in Wonderland");

        foreach (var connection in new[] { aliceOnDesktop, aliceOnPhone })
        {
            var update = await connection.NextEventAsync();
            Assert.Equal("USER_UPDATE", update.GetProperty("t").GetString());
            Assert.Equal(2, update.GetProperty("s").GetInt64());
            Assert.Equal(alice.Id, update.GetProperty("d").GetProperty("id").GetString());
            Assert.Equal("Alice in Wonderland", update.GetProperty("d").GetProperty("displayName").GetString());
            Assert.Equal(alice.Username, update.GetProperty("d").GetProperty("username").GetString());
        }

        // Gateway events are consumed one at a time in publish order, so had Alice's update been sent to Bob it
        // would reach him before his own.
        await RenameAsync(bob, "Bob the Builder");
        var bobsFirstEvent = await bobOnline.NextEventAsync();
        Assert.Equal("USER_UPDATE", bobsFirstEvent.GetProperty("t").GetString());
        Assert.Equal(bob.Id, bobsFirstEvent.GetProperty("d").GetProperty("id").GetString());
        Assert.Equal(2, bobsFirstEvent.GetProperty("s").GetInt64());
    }

    [Fact]
    public async Task Successive_updates_arrive_in_order_with_consecutive_sequence_numbers()
    {
        var user = await host.RegisterAsync();
        await using var gateway = await GatewayTestClient.ConnectAsync(host, user.AccessToken);
        string[] names = ["first", "second", "third", "fourth", "fifth"];

        foreach (var name in names)
        {
            await RenameAsync(user, name);
        }

        for (var index = 0; index < names.Length; index++)
        {
            var update = await gateway.NextEventAsync();
            Assert.Equal("USER_UPDATE", update.GetProperty("t").GetString());
            Assert.Equal(index + 2, update.GetProperty("s").GetInt64());
            Assert.Equal(names[index], update.GetProperty("d").GetProperty("displayName").GetString());
        }
    }

    [Fact]
    public async Task A_rejected_PATCH_sends_no_USER_UPDATE()
    {
        var user = await host.RegisterAsync();
        var taken = await host.RegisterAsync();
        await using var gateway = await GatewayTestClient.ConnectAsync(host, user.AccessToken);

        using (var client = host.ClientFor(user.AccessToken))
        using (var refused = await client.PatchAsJsonAsync("/api/users/@me", new { username = taken.Username }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        await RenameAsync(user, "after the refusal");
        var first = await gateway.NextEventAsync();
        Assert.Equal(2, first.GetProperty("s").GetInt64());
        Assert.Equal("after the refusal", first.GetProperty("d").GetProperty("displayName").GetString());
    }

    private async Task RenameAsync(TestUser user, string displayName)
    {
        using var client = host.ClientFor(user.AccessToken);
        using var response = await client.PatchAsJsonAsync("/api/users/@me", new { displayName });
        var updated = await response.ReadAsync<CurrentUserDto>(HttpStatusCode.OK);
        Assert.Equal(displayName, updated.DisplayName);
    }
}

public sealed class UserUpdateEventTestsOnSqlite(SqliteApi api) : UserUpdateEventTests(api.Host), IClassFixture<SqliteApi>;

public sealed class UserUpdateEventTestsOnPostgres(PostgresApi api) : UserUpdateEventTests(api.Host), IClassFixture<PostgresApi>;
