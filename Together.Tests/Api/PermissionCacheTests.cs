using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Permission snapshots are cached between requests (PermissionSnapshotCache). Each test warms the cache with a
/// request the member may make, changes what permissions are computed from through the API, and expects the very
/// next request to be judged on the change: nothing here waits for the cache to expire.
/// </summary>
public abstract class PermissionCacheTests(TogetherApiHost host)
{
    [Fact]
    public async Task An_overwrite_hiding_the_channel_applies_to_the_next_request()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await host.HistoryAsync(member, server.TextChannelId);

        using var ownerClient = host.ClientFor(owner.AccessToken);
        using var hide = await ownerClient.PutAsJsonAsync($"/api/channels/{server.TextChannelId}/permissions/{member.Id}",
            new { type = "member", deny = PermissionText.Format(Permission.ViewChannel) });
        Assert.Equal(HttpStatusCode.OK, hide.StatusCode);

        await AssertHiddenAsync(member, server.TextChannelId);
        using var show = await ownerClient.DeleteAsync($"/api/channels/{server.TextChannelId}/permissions/{member.Id}");
        Assert.Equal(HttpStatusCode.NoContent, show.StatusCode);
        await host.HistoryAsync(member, server.TextChannelId);
    }

    [Fact]
    public async Task A_role_losing_a_permission_applies_to_the_next_request()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await host.SendMessageAsync(member, server.TextChannelId, "allowed");

        using var ownerClient = host.ClientFor(owner.AccessToken);
        using var edit = await ownerClient.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{server.EveryoneRoleId}",
            new { permissions = PermissionText.Format(Permission.ViewChannel | Permission.ReadMessageHistory) });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        using var memberClient = host.ClientFor(member.AccessToken);
        using var refused = await memberClient.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/messages", new { content = "no longer" });
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
    }

    [Fact]
    public async Task Taking_a_role_away_applies_to_the_next_request()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        using var ownerClient = host.ClientFor(owner.AccessToken);
        var seeHidden = await host.CreateRoleAsync(server, Permission.ViewChannel, "sees hidden");
        using var give = await ownerClient.PutAsync($"/api/servers/{server.Id}/members/{member.Id}/roles/{seeHidden}", null);
        Assert.Equal(HttpStatusCode.OK, give.StatusCode);
        using var hide = await ownerClient.PutAsJsonAsync($"/api/channels/{server.TextChannelId}/permissions/{server.EveryoneRoleId}",
            new { type = "role", deny = PermissionText.Format(Permission.ViewChannel) });
        using var allowRole = await ownerClient.PutAsJsonAsync($"/api/channels/{server.TextChannelId}/permissions/{seeHidden}",
            new { type = "role", allow = PermissionText.Format(Permission.ViewChannel) });
        Assert.Equal(HttpStatusCode.OK, allowRole.StatusCode);
        await host.HistoryAsync(member, server.TextChannelId);

        using var take = await ownerClient.DeleteAsync($"/api/servers/{server.Id}/members/{member.Id}/roles/{seeHidden}");
        Assert.Equal(HttpStatusCode.OK, take.StatusCode);

        await AssertHiddenAsync(member, server.TextChannelId);
    }

    [Fact]
    public async Task Leaving_and_joining_again_apply_to_the_next_request()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await host.HistoryAsync(member, server.TextChannelId);
        using var memberClient = host.ClientFor(member.AccessToken);

        using var leave = await memberClient.DeleteAsync($"/api/servers/{server.Id}/members/@me");
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        await AssertHiddenAsync(member, server.TextChannelId);

        using var ownerClient = host.ClientFor(owner.AccessToken);
        using var created = await ownerClient.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/invites", new { });
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        using var join = await memberClient.PostAsync($"/api/invites/{code}", null);
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        await host.HistoryAsync(member, server.TextChannelId);
    }

    [Fact]
    public async Task A_kick_applies_to_the_next_request()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await host.HistoryAsync(member, server.TextChannelId);

        using var ownerClient = host.ClientFor(owner.AccessToken);
        using var kick = await ownerClient.DeleteAsync($"/api/servers/{server.Id}/members/{member.Id}");
        Assert.Equal(HttpStatusCode.NoContent, kick.StatusCode);

        await AssertHiddenAsync(member, server.TextChannelId);
    }

    [Fact]
    public async Task A_timeout_applies_to_the_next_send()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await host.SendMessageAsync(member, server.TextChannelId, "before the timeout");

        using var ownerClient = host.ClientFor(owner.AccessToken);
        using var timeout = await ownerClient.PatchAsJsonAsync($"/api/servers/{server.Id}/members/{member.Id}",
            new { timeoutUntil = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(HttpStatusCode.OK, timeout.StatusCode);

        using var memberClient = host.ClientFor(member.AccessToken);
        using var refused = await memberClient.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/messages", new { content = "timed out" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Access_is_computed_from_cached_rows_until_the_cache_is_emptied()
    {
        var (_, member, server) = await host.CreateServerWithMemberAsync();
        var channelId = MessageTestExtensions.LongId(server.TextChannelId);
        var userId = MessageTestExtensions.LongId(member.Id);
        // The join's events empty the cache when the bus delivers them, which may be during the first try; the
        // later tries put the row back through the change tracker, which empties the cache at once and announces nothing.
        var servedFromCache = false;
        for (var attempt = 0; attempt < 5 && !servedFromCache; attempt++)
        {
            if (attempt > 0)
            {
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
                db.Members.Add(new Member { ServerId = server.LongId, UserId = userId, JoinedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }

            Assert.NotNull(await AccessAsync(channelId, userId));
            // Behind the cache's back, as the admin CLI in another process would: no tracked change, no event.
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TogetherDbContext>().Members
                    .Where(row => row.ServerId == server.LongId && row.UserId == userId).ExecuteDeleteAsync();
            }

            servedFromCache = await AccessAsync(channelId, userId) is not null;
        }

        Assert.True(servedFromCache);
        host.Services.GetRequiredService<PermissionSnapshotCache>().Invalidate();
        Assert.Null(await AccessAsync(channelId, userId));
    }

    private async Task<ChannelAccess?> AccessAsync(long channelId, long userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PermissionService>().GetChannelAccessAsync(channelId, userId, CancellationToken.None);
    }

    private async Task AssertHiddenAsync(TestUser member, string channelId)
    {
        using var client = host.ClientFor(member.AccessToken);
        using var response = await client.GetAsync($"/api/channels/{channelId}/messages");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class PermissionCacheTestsOnSqlite(SqliteApi api) : PermissionCacheTests(api.Host), IClassFixture<SqliteApi>;

public sealed class PermissionCacheTestsOnPostgres(PostgresApi api) : PermissionCacheTests(api.Host), IClassFixture<PostgresApi>;
