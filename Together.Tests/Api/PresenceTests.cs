using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Together.Api.Features.Presence;
using Together.Api.Features.Servers;
using Together.Api.Infrastructure.RateLimiting;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Presence through real SignalR sockets: who sees which status, when a user goes offline, what READY and the member
/// list say, and the limit on UpdatePresence.
/// </summary>
public abstract class PresenceTests(TogetherApiHost host)
{
    /// <summary>The host's <c>Gateway:OfflineGrace</c>: long enough that a reconnect in a test falls within it.</summary>
    public static readonly TimeSpan OfflineGrace = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Gateway:OfflineGrace"] = OfflineGrace.ToString(),
    };

    /// <summary>A USER_UPDATE to <paramref name="user"/>: anything published for them earlier arrives before it.</summary>
    private async Task MarkAsync(TestUser user)
    {
        using var client = host.ClientFor(user.AccessToken);
        using var response = await client.PatchAsJsonAsync("/api/users/@me", new { displayName = "marker" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The next event must be PRESENCE_UPDATE about <paramref name="user"/>.</summary>
    private static async Task<JsonElement> NextPresenceAsync(GatewayTestClient gateway, TestUser user, string status)
    {
        var presence = await gateway.NextEventAsync("PRESENCE_UPDATE");
        Assert.Equal(user.Id, presence.GetProperty("userId").GetString());
        Assert.Equal(status, presence.GetProperty("status").GetString());
        return presence;
    }

    private static Task UpdatePresenceAsync(GatewayTestClient gateway, string status, object? customStatus = null) =>
        gateway.InvokeAsync("UpdatePresence", status, customStatus);

    [Fact]
    public async Task A_co_member_sees_online_idle_dnd_with_custom_status_and_invisible_as_offline_and_a_stranger_sees_nothing()
    {
        var (owner, member, _) = await host.CreateServerWithMemberAsync();
        var stranger = await host.RegisterAsync();
        await host.CreateServerAsync(stranger);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken, presence: true);
        await using var strangerGateway = await GatewayTestClient.ConnectAsync(host, stranger.AccessToken, presence: true);

        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
        await NextPresenceAsync(ownerGateway, member, "online");

        await UpdatePresenceAsync(memberGateway, "idle");
        await NextPresenceAsync(ownerGateway, member, "idle");
        await NextPresenceAsync(memberGateway, member, "idle");

        await UpdatePresenceAsync(memberGateway, "dnd", new { text = "  In a meeting ", emoji = "🔥" });
        var dnd = await NextPresenceAsync(ownerGateway, member, "dnd");
        Assert.Equal("In a meeting", dnd.GetProperty("customStatus").GetProperty("text").GetString());
        Assert.Equal("🔥", dnd.GetProperty("customStatus").GetProperty("emoji").GetString());
        await NextPresenceAsync(memberGateway, member, "dnd");

        await UpdatePresenceAsync(memberGateway, "invisible", new { text = "hidden", emoji = (string?)null });
        var invisible = await NextPresenceAsync(ownerGateway, member, "offline");
        Assert.Equal(JsonValueKind.Null, invisible.GetProperty("customStatus").ValueKind);
        var own = await NextPresenceAsync(memberGateway, member, "invisible");
        Assert.Equal("hidden", own.GetProperty("customStatus").GetProperty("text").GetString());

        // Invisible to invisible with another text: the user's own connections hear it, others see nothing new.
        await UpdatePresenceAsync(memberGateway, "invisible");
        await NextPresenceAsync(memberGateway, member, "invisible");
        await UpdatePresenceAsync(memberGateway, "online");
        await NextPresenceAsync(ownerGateway, member, "online");
        await NextPresenceAsync(memberGateway, member, "online");

        // The stranger shares no server with either: the marker is the first event after their READY.
        await MarkAsync(stranger);
        await strangerGateway.NextEventAsync("USER_UPDATE");
        await MarkAsync(owner);
        await ownerGateway.NextEventAsync("USER_UPDATE");
    }

    [Fact]
    public async Task READY_has_co_members_presences_a_second_connection_changes_nothing_and_the_last_one_closing_goes_offline_after_the_grace()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var third = await host.RegisterAsync();
        await host.JoinAsync(server, third);
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken, presence: true);
        var first = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
        await NextPresenceAsync(ownerGateway, member, "online");
        await UpdatePresenceAsync(first, "dnd", new { text = "focus", emoji = (string?)null });
        await NextPresenceAsync(ownerGateway, member, "dnd");
        var second = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);

        // The chosen status holds for every connection of the user, and READY says so.
        var ownPresence = second.Ready.GetProperty("d").GetProperty("presence");
        Assert.Equal("dnd", ownPresence.GetProperty("status").GetString());
        await using (var thirdGateway = await GatewayTestClient.ConnectAsync(host, third.AccessToken, presence: true))
        {
            var presences = thirdGateway.Ready.GetProperty("d").GetProperty("presences").EnumerateArray()
                .ToDictionary(presence => presence.GetProperty("userId").GetString()!, presence => presence);
            Assert.Equal(["dnd", "online"], new[] { member.Id, owner.Id }.Select(id => presences[id].GetProperty("status").GetString()));
            Assert.Equal("focus", presences[member.Id].GetProperty("customStatus").GetProperty("text").GetString());
            Assert.DoesNotContain(third.Id, presences.Keys);
            await NextPresenceAsync(ownerGateway, third, "online");
        }

        await NextPresenceAsync(ownerGateway, third, "offline");

        // One of two connections closes: still online, nothing is said. A reconnect within the grace says nothing either.
        await first.DisposeAsync();
        await second.DisposeAsync();
        await using (await GatewayTestClient.ConnectAsync(host, member.AccessToken))
        {
            await MarkAsync(owner);
            await ownerGateway.NextEventAsync("USER_UPDATE");
            Assert.Equal("dnd", await MemberStatusAsync(owner, server, member));
        }

        // Not before the grace; after it, as soon as a loaded machine gets there (the slack is for the machine, not the design).
        var closed = Stopwatch.StartNew();
        var offline = (await ownerGateway.NextEventAsync(OfflineGrace + Slack)).GetProperty("d");
        Assert.Equal(member.Id, offline.GetProperty("userId").GetString());
        Assert.Equal("offline", offline.GetProperty("status").GetString());
        Assert.InRange(closed.Elapsed, OfflineGrace - TimeSpan.FromMilliseconds(500), OfflineGrace + Slack);
        Assert.Equal("offline", await MemberStatusAsync(owner, server, member));
    }

    [Fact]
    public async Task The_member_list_gives_each_members_status_as_others_see_it()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var ownerGateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken, presence: true);
        Assert.Equal("offline", await MemberStatusAsync(owner, server, member));
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken, presence: true);
        await NextPresenceAsync(ownerGateway, member, "online");
        await UpdatePresenceAsync(memberGateway, "idle");
        await NextPresenceAsync(ownerGateway, member, "idle");

        using var client = host.ClientFor(owner.AccessToken);
        var members = await (await client.GetAsync($"/api/servers/{server.Id}/members")).ReadAsync<List<MemberDto>>(HttpStatusCode.OK);
        Assert.Equal("idle", members.Single(listed => listed.User.Id == member.Id).Status);
        Assert.Equal("online", members.Single(listed => listed.User.Id == owner.Id).Status);

        await UpdatePresenceAsync(memberGateway, "invisible");
        await NextPresenceAsync(ownerGateway, member, "offline");
        Assert.Equal("offline", await MemberStatusAsync(owner, server, member));
    }

    [Fact]
    public async Task UpdatePresence_refuses_bad_values_and_a_flood_with_the_REST_codes()
    {
        var picky = await host.RegisterAsync();
        await using (var gateway = await GatewayTestClient.ConnectAsync(host, picky.AccessToken))
        {
            foreach (var (status, customStatus) in new (string, object?)[]
                     {
                         ("away", null), ("offline", null), ("online", new { text = "   ", emoji = (string?)null }),
                         ("online", new { text = new string('x', CustomStatus.TextMaxLength + 1), emoji = (string?)null }),
                         ("online", new { text = (string?)null, emoji = "not an emoji" }),
                     })
            {
                var refused = await Assert.ThrowsAsync<HubException>(() => UpdatePresenceAsync(gateway, status, customStatus));
                Assert.Contains("validation_failed:", refused.Message, StringComparison.Ordinal);
            }
        }

        var flooder = await host.RegisterAsync();
        await using var flooding = await GatewayTestClient.ConnectAsync(host, flooder.AccessToken);
        for (var call = 0; call < new RateLimitOptions().PresencePerUser.PermitLimit; call++)
        {
            await UpdatePresenceAsync(flooding, call % 2 == 0 ? "idle" : "online");
        }

        var limited = await Assert.ThrowsAsync<HubException>(() => UpdatePresenceAsync(flooding, "dnd"));
        Assert.Contains("rate_limited:", limited.Message, StringComparison.Ordinal);
    }

    private async Task<string?> MemberStatusAsync(TestUser viewer, TestServer server, TestUser member)
    {
        using var client = host.ClientFor(viewer.AccessToken);
        using var response = await client.GetAsync($"/api/servers/{server.Id}/members/{member.Id}");
        return (await response.ReadAsync<MemberDto>(HttpStatusCode.OK)).Status;
    }
}

public sealed class PresenceSqliteApi() : ApiFixture(DatabaseKind.Sqlite, PresenceTests.Settings);

public sealed class PresencePostgresApi() : ApiFixture(DatabaseKind.Postgres, PresenceTests.Settings);

public sealed class PresenceTestsOnSqlite(PresenceSqliteApi api) : PresenceTests(api.Host), IClassFixture<PresenceSqliteApi>;

public sealed class PresenceTestsOnPostgres(PresencePostgresApi api) : PresenceTests(api.Host), IClassFixture<PresencePostgresApi>;
