using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// The owner of server A, who may do everything there, aims every id-taking route at server B's ids (B's server,
/// channels, roles, and B's roles and members as overwrite targets on A's channel): 404, and B is unchanged.
/// Ids from B in a body (reorders) are refused as unknown (400), also with nothing changed.
/// </summary>
public abstract class ServerIdorTests(TogetherApiHost host)
{
    [Fact]
    public async Task Every_route_given_another_servers_ids_answers_404_and_changes_nothing()
    {
        var alice = await host.RegisterAsync();
        var bob = await host.RegisterAsync();
        var mine = await host.CreateServerAsync(alice, "alice's");
        var theirs = await host.CreateServerAsync(bob, "bob's");
        var theirRole = await host.CreateRoleAsync(theirs, Permission.None, "bob's role");
        var before = await SnapshotAsync(theirs);
        using var client = host.ClientFor(alice.AccessToken);

        foreach (var (method, path, body) in new[]
        {
            (HttpMethod.Get, $"/api/servers/{theirs.Id}", "{}"),
            (HttpMethod.Patch, $"/api/servers/{theirs.Id}", """{"name":"pwned"}"""),
            (HttpMethod.Delete, $"/api/servers/{theirs.Id}", "{}"),
            (HttpMethod.Post, $"/api/servers/{theirs.Id}/transfer", $$"""{"userId":"{{alice.Id}}"}"""),
            (HttpMethod.Delete, $"/api/servers/{theirs.Id}/icon", "{}"),
            (HttpMethod.Get, $"/api/servers/{theirs.Id}/channels", "{}"),
            (HttpMethod.Post, $"/api/servers/{theirs.Id}/channels", """{"name":"pwned"}"""),
            (HttpMethod.Patch, $"/api/servers/{theirs.Id}/channels", $$"""[{"id":"{{theirs.TextChannelId}}","position":9}]"""),
            (HttpMethod.Get, $"/api/channels/{theirs.TextChannelId}", "{}"),
            (HttpMethod.Patch, $"/api/channels/{theirs.TextChannelId}", """{"name":"pwned"}"""),
            (HttpMethod.Delete, $"/api/channels/{theirs.TextChannelId}", "{}"),
            (HttpMethod.Put, $"/api/channels/{theirs.TextChannelId}/permissions/{theirs.EveryoneRoleId}", """{"type":"role","deny":"1024"}"""),
            (HttpMethod.Delete, $"/api/channels/{theirs.TextChannelId}/permissions/{theirs.EveryoneRoleId}", "{}"),
            (HttpMethod.Put, $"/api/channels/{mine.TextChannelId}/permissions/{theirRole}", """{"type":"role","deny":"1024"}"""),
            (HttpMethod.Put, $"/api/channels/{mine.TextChannelId}/permissions/{bob.Id}", """{"type":"member","deny":"1024"}"""),
            (HttpMethod.Delete, $"/api/channels/{mine.TextChannelId}/permissions/{theirRole}", "{}"),
            (HttpMethod.Get, $"/api/servers/{theirs.Id}/roles", "{}"),
            (HttpMethod.Post, $"/api/servers/{theirs.Id}/roles", """{"name":"pwned"}"""),
            (HttpMethod.Patch, $"/api/servers/{theirs.Id}/roles", $$"""[{"id":"{{theirRole}}","position":1}]"""),
            (HttpMethod.Patch, $"/api/servers/{mine.Id}/roles/{theirRole}", """{"name":"pwned"}"""),
            (HttpMethod.Delete, $"/api/servers/{mine.Id}/roles/{theirRole}", "{}"),
            (HttpMethod.Patch, $"/api/servers/{theirs.Id}/roles/{theirRole}", """{"name":"pwned"}"""),
            (HttpMethod.Delete, $"/api/servers/{theirs.Id}/roles/{theirRole}", "{}"),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        using var icon = new HttpRequestMessage(HttpMethod.Put, $"/api/servers/{theirs.Id}/icon") { Content = new ByteArrayContent("GIF89a......"u8.ToArray()) };
        using var iconResponse = await client.SendAsync(icon);
        await iconResponse.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        foreach (var (path, body, field) in new[]
        {
            ($"/api/servers/{mine.Id}/channels", $$"""[{"id":"{{theirs.TextChannelId}}","position":9}]""", "[0].id"),
            ($"/api/servers/{mine.Id}/channels", $$"""[{"id":"{{mine.TextChannelId}}","position":9,"parentId":"{{theirs.TextChannelId}}"}]""", "[0].parentId"),
            ($"/api/servers/{mine.Id}/roles", $$"""[{"id":"{{theirRole}}","position":1}]""", "[0].id"),
        })
        {
            using var response = await client.PatchAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            await response.AssertValidationProblemAsync(field);
        }

        Assert.Equal(before, await SnapshotAsync(theirs));
        Assert.False(await host.QueryAsync(db => db.PermissionOverwrites.AnyAsync(o => o.ChannelId == mine.LongId || o.TargetId == theirs.LongId)));
    }

    /// <summary>Everything of a server that a request could change, as one comparable string.</summary>
    private Task<string> SnapshotAsync(TestServer server) => host.QueryAsync(async db =>
    {
        var stored = await db.Servers.AsNoTracking().SingleAsync(s => s.Id == server.LongId);
        var channels = await db.Channels.AsNoTracking().Where(c => c.ServerId == server.LongId).OrderBy(c => c.Id)
            .Select(c => $"{c.Id}:{c.Name}:{c.Position}:{c.ParentId}").ToListAsync();
        var roles = (await db.Roles.AsNoTracking().Where(r => r.ServerId == server.LongId).OrderBy(r => r.Id).ToListAsync())
            .Select(r => $"{r.Id}:{r.Name}:{r.Position}:{r.Permissions}");
        var channelIds = await db.Channels.Where(c => c.ServerId == server.LongId).Select(c => c.Id).ToListAsync();
        var overwrites = await db.PermissionOverwrites.AsNoTracking().CountAsync(o => channelIds.Contains(o.ChannelId));
        var members = await db.Members.AsNoTracking().CountAsync(m => m.ServerId == server.LongId);
        var audit = await db.AuditLog.AsNoTracking().CountAsync(e => e.ServerId == server.LongId);
        return $"{stored.Name}|{stored.OwnerId}|{stored.IconHash}|{string.Join(',', channels)}|{string.Join(',', roles)}|{overwrites}|{members}|{audit}";
    });
}

public sealed class ServerIdorTestsOnSqlite(SqliteApi api) : ServerIdorTests(api.Host), IClassFixture<SqliteApi>;

public sealed class ServerIdorTestsOnPostgres(PostgresApi api) : ServerIdorTests(api.Host), IClassFixture<PostgresApi>;
