using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Features.Servers;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>/api/servers and /api/servers/{id}: create, list, get, update, delete, transfer, on each database.</summary>
public abstract class ServersTests(TogetherApiHost host)
{
    [Fact]
    public async Task Creating_a_server_makes_the_caller_its_owner_with_everyone_general_and_a_voice_channel()
    {
        var owner = await host.RegisterAsync();

        var server = await host.CreateServerAsync(owner, "  Book club  ");

        Assert.Equal("Book club", server.State.Name);
        Assert.Equal(owner.Id, server.State.OwnerId);
        var everyone = Assert.Single(server.State.Roles);
        Assert.Equal(server.Id, everyone.Id);
        Assert.Equal("@everyone", everyone.Name);
        Assert.Equal(PermissionText.Format(PermissionSets.EveryoneDefault), everyone.Permissions);
        Assert.Equal(["general", "General"], server.State.Channels.Select(channel => channel.Name));
        Assert.Equal(["text", "voice"], server.State.Channels.Select(channel => channel.Type));
        Assert.Equal(64_000, server.State.Channels[1].Bitrate);
        var member = Assert.Single(server.State.Members);
        Assert.Equal(owner.Id, member.User.Id);
        Assert.Empty(member.Roles);
        Assert.True(await host.QueryAsync(db => db.Members.AnyAsync(member => member.ServerId == server.LongId)));
    }

    [Fact]
    public async Task Listing_returns_only_the_callers_servers_and_get_returns_one_of_them()
    {
        var alice = await host.RegisterAsync();
        var bob = await host.RegisterAsync();
        var first = await host.CreateServerAsync(alice, "first");
        var second = await host.CreateServerAsync(alice, "second");
        await host.CreateServerAsync(bob, "bob's");

        using var client = host.ClientFor(alice.AccessToken);
        using var list = await client.GetAsync("/api/servers");
        var servers = await list.ReadAsync<List<ServerDto>>(HttpStatusCode.OK);
        Assert.Equal([first.Id, second.Id], servers.Select(server => server.Id));

        using var get = await client.GetAsync($"/api/servers/{first.Id}");
        Assert.Equal("first", (await get.ReadAsync<ServerDto>(HttpStatusCode.OK)).Name);
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "name")]
    [InlineData("""{"name":"   "}""", "name")]
    [InlineData("""{"name":"evil\u202Ename"}""", "name")]
    [InlineData("""{"name":12}""", "name")]
    [InlineData("""{}""", "name")]
    [InlineData("{", "body")]
    public async Task Creating_with_a_malformed_name_is_400_and_creates_nothing(string body, string field)
    {
        var user = await host.RegisterAsync();
        var userId = long.Parse(user.Id, System.Globalization.CultureInfo.InvariantCulture);

        using var response = await host.ClientFor(user.AccessToken).PostAsync("/api/servers",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.False(await host.QueryAsync(db => db.Servers.AnyAsync(server => server.OwnerId == userId)));
    }

    [Fact]
    public async Task Without_a_token_every_server_route_is_401()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.CreateClient();

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/servers"), (HttpMethod.Post, "/api/servers"), (HttpMethod.Get, $"/api/servers/{server.Id}"),
            (HttpMethod.Patch, $"/api/servers/{server.Id}"), (HttpMethod.Delete, $"/api/servers/{server.Id}"),
            (HttpMethod.Post, $"/api/servers/{server.Id}/transfer"), (HttpMethod.Put, $"/api/servers/{server.Id}/icon"),
            (HttpMethod.Delete, $"/api/servers/{server.Id}/icon"),
        })
        {
            using var request = new HttpRequestMessage(method, path)
            {
                Content = path.EndsWith("/icon", StringComparison.Ordinal)
                    ? new ByteArrayContent(TinyPng)
                    : JsonContent.Create(new { name = "hijacked", userId = "1" }),
            };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.Equal("Test server", await host.QueryAsync(db => db.Servers.Where(s => s.Id == server.LongId).Select(s => s.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_non_member_gets_404_for_a_server_that_exists_and_one_that_does_not()
    {
        var owner = await host.RegisterAsync();
        var stranger = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(stranger.AccessToken);

        using var existing = await client.GetAsync($"/api/servers/{server.Id}");
        using var missing = await client.GetAsync("/api/servers/123456789");

        await existing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Patch_changes_name_and_description_and_records_them_in_the_audit_log_with_the_reason()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner, "before");
        using var client = host.ClientFor(owner.AccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/servers/{server.Id}")
        {
            Content = JsonContent.Create(new { name = "after", description = "  we read books  " }),
        };
        request.Headers.Add("X-Audit-Log-Reason", Uri.EscapeDataString("tidying up"));

        using var response = await client.SendAsync(request);

        var updated = await response.ReadAsync<ServerDto>(HttpStatusCode.OK);
        Assert.Equal("after", updated.Name);
        Assert.Equal("we read books", updated.Description);
        var entry = await host.QueryAsync(db => db.AuditLog.SingleAsync(e => e.ServerId == server.LongId));
        Assert.Equal("server_update", entry.Action);
        Assert.Equal("tidying up", entry.Reason);
        Assert.Contains("\"key\":\"name\",\"old\":\"before\",\"new\":\"after\"", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_without_MANAGE_SERVER_cannot_patch_upload_an_icon_or_delete_and_nothing_changes()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner, "unchanged");
        await host.JoinAsync(server, member);
        using var client = host.ClientFor(member.AccessToken);

        using var patch = await client.PatchAsJsonAsync($"/api/servers/{server.Id}", new { name = "mine now" });
        using var icon = await client.PutAsync($"/api/servers/{server.Id}/icon", new ByteArrayContent(TinyPng));
        using var delete = await client.DeleteAsync($"/api/servers/{server.Id}");
        using var transfer = await client.PostAsJsonAsync($"/api/servers/{server.Id}/transfer", new { userId = member.Id });

        await patch.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        await icon.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        await delete.AssertProblemAsync(HttpStatusCode.Forbidden, "owner_only");
        await transfer.AssertProblemAsync(HttpStatusCode.Forbidden, "owner_only");
        var stored = await host.QueryAsync(db => db.Servers.AsNoTracking().SingleAsync(s => s.Id == server.LongId));
        Assert.Equal("unchanged", stored.Name);
        Assert.Null(stored.IconHash);
        Assert.Equal(owner.Id, stored.OwnerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_member_with_MANAGE_SERVER_may_patch_but_still_not_delete()
    {
        var owner = await host.RegisterAsync();
        var manager = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, manager);
        await host.GrantAsync(server, manager, Permission.ManageServer);
        using var client = host.ClientFor(manager.AccessToken);

        using var patch = await client.PatchAsJsonAsync($"/api/servers/{server.Id}", new { name = "managed" });
        using var delete = await client.DeleteAsync($"/api/servers/{server.Id}");

        Assert.Equal("managed", (await patch.ReadAsync<ServerDto>(HttpStatusCode.OK)).Name);
        await delete.AssertProblemAsync(HttpStatusCode.Forbidden, "owner_only");
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "name")]
    [InlineData("""{"name":"bell\u0007"}""", "name")]
    [InlineData("""{"description":5}""", "description")]
    [InlineData("[", "body")]
    public async Task Patch_with_malformed_input_is_400_and_changes_nothing(string body, string field)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner, "unchanged");

        using var response = await host.ClientFor(owner.AccessToken).PatchAsync($"/api/servers/{server.Id}",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal("unchanged", await host.QueryAsync(db => db.Servers.Where(s => s.Id == server.LongId).Select(s => s.Name).SingleAsync()));
        Assert.False(await host.QueryAsync(db => db.AuditLog.AnyAsync(e => e.ServerId == server.LongId)));
    }

    [Fact]
    public async Task The_owner_deletes_the_server_and_everything_in_it_goes()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.CreateRoleAsync(server, Permission.None);
        using var client = host.ClientFor(owner.AccessToken);
        using (var rename = await client.PatchAsJsonAsync($"/api/servers/{server.Id}", new { name = "logged" }))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        }

        using var response = await client.DeleteAsync($"/api/servers/{server.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await host.QueryAsync(db => db.Servers.AnyAsync(s => s.Id == server.LongId)));
        Assert.False(await host.QueryAsync(db => db.Channels.AnyAsync(c => c.ServerId == server.LongId)));
        Assert.False(await host.QueryAsync(db => db.Roles.AnyAsync(r => r.ServerId == server.LongId)));
        Assert.False(await host.QueryAsync(db => db.Members.AnyAsync(m => m.ServerId == server.LongId)));
        Assert.False(await host.QueryAsync(db => db.AuditLog.AnyAsync(e => e.ServerId == server.LongId)));
        using var get = await client.GetAsync($"/api/servers/{server.Id}");
        await get.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_owner_transfers_the_server_to_a_member_and_it_is_audit_logged()
    {
        var owner = await host.RegisterAsync();
        var heir = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, heir);
        using var client = host.ClientFor(owner.AccessToken);

        using var response = await client.PostAsJsonAsync($"/api/servers/{server.Id}/transfer", new { userId = heir.Id });

        Assert.Equal(heir.Id, (await response.ReadAsync<ServerDto>(HttpStatusCode.OK)).OwnerId);
        var entry = await host.QueryAsync(db => db.AuditLog.SingleAsync(e => e.ServerId == server.LongId));
        Assert.Equal("server_transfer", entry.Action);
        Assert.Contains(heir.Id, entry.Changes, StringComparison.Ordinal);
        using var again = await client.PostAsJsonAsync($"/api/servers/{server.Id}/transfer", new { userId = owner.Id });
        await again.AssertProblemAsync(HttpStatusCode.Forbidden, "owner_only");
    }

    [Theory]
    [InlineData("""{"userId":"not a number"}""")]
    [InlineData("""{"userId":"42"}""")]
    [InlineData("""{}""")]
    public async Task Transfer_to_a_non_member_or_a_malformed_id_is_400_and_changes_nothing(string body)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);

        using var response = await host.ClientFor(owner.AccessToken).PostAsync($"/api/servers/{server.Id}/transfer",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync("userId");
        Assert.Equal(owner.Id, await host.QueryAsync(db => db.Servers.Where(s => s.Id == server.LongId)
            .Select(s => s.OwnerId.ToString()).SingleAsync()));
    }

    /// <summary>A valid 1×1 PNG.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task An_uploaded_icon_is_served_by_its_hash_with_its_sniffed_type_and_nosniff_and_can_be_removed()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(owner.AccessToken);
        using var content = new ByteArrayContent(TinyPng);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");

        using var upload = await client.PutAsync($"/api/servers/{server.Id}/icon", content);

        var icon = (await upload.ReadAsync<ServerDto>(HttpStatusCode.OK)).Icon;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TinyPng)), icon);
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "icons", icon!)));
        using var anonymous = host.CreateClient();
        using var served = await anonymous.GetAsync($"/api/icons/{icon}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(TinyPng, await served.Content.ReadAsByteArrayAsync());

        using var removed = await client.DeleteAsync($"/api/servers/{server.Id}/icon");
        Assert.Null((await removed.ReadAsync<ServerDto>(HttpStatusCode.OK)).Icon);
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "icons", icon!)));
        using var gone = await anonymous.GetAsync($"/api/icons/{icon}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(2, await host.QueryAsync(db => db.AuditLog.CountAsync(e => e.ServerId == server.LongId && e.Action == "server_update")));
    }

    [Fact]
    public async Task An_icon_may_come_as_a_multipart_file()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var gif = "GIF89a"u8.ToArray().Concat(new byte[32]).ToArray();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(gif), "file", "icon.gif" } };

        using var upload = await host.ClientFor(owner.AccessToken).PutAsync($"/api/servers/{server.Id}/icon", form);

        var icon = (await upload.ReadAsync<ServerDto>(HttpStatusCode.OK)).Icon;
        using var served = await host.CreateClient().GetAsync($"/api/icons/{icon}");
        Assert.Equal("image/gif", served.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_icon_that_is_not_an_image_is_415_and_one_too_large_is_413_and_nothing_changes()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(owner.AccessToken);
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();
        var huge = TinyPng.Concat(new byte[1024 * 1024]).ToArray();

        using var notImage = await client.PutAsync($"/api/servers/{server.Id}/icon", new ByteArrayContent(html));
        using var tooLarge = await client.PutAsync($"/api/servers/{server.Id}/icon", new ByteArrayContent(huge));
        using var empty = await client.PutAsync($"/api/servers/{server.Id}/icon", new ByteArrayContent([]));

        await notImage.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await empty.AssertValidationProblemAsync("body");
        Assert.Null(await host.QueryAsync(db => db.Servers.Where(s => s.Id == server.LongId).Select(s => s.IconHash).SingleAsync()));
        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "icons"))
            && Directory.EnumerateFiles(Path.Combine(host.DataDirectory, "icons")).Any(file => File.ReadAllBytes(file).AsSpan().StartsWith(html)));
    }

    [Fact]
    public async Task Icon_hashes_that_are_not_hashes_are_404()
    {
        using var client = host.CreateClient();
        using var traversal = await client.GetAsync("/api/icons/..%2F..%2Ftogether.db");
        using var shortHash = await client.GetAsync("/api/icons/abc");

        await traversal.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await shortHash.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class ServersTestsOnSqlite(SqliteApi api) : ServersTests(api.Host), IClassFixture<SqliteApi>;

public sealed class ServersTestsOnPostgres(PostgresApi api) : ServersTests(api.Host), IClassFixture<PostgresApi>;
