using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Gateway;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// DMs over real SignalR sockets: participants (and only they) hear of the channel and its messages, a blocker hears
/// nothing from the blocked user, group DM membership changes reach live connections, and READY carries DMs.
/// </summary>
public abstract class DirectMessagesGatewayTests(TogetherApiHost host)
{
    private static string Type(JsonElement gatewayEvent) => gatewayEvent.GetProperty("t").GetString()!;

    private static JsonElement Data(JsonElement gatewayEvent) => gatewayEvent.GetProperty("d");

    /// <summary>
    /// Every event <paramref name="user"/> receives up to a USER_UPDATE sent to them last: events are consumed in
    /// publish order, so whatever was meant for them before it has arrived by then.
    /// </summary>
    private async Task<List<JsonElement>> EventsUntilMarkerAsync(TestUser user, GatewayTestClient gateway)
    {
        using (var client = host.ClientFor(user.AccessToken))
        using (var response = await client.PatchAsJsonAsync("/api/users/@me", new { displayName = "marker" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var events = new List<JsonElement>();
        while (true)
        {
            var next = await gateway.NextEventAsync();
            if (Type(next) == "USER_UPDATE")
            {
                return events;
            }

            events.Add(next);
        }
    }

    private static bool Concerns(JsonElement gatewayEvent, string channelId) =>
        Data(gatewayEvent).GetRawText().Contains(channelId, StringComparison.Ordinal);

    [Fact]
    public async Task Participants_get_the_DM_and_its_messages_and_a_third_user_gets_nothing()
    {
        var alice = await host.RegisterAsync();
        var friends = await host.RegisterAcquaintancesAsync(alice, 2);
        var (bob, carol) = (friends[0], friends[1]);
        await using var aliceGateway = await GatewayTestClient.ConnectAsync(host, alice.AccessToken);
        await using var bobGateway = await GatewayTestClient.ConnectAsync(host, bob.AccessToken);
        await using var carolGateway = await GatewayTestClient.ConnectAsync(host, carol.AccessToken);

        var dm = await host.OpenDmAsync(alice, bob);
        var sent = await host.SendMessageAsync(alice, dm.Id, $"psst <@{bob.Id}>", nonce: "dm-1");
        using (var client = host.ClientFor(bob.AccessToken))
        {
            (await client.PutAsync($"/api/channels/{dm.Id}/messages/{sent.Id}/reactions/%F0%9F%91%8D/@me", null)).Dispose();
        }

        await bobGateway.InvokeAsync("StartTyping", dm.Id);

        foreach (var gateway in new[] { aliceGateway, bobGateway })
        {
            var created = await gateway.SkipToEventAsync("CHANNEL_CREATE");
            Assert.Equal(dm.Id, created.GetProperty("id").GetString());
            Assert.Equal("dm", created.GetProperty("type").GetString());
            Assert.Equal(2, created.GetProperty("recipients").GetArrayLength());
            var message = await gateway.NextEventAsync();
            Assert.Equal("MESSAGE_CREATE", Type(message));
            Assert.Equal(sent.Id, Data(message).GetProperty("id").GetString());
            Assert.Equal("dm-1", Data(message).GetProperty("nonce").GetString());
            var reaction = await gateway.NextEventAsync();
            Assert.Equal("MESSAGE_REACTION_ADD", Type(reaction));
            Assert.Equal(JsonValueKind.Null, Data(reaction).GetProperty("serverId").ValueKind);
        }

        var typing = await aliceGateway.NextEventAsync();
        Assert.Equal("TYPING_START", Type(typing));
        Assert.Equal(bob.Id, Data(typing).GetProperty("userId").GetString());
        Assert.DoesNotContain(await EventsUntilMarkerAsync(bob, bobGateway), gatewayEvent => Type(gatewayEvent) == "TYPING_START");
        Assert.DoesNotContain(await EventsUntilMarkerAsync(carol, carolGateway), gatewayEvent => Concerns(gatewayEvent, dm.Id));
    }

    [Fact]
    public async Task The_blocker_receives_nothing_from_the_blocked_user()
    {
        var alice = await host.RegisterAsync();
        var bob = (await host.RegisterAcquaintancesAsync(alice, 1))[0];
        var dm = await host.OpenDmAsync(alice, bob);
        var before = await host.SendMessageAsync(alice, dm.Id, "before");
        await host.BlockAsync(bob, alice);
        await using var bobGateway = await GatewayTestClient.ConnectAsync(host, bob.AccessToken);

        using (var client = host.ClientFor(alice.AccessToken))
        {
            await (await client.PostAsJsonAsync($"/api/channels/{dm.Id}/messages", new { content = "hello?" }))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
            await (await client.PutAsync($"/api/channels/{dm.Id}/messages/{before.Id}/reactions/%F0%9F%91%8D/@me", null))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
            await (await client.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = new[] { bob.Id } }))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
        }

        await using (var aliceGateway = await GatewayTestClient.ConnectAsync(host, alice.AccessToken))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => aliceGateway.InvokeAsync("StartTyping", dm.Id));
            Assert.Contains("blocked", refused.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(await EventsUntilMarkerAsync(bob, bobGateway), gatewayEvent => Concerns(gatewayEvent, dm.Id));
        Assert.Equal(1, await host.CountMessagesAsync(dm.Id));
    }

    [Fact]
    public async Task Group_DM_members_added_hear_of_it_and_members_removed_hear_no_more()
    {
        var owner = await host.RegisterAsync();
        var others = await host.RegisterAcquaintancesAsync(owner, 3);
        var group = await host.OpenDmAsync(owner, others.Take(2));
        await using var joinerGateway = await GatewayTestClient.ConnectAsync(host, others[2].AccessToken);
        await using var leaverGateway = await GatewayTestClient.ConnectAsync(host, others[1].AccessToken);
        using var client = host.ClientFor(owner.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/api/channels/{group.Id}/recipients/{others[2].Id}", null)).StatusCode);
        var created = await joinerGateway.SkipToEventAsync("CHANNEL_CREATE");
        Assert.Equal(group.Id, created.GetProperty("id").GetString());
        Assert.Equal(4, created.GetProperty("recipients").GetArrayLength());
        var updated = await leaverGateway.SkipToEventAsync("CHANNEL_UPDATE");
        Assert.Equal(4, updated.GetProperty("recipients").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/channels/{group.Id}/recipients/{others[1].Id}")).StatusCode);
        var deleted = await leaverGateway.SkipToEventAsync("CHANNEL_DELETE");
        Assert.Equal(group.Id, deleted.GetProperty("id").GetString());

        var message = await host.SendMessageAsync(owner, group.Id, "who is still here?");
        Assert.Equal(message.Id, (await joinerGateway.SkipToEventAsync("MESSAGE_CREATE")).GetProperty("id").GetString());
        Assert.DoesNotContain(await EventsUntilMarkerAsync(others[1], leaverGateway), gatewayEvent => Concerns(gatewayEvent, group.Id));
    }

    [Fact]
    public async Task READY_carries_the_DMs_their_read_states_and_the_notification_settings()
    {
        var alice = await host.RegisterAsync();
        var bob = (await host.RegisterAcquaintancesAsync(alice, 1))[0];
        var dm = await host.OpenDmAsync(alice, bob);
        var mention = await host.SendMessageAsync(alice, dm.Id, $"<@{bob.Id}> look");
        using (var client = host.ClientFor(bob.AccessToken))
        using (var response = await client.PatchAsJsonAsync($"/api/users/@me/notification-settings/channels/{dm.Id}", new { level = "mentions" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var gateway = await GatewayTestClient.ConnectAsync(host, bob.AccessToken);
        var ready = Data(gateway.Ready);
        var channel = Assert.Single(ready.GetProperty("privateChannels").EnumerateArray());
        Assert.Equal(dm.Id, channel.GetProperty("id").GetString());
        Assert.Equal(mention.Id, channel.GetProperty("lastMessageId").GetString());
        var state = ready.GetProperty("readStates").EnumerateArray().Single(candidate => candidate.GetProperty("channelId").GetString() == dm.Id);
        Assert.Equal(1, state.GetProperty("mentionCount").GetInt32());
        Assert.True(state.GetProperty("unread").GetBoolean());
        var setting = Assert.Single(ready.GetProperty("notificationSettings").EnumerateArray());
        Assert.Equal(dm.Id, setting.GetProperty("channelId").GetString());
        Assert.Equal("mentions", setting.GetProperty("level").GetString());
        Assert.Equal(JsonValueKind.Null, setting.GetProperty("serverId").ValueKind);
    }

    [Fact]
    public async Task A_MessagePack_client_gets_the_DMs_and_notification_settings_in_READY()
    {
        var alice = await host.RegisterAsync();
        var bob = (await host.RegisterAcquaintancesAsync(alice, 1))[0];
        var dm = await host.OpenDmAsync(alice, bob);
        using (var client = host.ClientFor(alice.AccessToken))
        using (var response = await client.PatchAsJsonAsync($"/api/users/@me/notification-settings/channels/{dm.Id}",
            new { mutedUntil = "2031-05-06T07:08:09Z" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var ready = new TaskCompletionSource<GatewayEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/gateway"), options =>
                options.AccessTokenProvider = () => Task.FromResult<string?>(alice.AccessToken))
            .AddMessagePackProtocol()
            .Build();
        connection.On<GatewayEvent>("event", gatewayEvent => ready.TrySetResult(gatewayEvent));
        await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var data = Assert.IsAssignableFrom<IDictionary<object, object>>((await ready.Task.WaitAsync(TimeSpan.FromSeconds(10))).Data);
        var channel = Assert.IsAssignableFrom<IDictionary<object, object>>(Assert.Single(Assert.IsAssignableFrom<object[]>(data["privateChannels"])));
        Assert.Equal(dm.Id, channel["id"]);
        Assert.Equal("dm", channel["type"]);
        Assert.Equal(2, Assert.IsAssignableFrom<object[]>(channel["recipients"]).Length);
        var setting = Assert.IsAssignableFrom<IDictionary<object, object>>(Assert.Single(Assert.IsAssignableFrom<object[]>(data["notificationSettings"])));
        Assert.Equal(dm.Id, setting["channelId"]);
        Assert.Equal("default", setting["level"]);
    }
}

public sealed class DirectMessagesGatewayTestsOnSqlite(SqliteApi api) : DirectMessagesGatewayTests(api.Host), IClassFixture<SqliteApi>;

public sealed class DirectMessagesGatewayTestsOnPostgres(PostgresApi api) : DirectMessagesGatewayTests(api.Host), IClassFixture<PostgresApi>;
