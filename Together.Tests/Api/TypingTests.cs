using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Together.Api.Infrastructure.RateLimiting;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Typing over REST and the hub, through real SignalR sockets: TYPING_START reaches the other connections that may
/// view the channel, repeats within 2 s are coalesced, a flood is refused, and the same permission checks apply.
/// </summary>
public abstract class TypingTests(TogetherApiHost host)
{
    /// <summary>A USER_UPDATE to <paramref name="user"/>: anything published for them earlier arrives before it.</summary>
    private async Task MarkAsync(TestUser user)
    {
        using var client = host.ClientFor(user.AccessToken);
        using var response = await client.PatchAsJsonAsync("/api/users/@me", new { displayName = "marker" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> TypeAsync(TestUser user, string channelId)
    {
        using var client = host.ClientFor(user.AccessToken);
        return await client.PostAsync($"/api/channels/{channelId}/typing", null);
    }

    [Fact]
    public async Task Typing_reaches_other_viewers_but_not_the_typists_own_connections_nor_members_who_cannot_view()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var hidden = await host.RegisterAsync();
        await host.JoinAsync(server, hidden);
        await host.DenyInChannelAsync(server.TextChannelId, hidden, Permission.ViewChannel);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        await using var typistGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        await using var hiddenGateway = await GatewayTestClient.ConnectAsync(host, hidden.AccessToken);
        var before = DateTimeOffset.UtcNow;

        using (var response = await TypeAsync(member, server.TextChannelId))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var typing = await ownerGateway.NextEventAsync("TYPING_START");
        Assert.Equal(server.TextChannelId, typing.GetProperty("channelId").GetString());
        Assert.Equal(server.Id, typing.GetProperty("serverId").GetString());
        Assert.Equal(member.Id, typing.GetProperty("userId").GetString());
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(typing.GetProperty("timestamp").GetInt64());
        Assert.InRange(timestamp, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        await MarkAsync(member);
        await typistGateway.NextEventAsync("USER_UPDATE");
        await MarkAsync(hidden);
        await hiddenGateway.NextEventAsync("USER_UPDATE");
    }

    [Fact]
    public async Task StartTyping_on_the_hub_is_announced_once_per_interval_and_a_flood_is_refused_on_hub_and_REST()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        await using var typistGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);

        // Three calls well within the 2 s interval: one announcement.
        for (var call = 0; call < 3; call++)
        {
            await typistGateway.InvokeAsync("StartTyping", server.TextChannelId);
        }

        Assert.Equal(member.Id, (await ownerGateway.NextEventAsync("TYPING_START")).GetProperty("userId").GetString());
        await MarkAsync(owner);
        await ownerGateway.NextEventAsync("USER_UPDATE");

        // The flood limit counts every call, coalesced or not, over the hub and REST together.
        for (var call = 3; call < new RateLimitOptions().TypingPerUser.PermitLimit; call++)
        {
            using var accepted = await TypeAsync(member, server.TextChannelId);
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        }

        using (var refused = await TypeAsync(member, server.TextChannelId))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        var error = await Assert.ThrowsAsync<HubException>(() => typistGateway.InvokeAsync("StartTyping", server.TextChannelId));
        Assert.Contains("rate_limited:", error.Message, StringComparison.Ordinal);

        // Someone else is not held back by the flooder.
        using var other = await TypeAsync(owner, server.TextChannelId);
        Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
    }

    [Fact]
    public async Task Typing_needs_SEND_MESSAGES_in_a_text_channel_the_caller_can_view()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var stranger = await host.RegisterAsync();
        await host.DenyInChannelAsync(server.TextChannelId, member, Permission.SendMessages);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        await using var strangerGateway = await GatewayTestClient.ConnectAsync(host, stranger.AccessToken);

        using (var response = await TypeAsync(member, server.TextChannelId))
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        }

        using (var response = await TypeAsync(stranger, server.TextChannelId))
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        using (var response = await TypeAsync(owner, server.VoiceChannelId))
        {
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "not_text_channel");
        }

        var forbidden = await Assert.ThrowsAsync<HubException>(() => memberGateway.InvokeAsync("StartTyping", server.TextChannelId));
        Assert.Contains("missing_permission:", forbidden.Message, StringComparison.Ordinal);
        foreach (var channelId in new[] { server.TextChannelId, "not-an-id", "0" })
        {
            var error = await Assert.ThrowsAsync<HubException>(() => strangerGateway.InvokeAsync("StartTyping", channelId));
            Assert.Contains("not_found:", error.Message, StringComparison.Ordinal);
        }

        // Nothing refused was announced.
        await MarkAsync(owner);
        await ownerGateway.NextEventAsync("USER_UPDATE");
    }
}

public sealed class TypingTestsOnSqlite(SqliteApi api) : TypingTests(api.Host), IClassFixture<SqliteApi>;

public sealed class TypingTestsOnPostgres(PostgresApi api) : TypingTests(api.Host), IClassFixture<PostgresApi>;
