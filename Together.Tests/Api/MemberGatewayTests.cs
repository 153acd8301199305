using System.Net;
using System.Net.Http.Json;
using Together.Api.Features.Servers;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>MEMBER_* events and membership changes over real SignalR sockets, on each database.</summary>
public abstract class MemberGatewayTests(TogetherApiHost host)
{
    [Fact]
    public async Task A_join_is_MEMBER_ADD_to_the_members_and_SERVER_CREATE_to_the_joiner()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var joiner = await host.RegisterAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        await using var joinerGateway = await GatewayTestClient.ConnectAsync(host, joiner.AccessToken);

        await host.JoinThroughInviteAsync(server, owner, joiner);

        var added = await ownerGateway.SkipToEventAsync("MEMBER_ADD");
        Assert.Equal(server.Id, added.GetProperty("serverId").GetString());
        Assert.Equal(joiner.Id, added.GetProperty("user").GetProperty("id").GetString());
        var created = await joinerGateway.SkipToEventAsync("SERVER_CREATE");
        Assert.Equal(server.Id, created.GetProperty("id").GetString());
        Assert.Equal(joiner.Id, (await joinerGateway.SkipToEventAsync("MEMBER_ADD")).GetProperty("user").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_kicked_member_gets_SERVER_DELETE_and_hears_nothing_more_of_the_server()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var target = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        await host.JoinThroughInviteAsync(server, owner, target);
        await host.JoinThroughInviteAsync(server, owner, other);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        await using var targetGateway = await GatewayTestClient.ConnectAsync(host, target.AccessToken);
        using var client = host.ClientFor(owner.AccessToken);

        using var kicked = await client.DeleteAsync($"/api/servers/{server.Id}/members/{target.Id}");
        Assert.Equal(HttpStatusCode.NoContent, kicked.StatusCode);
        Assert.Equal(server.Id, (await targetGateway.SkipToEventAsync("SERVER_DELETE")).GetProperty("id").GetString());
        var removed = await ownerGateway.SkipToEventAsync("MEMBER_REMOVE");
        Assert.Equal(target.Id, removed.GetProperty("userId").GetString());

        using var renamed = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/members/{other.Id}", new { nickname = "After" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var updated = await ownerGateway.SkipToEventAsync("MEMBER_UPDATE");
        Assert.Equal("After", updated.GetProperty("nickname").GetString());
        // Events are delivered in publish order: had the kicked member still been in the group, they would have it now.
        Assert.DoesNotContain(targetGateway.ReceivedEvents(), gatewayEvent => gatewayEvent.GetProperty("t").GetString() == "MEMBER_UPDATE");
    }

    [Fact]
    public async Task A_banned_member_gets_SERVER_DELETE_at_once()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var target = await host.RegisterAsync();
        await host.JoinThroughInviteAsync(server, owner, target);
        await using var targetGateway = await GatewayTestClient.ConnectAsync(host, target.AccessToken);

        using var banned = await host.ClientFor(owner.AccessToken).PutAsync($"/api/servers/{server.Id}/bans/{target.Id}", null);

        Assert.Equal(HttpStatusCode.NoContent, banned.StatusCode);
        Assert.Equal(server.Id, (await targetGateway.SkipToEventAsync("SERVER_DELETE")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_temporary_member_is_removed_when_their_last_connection_closes_unless_given_a_role()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var invite = await host.CreateInviteAsync(server, owner, new { temporary = true });
        var passing = await host.RegisterAsync();
        var kept = await host.RegisterAsync();
        foreach (var user in new[] { passing, kept })
        {
            using var joined = await host.ClientFor(user.AccessToken).PostAsync($"/api/invites/{invite.Code}", null);
            await joined.ReadAsync<ServerStateDto>(HttpStatusCode.OK);
        }

        var role = await host.CreateRoleAsync(server, Permission.None, "vouched");
        using var given = await host.ClientFor(owner.AccessToken).PutAsync($"/api/servers/{server.Id}/members/{kept.Id}/roles/{role}", null);
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        var first = await GatewayTestClient.ConnectAsync(host, passing.AccessToken);
        var second = await GatewayTestClient.ConnectAsync(host, passing.AccessToken);
        var keptGateway = await GatewayTestClient.ConnectAsync(host, kept.AccessToken);

        await first.DisposeAsync();
        await keptGateway.DisposeAsync();
        Assert.True(await host.IsMemberAsync(server, passing));
        await second.DisposeAsync();

        var removed = await ownerGateway.SkipToEventAsync("MEMBER_REMOVE");
        Assert.Equal(passing.Id, removed.GetProperty("userId").GetString());
        Assert.False(await host.IsMemberAsync(server, passing));
        Assert.True(await host.IsMemberAsync(server, kept));
    }
}

public sealed class MemberGatewayTestsOnSqlite(SqliteApi api) : MemberGatewayTests(api.Host), IClassFixture<SqliteApi>;

public sealed class MemberGatewayTestsOnPostgres(PostgresApi api) : MemberGatewayTests(api.Host), IClassFixture<PostgresApi>;
