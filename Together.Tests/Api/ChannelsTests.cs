using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Api.Features.Channels;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Channels and their permission overwrites over HTTP, on each database.</summary>
public abstract class ChannelsTests(TogetherApiHost host)
{
    private static readonly string View = PermissionText.Format(Permission.ViewChannel);

    [Fact]
    public async Task Creating_channels_of_each_type_normalises_text_names_and_records_the_audit_log()
    {
        var (owner, server) = await OwnedServerAsync();
        using var client = host.ClientFor(owner.AccessToken);

        var category = await CreateAsync(client, server, new { name = "Book Talk", type = "category" });
        var text = await CreateAsync(client, server, new { name = "  Reading   List ", parentId = category.Id, topic = "what next", slowmodeSeconds = 10, nsfw = true });
        var voice = await CreateAsync(client, server, new { name = "Lounge 🎧", type = "voice", bitrate = 96_000, userLimit = 5 });

        Assert.Equal("Book Talk", category.Name);
        Assert.Equal("reading-list", text.Name);
        Assert.Equal(category.Id, text.ParentId);
        Assert.True(text.PermissionsSynced);
        Assert.Equal(("what next", 10, true), (text.Topic, text.SlowmodeSeconds, text.Nsfw));
        Assert.Equal(("Lounge 🎧", 96_000, 5), (voice.Name, voice.Bitrate, voice.UserLimit));
        Assert.Equal(3, await host.QueryAsync(db => db.AuditLog.CountAsync(e => e.ServerId == server.LongId && e.Action == "channel_create")));
        using var list = await client.GetAsync($"/api/servers/{server.Id}/channels");
        Assert.Equal(5, (await list.ReadAsync<List<ChannelDto>>(HttpStatusCode.OK)).Count);
    }

    public static TheoryData<string, string> MalformedCreates => new()
    {
        { """{"name":"has a ! mark"}""", "name" },
        { """{"name":""}""", "name" },
        { """{"name":"x","type":"dm"}""", "type" },
        { """{"name":"x","bitrate":64000}""", "bitrate" },
        { """{"name":"x","type":"voice","bitrate":1}""", "bitrate" },
        { """{"name":"x","type":"voice","userLimit":100}""", "userLimit" },
        { """{"name":"x","type":"voice","topic":"no"}""", "topic" },
        { """{"name":"x","slowmodeSeconds":-1}""", "slowmodeSeconds" },
        { """{"name":"x","type":"category","nsfw":true}""", "nsfw" },
        { """{"name":"x","position":-3}""", "position" },
        { """{"name":"x","parentId":"123"}""", "parentId" },
        { """{"name":"x","parentId":12}""", "parentId" },
        { """{"name":"evil\u202Ename","type":"voice"}""", "name" },
        { "nope", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedCreates))]
    public async Task Creating_with_malformed_input_is_400_and_creates_nothing(string body, string field)
    {
        var (owner, server) = await OwnedServerAsync();

        using var response = await host.ClientFor(owner.AccessToken).PostAsync($"/api/servers/{server.Id}/channels", Json(body));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(2, await host.QueryAsync(db => db.Channels.CountAsync(c => c.ServerId == server.LongId)));
    }

    [Fact]
    public async Task A_category_cannot_go_inside_a_category_nor_a_channel_inside_a_text_channel()
    {
        var (owner, server) = await OwnedServerAsync();
        using var client = host.ClientFor(owner.AccessToken);
        var category = await CreateAsync(client, server, new { name = "outer", type = "category" });

        using var nested = await client.PostAsJsonAsync($"/api/servers/{server.Id}/channels", new { name = "inner", type = "category", parentId = category.Id });
        using var underText = await client.PostAsJsonAsync($"/api/servers/{server.Id}/channels", new { name = "x", parentId = server.TextChannelId });

        await nested.AssertValidationProblemAsync("parentId");
        await underText.AssertValidationProblemAsync("parentId");
    }

    [Fact]
    public async Task A_member_without_MANAGE_CHANNELS_gets_403_on_every_change_and_nothing_changes()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        using var client = host.ClientFor(member.AccessToken);

        using var create = await client.PostAsJsonAsync($"/api/servers/{server.Id}/channels", new { name = "mine" });
        using var reorder = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/channels", new[] { new { id = server.TextChannelId, position = 9 } });
        using var patch = await client.PatchAsJsonAsync($"/api/channels/{server.TextChannelId}", new { name = "renamed" });
        using var delete = await client.DeleteAsync($"/api/channels/{server.TextChannelId}");
        using var overwrite = await client.PutAsJsonAsync($"/api/channels/{server.TextChannelId}/permissions/{member.Id}", new { type = "member", allow = View });
        using var removeOverwrite = await client.DeleteAsync($"/api/channels/{server.TextChannelId}/permissions/{server.EveryoneRoleId}");

        foreach (var response in new[] { create, reorder, patch, delete, overwrite, removeOverwrite })
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        }

        var general = await host.QueryAsync(db => db.Channels.Include(c => c.Overwrites).AsNoTracking().SingleAsync(c => c.Id == Id(server.TextChannelId)));
        Assert.Equal(("general", 0), (general.Name, general.Position));
        Assert.Empty(general.Overwrites);
        Assert.Equal(2, await host.QueryAsync(db => db.Channels.CountAsync(c => c.ServerId == server.LongId)));
    }

    [Fact]
    public async Task Patch_changes_the_channel_with_an_audit_entry_and_an_empty_topic_removes_it()
    {
        var (owner, server) = await OwnedServerAsync();
        using var client = host.ClientFor(owner.AccessToken);

        using var first = await client.PatchAsJsonAsync($"/api/channels/{server.TextChannelId}", new { name = "Main Hall", topic = "hello", slowmodeSeconds = 5 });
        var patched = await first.ReadAsync<ChannelDto>(HttpStatusCode.OK);
        using var second = await client.PatchAsJsonAsync($"/api/channels/{server.TextChannelId}", new { topic = "" });
        var cleared = await second.ReadAsync<ChannelDto>(HttpStatusCode.OK);

        Assert.Equal(("main-hall", "hello", 5), (patched.Name, patched.Topic, patched.SlowmodeSeconds));
        Assert.Null(cleared.Topic);
        Assert.Equal(2, await host.QueryAsync(db => db.AuditLog.CountAsync(e => e.ServerId == server.LongId && e.Action == "channel_update")));
    }

    [Theory]
    [InlineData("""{"bitrate":64000}""", "bitrate")]
    [InlineData("""{"name":"a/b"}""", "name")]
    [InlineData("""{"parentId":"1"}""", "parentId")]
    [InlineData("""{"position":"first"}""", "position")]
    public async Task Patch_with_malformed_input_is_400_and_changes_nothing(string body, string field)
    {
        var (owner, server) = await OwnedServerAsync();

        using var response = await host.ClientFor(owner.AccessToken).PatchAsync($"/api/channels/{server.TextChannelId}", Json(body));

        await response.AssertValidationProblemAsync(field);
        var general = await host.QueryAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == Id(server.TextChannelId)));
        Assert.Equal(("general", 0, (long?)null, (int?)null), (general.Name, general.Position, general.ParentId, general.Bitrate));
    }

    [Fact]
    public async Task Deleting_a_category_keeps_its_channels_without_it_and_with_its_permissions()
    {
        var (owner, server) = await OwnedServerAsync();
        using var client = host.ClientFor(owner.AccessToken);
        var category = await CreateAsync(client, server, new { name = "staff", type = "category" });
        var inside = await CreateAsync(client, server, new { name = "plans", parentId = category.Id });
        using (var hide = await client.PutAsJsonAsync($"/api/channels/{category.Id}/permissions/{server.EveryoneRoleId}", new { type = "role", deny = View }))
        {
            Assert.Equal(HttpStatusCode.OK, hide.StatusCode);
        }

        using var response = await client.DeleteAsync($"/api/channels/{category.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var get = await client.GetAsync($"/api/channels/{inside.Id}");
        var orphan = await get.ReadAsync<ChannelDto>(HttpStatusCode.OK);
        Assert.Null(orphan.ParentId);
        Assert.False(orphan.PermissionsSynced);
        var kept = Assert.Single(orphan.PermissionOverwrites);
        Assert.Equal((server.EveryoneRoleId, View), (kept.Id, kept.Deny));
        Assert.True(await host.QueryAsync(db => db.AuditLog.AnyAsync(e => e.ServerId == server.LongId && e.Action == "channel_delete")));
    }

    [Fact]
    public async Task Reorder_sets_positions_and_categories_in_one_request_and_lock_syncs()
    {
        var (owner, server) = await OwnedServerAsync();
        using var client = host.ClientFor(owner.AccessToken);
        var category = await CreateAsync(client, server, new { name = "voice rooms", type = "category" });

        using var response = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/channels", new object[]
        {
            new { id = server.VoiceChannelId, position = 0, parentId = category.Id, lockPermissions = true },
            new { id = server.TextChannelId, position = 7 },
        });

        var channels = await response.ReadAsync<List<ChannelDto>>(HttpStatusCode.OK);
        var voice = channels.Single(c => c.Id == server.VoiceChannelId);
        Assert.Equal((category.Id, true, 0), (voice.ParentId, voice.PermissionsSynced, voice.Position));
        Assert.Equal(7, channels.Single(c => c.Id == server.TextChannelId).Position);
        Assert.Equal(2, await host.QueryAsync(db => db.AuditLog.CountAsync(e => e.ServerId == server.LongId && e.Action == "channel_update")));
    }

    [Theory]
    [InlineData("""[{"id":"1","position":1}]""", "[0].id")]
    [InlineData("""[{"id":"@text","position":-1}]""", "[0].position")]
    [InlineData("""[{"id":"@text","position":1},{"id":"@text","position":2}]""", "[1].id")]
    [InlineData("""[{"id":"@voice","position":1,"parentId":"@text"}]""", "[0].parentId")]
    [InlineData("""[]""", "body")]
    [InlineData("""{"id":"@text"}""", "body")]
    public async Task Reorder_with_malformed_entries_is_400_and_changes_nothing(string template, string field)
    {
        var (owner, server) = await OwnedServerAsync();
        var body = template.Replace("@text", server.TextChannelId, StringComparison.Ordinal).Replace("@voice", server.VoiceChannelId, StringComparison.Ordinal);

        using var response = await host.ClientFor(owner.AccessToken).PatchAsync($"/api/servers/{server.Id}/channels", Json(body));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal([0, 1], await host.QueryAsync(db => db.Channels.Where(c => c.ServerId == server.LongId).OrderBy(c => c.Id).Select(c => c.Position).ToListAsync()));
    }

    [Fact]
    public async Task A_hidden_channel_is_not_listed_and_answers_404_to_whoever_may_not_view_it()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        using var ownerClient = host.ClientFor(owner.AccessToken);
        var secret = await CreateAsync(ownerClient, server, new { name = "secret" });
        using (var hide = await ownerClient.PutAsJsonAsync($"/api/channels/{secret.Id}/permissions/{server.EveryoneRoleId}", new { type = "role", deny = View }))
        {
            Assert.Equal(HttpStatusCode.OK, hide.StatusCode);
        }

        using var client = host.ClientFor(member.AccessToken);
        using var list = await client.GetAsync($"/api/servers/{server.Id}/channels");
        using var get = await client.GetAsync($"/api/channels/{secret.Id}");

        Assert.DoesNotContain(await list.ReadAsync<List<ChannelDto>>(HttpStatusCode.OK), c => c.Id == secret.Id);
        await get.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Overwrites_may_only_allow_or_deny_bits_the_editor_holds_unless_owner()
    {
        var (owner, server) = await OwnedServerAsync();
        var moderator = await host.RegisterAsync();
        var target = await host.RegisterAsync();
        await host.JoinAsync(server, moderator);
        await host.JoinAsync(server, target);
        await host.GrantAsync(server, moderator, Permission.ManageRoles);
        using var client = host.ClientFor(moderator.AccessToken);
        var path = $"/api/channels/{server.TextChannelId}/permissions/{target.Id}";

        using var allowed = await client.PutAsJsonAsync(path, new { type = "member", deny = PermissionText.Format(Permission.SendMessages) });
        using var refused = await client.PutAsJsonAsync(path, new { type = "member", allow = PermissionText.Format(Permission.ManageMessages) });

        var channel = await allowed.ReadAsync<ChannelDto>(HttpStatusCode.OK);
        Assert.Equal(PermissionText.Format(Permission.SendMessages), Assert.Single(channel.PermissionOverwrites).Deny);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        var stored = await host.QueryAsync(db => db.PermissionOverwrites.AsNoTracking().SingleAsync(o => o.ChannelId == Id(server.TextChannelId)));
        Assert.Equal((Permission.None, Permission.SendMessages), (stored.Allow, stored.Deny));
        Assert.Equal(1, await host.QueryAsync(db => db.AuditLog.CountAsync(e => e.ServerId == server.LongId && e.Action == "overwrite_update")));

        using var removed = await client.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False(await host.QueryAsync(db => db.PermissionOverwrites.AnyAsync(o => o.ChannelId == Id(server.TextChannelId))));
        Assert.Equal(1, await host.QueryAsync(db => db.AuditLog.CountAsync(e => e.ServerId == server.LongId && e.Action == "overwrite_delete")));
    }

    [Fact]
    public async Task Editing_an_overwrite_of_a_synced_channel_copies_the_category_first()
    {
        var (owner, server) = await OwnedServerAsync();
        using var client = host.ClientFor(owner.AccessToken);
        var category = await CreateAsync(client, server, new { name = "club", type = "category" });
        var inside = await CreateAsync(client, server, new { name = "minutes", parentId = category.Id });
        var roleId = await host.CreateRoleAsync(server, Permission.None);
        using (var deny = await client.PutAsJsonAsync($"/api/channels/{category.Id}/permissions/{server.EveryoneRoleId}", new { type = "role", deny = View }))
        {
            Assert.Equal(HttpStatusCode.OK, deny.StatusCode);
        }

        using var synced = await client.GetAsync($"/api/channels/{inside.Id}");
        Assert.Equal(server.EveryoneRoleId, Assert.Single((await synced.ReadAsync<ChannelDto>(HttpStatusCode.OK)).PermissionOverwrites).Id);

        using var response = await client.PutAsJsonAsync($"/api/channels/{inside.Id}/permissions/{roleId}", new { type = "role", allow = View });

        var channel = await response.ReadAsync<ChannelDto>(HttpStatusCode.OK);
        Assert.False(channel.PermissionsSynced);
        Assert.Equal(new[] { server.EveryoneRoleId, roleId }.Order(), channel.PermissionOverwrites.Select(o => o.Id).Order());
        Assert.Equal(1, await host.QueryAsync(db => db.PermissionOverwrites.CountAsync(o => o.ChannelId == Id(category.Id))));
    }

    public static TheoryData<string, string> MalformedOverwrites => new()
    {
        { """{"type":"everyone"}""", "type" },
        { """{"type":"role","allow":"-1"}""", "allow" },
        { """{"type":"role","allow":"1024","deny":"1024"}""", "deny" },
        { """{"type":"role","deny":"8"}""", "deny" },
        { """{"type":"role","allow":"18446744073709551615"}""", "allow" },
        { """{"type":"role","allow":1024}""", "allow" },
        { """{"type":"role","allow":"abc"}""", "allow" },
        { "{", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedOverwrites))]
    public async Task Overwrites_with_malformed_input_are_400_and_change_nothing(string body, string field)
    {
        var (owner, server) = await OwnedServerAsync();

        using var response = await host.ClientFor(owner.AccessToken).PutAsync(
            $"/api/channels/{server.TextChannelId}/permissions/{server.EveryoneRoleId}", Json(body));

        await response.AssertValidationProblemAsync(field);
        Assert.False(await host.QueryAsync(db => db.PermissionOverwrites.AnyAsync(o => o.ChannelId == Id(server.TextChannelId))));
    }

    [Fact]
    public async Task Without_a_token_every_channel_route_is_401()
    {
        var (_, server) = await OwnedServerAsync();
        using var client = host.CreateClient();

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/servers/{server.Id}/channels"), (HttpMethod.Post, $"/api/servers/{server.Id}/channels"),
            (HttpMethod.Patch, $"/api/servers/{server.Id}/channels"), (HttpMethod.Get, $"/api/channels/{server.TextChannelId}"),
            (HttpMethod.Patch, $"/api/channels/{server.TextChannelId}"), (HttpMethod.Delete, $"/api/channels/{server.TextChannelId}"),
            (HttpMethod.Put, $"/api/channels/{server.TextChannelId}/permissions/{server.Id}"),
            (HttpMethod.Delete, $"/api/channels/{server.TextChannelId}/permissions/{server.Id}"),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = Json("""{"name":"x","type":"role"}""") };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.Equal(2, await host.QueryAsync(db => db.Channels.CountAsync(c => c.ServerId == server.LongId)));
    }

    [Fact]
    public async Task A_non_member_gets_404_on_every_channel_route()
    {
        var (_, server) = await OwnedServerAsync();
        var stranger = await host.RegisterAsync();
        using var client = host.ClientFor(stranger.AccessToken);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/servers/{server.Id}/channels"), (HttpMethod.Post, $"/api/servers/{server.Id}/channels"),
            (HttpMethod.Patch, $"/api/servers/{server.Id}/channels"), (HttpMethod.Get, $"/api/channels/{server.TextChannelId}"),
            (HttpMethod.Patch, $"/api/channels/{server.TextChannelId}"), (HttpMethod.Delete, $"/api/channels/{server.TextChannelId}"),
            (HttpMethod.Put, $"/api/channels/{server.TextChannelId}/permissions/{server.Id}"),
            (HttpMethod.Delete, $"/api/channels/{server.TextChannelId}/permissions/{server.Id}"),
        })
        {
            var body = method == HttpMethod.Patch && path.EndsWith("/channels", StringComparison.Ordinal)
                ? $$"""[{"id":"{{server.TextChannelId}}","position":5}]"""
                : """{"name":"x","type":"role"}""";
            using var request = new HttpRequestMessage(method, path) { Content = Json(body) };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        Assert.Equal(2, await host.QueryAsync(db => db.Channels.CountAsync(c => c.ServerId == server.LongId)));
    }

    private async Task<(TestUser Owner, TestServer Server)> OwnedServerAsync()
    {
        var owner = await host.RegisterAsync();
        return (owner, await host.CreateServerAsync(owner));
    }

    private static async Task<ChannelDto> CreateAsync(HttpClient client, TestServer server, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/servers/{server.Id}/channels", body);
        return await response.ReadAsync<ChannelDto>(HttpStatusCode.Created);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static long Id(string id) => long.Parse(id, CultureInfo.InvariantCulture);
}

public sealed class ChannelsTestsOnSqlite(SqliteApi api) : ChannelsTests(api.Host), IClassFixture<SqliteApi>;

public sealed class ChannelsTestsOnPostgres(PostgresApi api) : ChannelsTests(api.Host), IClassFixture<PostgresApi>;
