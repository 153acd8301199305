using System.Text.Json;
using Together.Api.Features.Messages;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Resume through real SignalR sockets: a client that lost its connection gets exactly the events it missed, in
/// order and with their numbers, then RESUMED; whenever that cannot be done exactly, a fresh READY instead.
/// </summary>
public abstract class GatewayResumeTests(TogetherApiHost host)
{
    /// <summary>Small, so a test can overflow it.</summary>
    public const int BufferSize = 5;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Gateway:ResumeBufferSize"] = BufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Type(JsonElement gatewayEvent) => gatewayEvent.GetProperty("t").GetString()!;

    private static long Seq(JsonElement gatewayEvent) => gatewayEvent.GetProperty("s").GetInt64();

    private static string SessionId(GatewayTestClient gateway) =>
        gateway.Ready.GetProperty("d").GetProperty("sessionId").GetString()!;

    /// <summary>Sends messages as the owner and waits until the owner's own connection has them: dispatched everywhere by then.</summary>
    private async Task<List<MessageDto>> SendAsync(TestUser owner, GatewayTestClient ownerGateway, string channelId, int count)
    {
        var sent = new List<MessageDto>();
        for (var index = 0; index < count; index++)
        {
            sent.Add(await host.SendMessageAsync(owner, channelId, $"missed {index}"));
        }

        while ((await ownerGateway.SkipToEventAsync("MESSAGE_CREATE")).GetProperty("id").GetString() != sent[^1].Id)
        {
        }

        return sent;
    }

    /// <summary>A member connected and caught up with one message; returns the connection and the <c>s</c> it applied last.</summary>
    private async Task<(GatewayTestClient Gateway, long LastSeq)> ConnectAndReadOneAsync(TestUser owner, TestUser member, TestServer server)
    {
        var gateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "seen");
        while (true)
        {
            var next = await gateway.NextEventAsync();
            if (Type(next) == "MESSAGE_CREATE" && next.GetProperty("d").GetProperty("id").GetString() == message.Id)
            {
                return (gateway, Seq(next));
            }
        }
    }

    [Fact]
    public async Task Resume_after_a_dropped_connection_replays_exactly_the_missed_events_in_order_and_the_session_goes_on()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        var (dropped, lastSeq) = await ConnectAndReadOneAsync(owner, member, server);
        var sessionId = SessionId(dropped);
        await dropped.DisposeAsync();

        var missed = await SendAsync(owner, ownerGateway, server.TextChannelId, 3);
        await using var resumed = await GatewayTestClient.StartAsync(host.BaseAddress, member.AccessToken, presence: true);
        var ready = await resumed.NextEventAsync();
        Assert.Equal(("READY", 1L), (Type(ready), Seq(ready)));
        Assert.NotEqual(sessionId, ready.GetProperty("d").GetProperty("sessionId").GetString());

        // One more message races the resume: it must arrive once, after the others.
        var racing = host.SendMessageAsync(owner, server.TextChannelId, "during the resume");
        await resumed.InvokeAsync("Resume", sessionId, lastSeq);
        var during = await racing;

        // Until both RESUMED and the racing message are in: either may come first.
        var received = new List<JsonElement>();
        while (!received.Any(gatewayEvent => Type(gatewayEvent) == "RESUMED")
               || !received.Any(gatewayEvent => Type(gatewayEvent) == "MESSAGE_CREATE" && gatewayEvent.GetProperty("d").GetProperty("id").GetString() == during.Id))
        {
            received.Add(await resumed.NextEventAsync());
        }

        // Numbers go on from lastSeq without a gap but RESUMED's own; nothing but the messages and RESUMED came.
        Assert.Equal(Enumerable.Range(1, received.Count).Select(step => lastSeq + step), received.Select(Seq));
        Assert.All(received, gatewayEvent => Assert.True(Type(gatewayEvent) is "MESSAGE_CREATE" or "RESUMED", gatewayEvent.ToString()));
        var messages = received.Where(gatewayEvent => Type(gatewayEvent) == "MESSAGE_CREATE")
            .Select(gatewayEvent => gatewayEvent.GetProperty("d").GetProperty("id").GetString()).ToList();
        Assert.Equal([.. missed.Select(message => message.Id), during.Id], messages);
        var resumedEvent = Assert.Single(received, gatewayEvent => Type(gatewayEvent) == "RESUMED");
        Assert.Equal(sessionId, resumedEvent.GetProperty("d").GetProperty("sessionId").GetString());
        Assert.True(received.IndexOf(resumedEvent) >= missed.Count, "RESUMED came before a replayed event.");

        // The session goes on under its old id: later events continue its numbering, and it can be resumed again.
        var next = await host.SendMessageAsync(owner, server.TextChannelId, "after");
        var after = await resumed.NextEventAsync();
        Assert.Equal(("MESSAGE_CREATE", Seq(received[^1]) + 1), (Type(after), Seq(after)));
        Assert.Equal(next.Id, after.GetProperty("d").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Resume_takes_a_session_over_from_a_connection_the_server_still_holds_and_closes_that_one()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        var (stale, lastSeq) = await ConnectAndReadOneAsync(owner, member, server);
        await using var _ = stale;

        await using var resumed = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
        await resumed.InvokeAsync("Resume", SessionId(stale), lastSeq);

        var resumedEvent = await resumed.NextEventAsync();
        Assert.Equal(("RESUMED", lastSeq + 1), (Type(resumedEvent), Seq(resumedEvent)));
        await stale.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "to the new connection");
        Assert.Equal(message.Id, (await resumed.NextEventAsync("MESSAGE_CREATE")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Resume_with_an_unknown_session_another_users_session_or_a_number_not_sent_gets_a_fresh_READY()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        var (own, lastSeq) = await ConnectAndReadOneAsync(owner, member, server);
        await own.DisposeAsync();

        foreach (var (sessionId, seq) in new[] { ("123", 1L), ("not-an-id", 1L), (SessionId(ownerGateway), 1L), (SessionId(own), lastSeq + 5), (SessionId(own), 0L) })
        {
            await using var gateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
            await gateway.InvokeAsync("Resume", sessionId, seq);
            var fresh = await gateway.NextEventAsync();
            Assert.Equal(("READY", 2L), (Type(fresh), Seq(fresh)));
            Assert.Equal(SessionId(gateway), fresh.GetProperty("d").GetProperty("sessionId").GetString());
            Assert.Equal(server.Id, fresh.GetProperty("d").GetProperty("servers")[0].GetProperty("id").GetString());
        }

        // The owner's session was not taken: their connection still gets events, and nothing of theirs reached the member.
        var message = (await SendAsync(member, ownerGateway, server.TextChannelId, 1)).Single();

        // The member's own session was left as it was by the refused attempts: it still resumes.
        await using var resumed = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
        await resumed.InvokeAsync("Resume", SessionId(own), lastSeq);
        Assert.Equal(message.Id, (await resumed.NextEventAsync("MESSAGE_CREATE")).GetProperty("id").GetString());
        await resumed.NextEventAsync("RESUMED");
    }

    [Fact]
    public async Task Resume_after_more_events_than_the_buffer_holds_gets_a_fresh_READY()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        var (dropped, lastSeq) = await ConnectAndReadOneAsync(owner, member, server);
        await dropped.DisposeAsync();

        await SendAsync(owner, ownerGateway, server.TextChannelId, BufferSize + 1);
        await using var gateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
        await gateway.InvokeAsync("Resume", SessionId(dropped), lastSeq);

        Assert.Equal("READY", Type(await gateway.NextEventAsync()));
    }

    [Fact]
    public async Task A_second_Resume_on_one_connection_and_a_Resume_after_another_call_get_a_fresh_READY()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        var (dropped, lastSeq) = await ConnectAndReadOneAsync(owner, member, server);
        await dropped.DisposeAsync();

        await using var gateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
        await gateway.InvokeAsync("StartTyping", server.TextChannelId);
        await gateway.InvokeAsync("Resume", SessionId(dropped), lastSeq);
        Assert.Equal("READY", Type(await gateway.NextEventAsync()));
        await gateway.InvokeAsync("Resume", SessionId(dropped), lastSeq);
        Assert.Equal("READY", Type(await gateway.NextEventAsync()));
    }
}

/// <summary>A session whose connection closed longer ago than <c>Gateway:ResumeTimeout</c> is gone.</summary>
public sealed class GatewayResumeTimeoutTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Resume_after_the_timeout_gets_a_fresh_READY(DatabaseKind database)
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        await using var host = await TogetherApiHost.StartAsync(database,
            new Dictionary<string, string?> { ["Gateway:ResumeTimeout"] = timeout.ToString(), ["Gateway:OfflineGrace"] = "00:00:00" });
        var (owner, user, _) = await host.CreateServerWithMemberAsync();
        await using var observer = await GatewayTestClient.ConnectAsync(host, owner.AccessToken, presence: true);
        var dropped = await GatewayTestClient.ConnectAsync(host, user.AccessToken);
        var sessionId = dropped.Ready.GetProperty("d").GetProperty("sessionId").GetString();
        Assert.Equal("online", (await observer.NextEventAsync("PRESENCE_UPDATE")).GetProperty("status").GetString());
        await dropped.DisposeAsync();

        // Offline (no grace) means the server has seen the disconnect, and the resume timeout runs. Then past it by a
        // wide margin: a retirement later still would leave the session resumable, and the test would fail, not pass.
        Assert.Equal("offline", (await observer.NextEventAsync("PRESENCE_UPDATE")).GetProperty("status").GetString());
        await Task.Delay(timeout * 10);
        await using var gateway = await GatewayTestClient.ConnectAsync(host, user.AccessToken);
        await gateway.InvokeAsync("Resume", sessionId, 1L);

        var fresh = await gateway.NextEventAsync();
        Assert.Equal("READY", fresh.GetProperty("t").GetString());
    }
}

public sealed class GatewayResumeSqliteApi() : ApiFixture(DatabaseKind.Sqlite, GatewayResumeTests.Settings);

public sealed class GatewayResumePostgresApi() : ApiFixture(DatabaseKind.Postgres, GatewayResumeTests.Settings);

public sealed class GatewayResumeTestsOnSqlite(GatewayResumeSqliteApi api) : GatewayResumeTests(api.Host), IClassFixture<GatewayResumeSqliteApi>;

public sealed class GatewayResumeTestsOnPostgres(GatewayResumePostgresApi api) : GatewayResumeTests(api.Host), IClassFixture<GatewayResumePostgresApi>;
