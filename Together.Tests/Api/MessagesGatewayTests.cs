using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Messaging events over real SignalR sockets: who receives MESSAGE_* and reactions (those who may view the
/// channel at that moment), in order, and READ_STATE_UPDATE on the user's own connections.
/// </summary>
public abstract class MessagesGatewayTests(TogetherApiHost host)
{
    private static string Type(JsonElement gatewayEvent) => gatewayEvent.GetProperty("t").GetString()!;

    private static JsonElement Data(JsonElement gatewayEvent) => gatewayEvent.GetProperty("d");

    /// <summary>
    /// A USER_UPDATE to <paramref name="user"/> only: gateway events are consumed one at a time in publish order, so
    /// anything meant for them and published earlier reaches them before it.
    /// </summary>
    private async Task MarkAsync(TestUser user, string name)
    {
        using var client = host.ClientFor(user.AccessToken);
        using var response = await client.PatchAsJsonAsync("/api/users/@me", new { displayName = name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_member_who_can_see_the_channel_gets_MESSAGE_CREATE_with_the_nonce_and_a_stranger_gets_nothing()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var stranger = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        await using var strangerGateway = await GatewayTestClient.ConnectAsync(host, stranger.AccessToken);

        var sent = await host.SendMessageAsync(owner, server.TextChannelId, $"hello <@{member.Id}>", nonce: "n-42");

        foreach (var gateway in new[] { ownerGateway, memberGateway })
        {
            var created = await gateway.NextEventAsync();
            Assert.Equal("MESSAGE_CREATE", Type(created));
            Assert.Equal(sent.Id, Data(created).GetProperty("id").GetString());
            Assert.Equal("n-42", Data(created).GetProperty("nonce").GetString());
            Assert.Equal($"hello <@{member.Id}>", Data(created).GetProperty("content").GetString());
            Assert.Equal(member.Id, Data(created).GetProperty("mentions")[0].GetString());
        }

        await MarkAsync(stranger, "marker");
        Assert.Equal("USER_UPDATE", Type(await strangerGateway.NextEventAsync()));
    }

    [Fact]
    public async Task A_member_whose_view_is_taken_away_by_an_overwrite_receives_no_more_messages_of_the_channel()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        await host.SendMessageAsync(owner, server.TextChannelId, "while visible");
        Assert.Equal("MESSAGE_CREATE", Type(await memberGateway.NextEventAsync()));

        using (var client = host.ClientFor(owner.AccessToken))
        using (var overwrite = await client.PutAsJsonAsync($"/api/channels/{server.TextChannelId}/permissions/{member.Id}",
            new { type = "member", deny = PermissionText.Format(Permission.ViewChannel) }))
        {
            Assert.Equal(HttpStatusCode.OK, overwrite.StatusCode);
        }

        var hidden = await memberGateway.NextEventAsync();
        Assert.Equal("CHANNEL_DELETE", Type(hidden));
        Assert.Equal(server.TextChannelId, Data(hidden).GetProperty("id").GetString());

        var secret = await host.SendMessageAsync(owner, server.TextChannelId, "after the overwrite");
        using (var client = host.ClientFor(owner.AccessToken))
        {
            (await client.PutAsync($"/api/channels/{server.TextChannelId}/messages/{secret.Id}/reactions/%F0%9F%91%8D/@me", null)).Dispose();
            (await client.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{secret.Id}")).Dispose();
        }

        await MarkAsync(member, "marker");
        Assert.Equal("USER_UPDATE", Type(await memberGateway.NextEventAsync()));
    }

    [Fact]
    public async Task Edits_pins_reactions_and_deletes_reach_viewers_in_order()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "first draft");
        var other = await host.SendMessageAsync(owner, server.TextChannelId, "another");
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        using var client = host.ClientFor(owner.AccessToken);
        var path = $"/api/channels/{server.TextChannelId}";

        (await client.PatchAsJsonAsync($"{path}/messages/{message.Id}", new { content = "final" })).Dispose();
        (await client.PutAsync($"{path}/pins/{message.Id}", null)).Dispose();
        (await client.PutAsync($"{path}/messages/{message.Id}/reactions/%F0%9F%91%8D/@me", null)).Dispose();
        (await client.DeleteAsync($"{path}/messages/{message.Id}/reactions/%F0%9F%91%8D/@me")).Dispose();
        (await client.DeleteAsync($"{path}/messages/{message.Id}")).Dispose();
        (await client.PostAsJsonAsync($"{path}/messages/bulk-delete", new { messages = new[] { other.Id } })).Dispose();

        // The sends' MESSAGE_CREATEs may still arrive after the connection opened (the bus delivers after the answer).
        var events = new List<JsonElement>();
        while (events.Count < 6)
        {
            var next = await memberGateway.NextEventAsync();
            if (events.Count > 0 || Type(next) != "MESSAGE_CREATE")
            {
                events.Add(next);
            }
        }

        Assert.Equal(["MESSAGE_UPDATE", "MESSAGE_UPDATE", "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK"],
            events.Select(Type));
        Assert.Equal("final", Data(events[0]).GetProperty("content").GetString());
        Assert.False(Data(events[0]).GetProperty("editedAt").ValueKind == JsonValueKind.Null);
        Assert.True(Data(events[1]).GetProperty("pinned").GetBoolean());
        Assert.Equal("👍", Data(events[2]).GetProperty("emoji").GetString());
        Assert.Equal(owner.Id, Data(events[2]).GetProperty("userId").GetString());
        Assert.Equal(message.Id, Data(events[4]).GetProperty("id").GetString());
        Assert.Equal(other.Id, Data(events[5]).GetProperty("ids")[0].GetString());
        var first = events[0].GetProperty("s").GetInt64();
        Assert.Equal(Enumerable.Range(0, 6).Select(offset => first + offset), events.Select(each => each.GetProperty("s").GetInt64()));
    }

    [Fact]
    public async Task Acking_sends_READ_STATE_UPDATE_to_the_users_own_connections_only()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, $"<@{member.Id}> read me");
        await using var phone = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);

        using (var client = host.ClientFor(member.AccessToken))
        using (var ack = await client.PostAsync($"/api/channels/{server.TextChannelId}/ack/{message.Id}", null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        var update = await phone.NextEventAsync("READ_STATE_UPDATE");
        Assert.Equal(message.Id, update.GetProperty("lastReadMessageId").GetString());
        Assert.Equal(0, update.GetProperty("mentionCount").GetInt32());
        await MarkAsync(owner, "marker");
        var ownerEvents = new List<string>();
        while (ownerEvents.LastOrDefault() != "USER_UPDATE")
        {
            ownerEvents.Add(Type(await ownerGateway.NextEventAsync()));
        }

        Assert.DoesNotContain("READ_STATE_UPDATE", ownerEvents);
    }

    [Fact]
    public async Task READY_carries_the_callers_read_state_of_each_text_channel_they_may_view()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var mention = await host.SendMessageAsync(owner, server.TextChannelId, $"<@{member.Id}> look");
        var latest = await host.SendMessageAsync(owner, server.TextChannelId, "and this");

        await using (var gateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken))
        {
            var state = Assert.Single(Data(gateway.Ready).GetProperty("readStates").EnumerateArray());
            Assert.Equal(server.TextChannelId, state.GetProperty("channelId").GetString());
            Assert.Equal(JsonValueKind.Null, state.GetProperty("lastReadMessageId").ValueKind);
            Assert.Equal(1, state.GetProperty("mentionCount").GetInt32());
            Assert.Equal(latest.Id, state.GetProperty("lastMessageId").GetString());
            Assert.True(state.GetProperty("unread").GetBoolean());
        }

        using (var client = host.ClientFor(member.AccessToken))
        using (var ack = await client.PostAsync($"/api/channels/{server.TextChannelId}/ack/{mention.Id}", null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        await using (var gateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken))
        {
            var state = Assert.Single(Data(gateway.Ready).GetProperty("readStates").EnumerateArray());
            Assert.Equal(mention.Id, state.GetProperty("lastReadMessageId").GetString());
            Assert.Equal(0, state.GetProperty("mentionCount").GetInt32());
            Assert.True(state.GetProperty("unread").GetBoolean());
        }

        // A channel hidden from the member has no read state in READY.
        await host.DenyInChannelAsync(server.TextChannelId, member, Permission.ViewChannel);
        await using (var gateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken))
        {
            Assert.Empty(Data(gateway.Ready).GetProperty("readStates").EnumerateArray());
        }
    }
}

public sealed class MessagesGatewayTestsOnSqlite(SqliteApi api) : MessagesGatewayTests(api.Host), IClassFixture<SqliteApi>;

public sealed class MessagesGatewayTestsOnPostgres(PostgresApi api) : MessagesGatewayTests(api.Host), IClassFixture<PostgresApi>;
