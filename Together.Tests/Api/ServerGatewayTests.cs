using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Features.Channels;
using Together.Api.Features.Servers;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Servers, channels and roles on the gateway over real sockets: READY's servers, SERVER_*, ROLE_*, and CHANNEL_*
/// only to connections whose user may view the channel when it is dispatched. A client's next event proves what
/// it was not sent: gateway events are dispatched in publish order.
/// </summary>
public abstract class ServerGatewayTests(TogetherApiHost host)
{
    private static readonly string View = PermissionText.Format(Permission.ViewChannel);

    [Fact]
    public async Task READY_lists_each_server_with_only_the_channels_the_user_may_view_its_roles_and_their_member()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner, "ready server");
        await host.JoinAsync(server, member);
        await HideFromEveryoneAsync(owner, server, server.VoiceChannelId);

        await using var gateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);

        var state = Assert.Single(gateway.Ready.GetProperty("d").GetProperty("servers").EnumerateArray());
        Assert.Equal("ready server", state.GetProperty("name").GetString());
        Assert.Equal([server.TextChannelId], state.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(server.EveryoneRoleId, Assert.Single(state.GetProperty("roles").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(member.Id, Assert.Single(state.GetProperty("members").EnumerateArray()).GetProperty("user").GetProperty("id").GetString());
        var ownersState = Assert.Single(ownerGateway.Ready.GetProperty("d").GetProperty("servers").EnumerateArray());
        Assert.Equal(2, ownersState.GetProperty("channels").GetArrayLength());
    }

    [Fact]
    public async Task Creating_a_server_sends_SERVER_CREATE_and_then_its_updates_to_the_creators_connections()
    {
        var owner = await host.RegisterAsync();
        await using var gateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);

        var server = await host.CreateServerAsync(owner, "fresh");
        var created = await gateway.NextEventAsync("SERVER_CREATE");
        Assert.Equal(server.Id, created.GetProperty("id").GetString());
        Assert.Equal(2, created.GetProperty("channels").GetArrayLength());

        using var client = host.ClientFor(owner.AccessToken);
        using (var rename = await client.PatchAsJsonAsync($"/api/servers/{server.Id}", new { name = "renamed" }))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        }

        Assert.Equal("renamed", (await gateway.NextEventAsync("SERVER_UPDATE")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Channel_events_reach_only_members_who_may_view_the_channel_and_a_permission_change_hides_or_reveals_it()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        using var client = host.ClientFor(owner.AccessToken);

        using var create = await client.PostAsJsonAsync($"/api/servers/{server.Id}/channels", new { name = "plans" });
        var channel = await create.ReadAsync<ChannelDto>(HttpStatusCode.Created);
        foreach (var gateway in new[] { ownerGateway, memberGateway })
        {
            Assert.Equal(channel.Id, (await gateway.NextEventAsync("CHANNEL_CREATE")).GetProperty("id").GetString());
        }

        await HideFromEveryoneAsync(owner, server, channel.Id);
        Assert.Equal(channel.Id, (await ownerGateway.NextEventAsync("CHANNEL_UPDATE")).GetProperty("id").GetString());
        Assert.Equal(channel.Id, (await memberGateway.NextEventAsync("CHANNEL_DELETE")).GetProperty("id").GetString());

        using (var topic = await client.PatchAsJsonAsync($"/api/channels/{channel.Id}", new { topic = "secret plans" }))
        {
            Assert.Equal(HttpStatusCode.OK, topic.StatusCode);
        }

        Assert.Equal("secret plans", (await ownerGateway.NextEventAsync("CHANNEL_UPDATE")).GetProperty("topic").GetString());

        using (var reveal = await client.PutAsJsonAsync($"/api/channels/{channel.Id}/permissions/{member.Id}", new { type = "member", allow = View }))
        {
            Assert.Equal(HttpStatusCode.OK, reveal.StatusCode);
        }

        // The member's next event is the reveal: the topic change before it was never sent to them.
        var revealed = await memberGateway.NextEventAsync("CHANNEL_CREATE");
        Assert.Equal((channel.Id, "secret plans"), (revealed.GetProperty("id").GetString(), revealed.GetProperty("topic").GetString()));
        Assert.Equal(channel.Id, (await ownerGateway.NextEventAsync("CHANNEL_UPDATE")).GetProperty("id").GetString());

        using (var delete = await client.DeleteAsync($"/api/channels/{channel.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        foreach (var gateway in new[] { ownerGateway, memberGateway })
        {
            Assert.Equal(channel.Id, (await gateway.NextEventAsync("CHANNEL_DELETE")).GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_role_change_sends_ROLE_events_to_members_and_hides_channels_it_no_longer_lets_them_view()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        using var client = host.ClientFor(owner.AccessToken);

        using (var create = await client.PostAsJsonAsync($"/api/servers/{server.Id}/roles", new { name = "readers" }))
        {
            var role = await create.ReadAsync<Together.Api.Features.Roles.RoleDto>(HttpStatusCode.Created);
            // The join's own events may still be on their way to connections opened right after it.
            foreach (var gateway in new[] { ownerGateway, memberGateway })
            {
                Assert.Equal(role.Id, (await gateway.SkipToEventAsync("ROLE_CREATE")).GetProperty("role").GetProperty("id").GetString());
            }
        }

        var withoutView = PermissionSets.EveryoneDefault & ~Permission.ViewChannel;
        using (var patch = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{server.EveryoneRoleId}",
                   new { permissions = PermissionText.Format(withoutView) }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        foreach (var gateway in new[] { ownerGateway, memberGateway })
        {
            var update = await gateway.NextEventAsync("ROLE_UPDATE");
            Assert.Equal(PermissionText.Format(withoutView), update.GetProperty("role").GetProperty("permissions").GetString());
        }

        var hidden = new[] { await memberGateway.NextEventAsync("CHANNEL_DELETE"), await memberGateway.NextEventAsync("CHANNEL_DELETE") };
        Assert.Equal(new[] { server.TextChannelId, server.VoiceChannelId }.Order(), hidden.Select(d => d.GetProperty("id").GetString()).Order());
        using (var rename = await client.PatchAsJsonAsync($"/api/servers/{server.Id}", new { name = "after" }))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        }

        // The owner sees everything, so nothing was hidden from them: their next event is the rename.
        await ownerGateway.NextEventAsync("SERVER_UPDATE");
    }

    [Fact]
    public async Task Joining_sends_SERVER_CREATE_and_the_servers_events_follow_and_leaving_stops_them_at_once()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        using var client = host.ClientFor(owner.AccessToken);

        await host.JoinAsync(server, member);
        var joined = await memberGateway.NextEventAsync("SERVER_CREATE");
        Assert.Equal(member.Id, Assert.Single(joined.GetProperty("members").EnumerateArray()).GetProperty("user").GetProperty("id").GetString());
        await RenameAsync(client, server, "while a member");
        Assert.Equal("while a member", (await memberGateway.NextEventAsync("SERVER_UPDATE")).GetProperty("name").GetString());

        var memberId = long.Parse(member.Id, CultureInfo.InvariantCulture);
        await host.ExecuteAsync(db => db.Members.Where(m => m.ServerId == server.LongId && m.UserId == memberId).ExecuteDeleteAsync());
        await host.Services.GetRequiredService<IBus>().Publish(new ServerMembershipChanged(server.LongId, memberId, IsMember: false));
        Assert.Equal(server.Id, (await memberGateway.NextEventAsync("SERVER_DELETE")).GetProperty("id").GetString());

        await RenameAsync(client, server, "after they left");
        using (var rename = await host.ClientFor(member.AccessToken).PatchAsJsonAsync("/api/users/@me", new { displayName = "still here" }))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        }

        Assert.Equal("still here", (await memberGateway.NextEventAsync("USER_UPDATE")).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Deleting_a_server_sends_SERVER_DELETE_to_every_member_and_nothing_of_it_afterwards()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);

        using (var delete = await host.ClientFor(owner.AccessToken).DeleteAsync($"/api/servers/{server.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(server.Id, (await memberGateway.NextEventAsync("SERVER_DELETE")).GetProperty("id").GetString());
        Assert.Empty(host.Services.GetRequiredService<Together.Api.Gateway.GatewayConnections>()
            .InGroup(Together.Api.Gateway.GatewayGroups.Server(server.LongId)));
    }

    private async Task HideFromEveryoneAsync(TestUser owner, TestServer server, string channelId)
    {
        using var response = await host.ClientFor(owner.AccessToken).PutAsJsonAsync(
            $"/api/channels/{channelId}/permissions/{server.EveryoneRoleId}", new { type = "role", deny = View });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task RenameAsync(HttpClient client, TestServer server, string name)
    {
        using var response = await client.PatchAsJsonAsync($"/api/servers/{server.Id}", new { name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class ServerGatewayTestsOnSqlite(SqliteApi api) : ServerGatewayTests(api.Host), IClassFixture<SqliteApi>;

public sealed class ServerGatewayTestsOnPostgres(PostgresApi api) : ServerGatewayTests(api.Host), IClassFixture<PostgresApi>;
