using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Features.Roles;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Roles over HTTP, hierarchy and grant rules included, on each database.</summary>
public abstract class RolesTests(TogetherApiHost host)
{
    [Fact]
    public async Task The_owner_creates_updates_reorders_and_deletes_roles_each_audit_logged()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(owner.AccessToken);

        var mods = await CreateAsync(client, server, new { name = "Mods", color = 0x3498DB, hoist = true, permissions = PermissionText.Format(Permission.KickMembers) });
        var members = await CreateAsync(client, server, new { name = "Members" });
        Assert.Equal((1, 2), (members.Position, (await ListAsync(client, server)).Single(r => r.Id == mods.Id).Position));

        using var patch = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{mods.Id}", new { name = "Moderators", mentionable = true });
        var updated = await patch.ReadAsync<RoleDto>(HttpStatusCode.OK);
        Assert.Equal(("Moderators", true, true, 0x3498DB), (updated.Name, updated.Mentionable, updated.Hoist, updated.Color));

        using var reorder = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles", new[] { new { id = mods.Id, position = 1 } });
        var ordered = await reorder.ReadAsync<List<RoleDto>>(HttpStatusCode.OK);
        Assert.Equal([server.EveryoneRoleId, mods.Id, members.Id], ordered.Select(r => r.Id));
        Assert.Equal([0, 1, 2], ordered.Select(r => r.Position));

        using var delete = await client.DeleteAsync($"/api/servers/{server.Id}/roles/{mods.Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var left = await ListAsync(client, server);
        Assert.Equal([server.EveryoneRoleId, members.Id], left.Select(r => r.Id));
        Assert.Equal(1, left[1].Position);

        var actions = await host.QueryAsync(db => db.AuditLog.Where(e => e.ServerId == server.LongId).Select(e => e.Action).ToListAsync());
        Assert.Equal(2, actions.Count(a => a == "role_create"));
        Assert.Contains("role_update", actions);
        Assert.Contains("role_delete", actions);
    }

    [Fact]
    public async Task A_member_without_MANAGE_ROLES_gets_403_and_nothing_changes()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var roleId = await host.CreateRoleAsync(server, Permission.None, "untouched");
        using var client = host.ClientFor(member.AccessToken);

        using var create = await client.PostAsJsonAsync($"/api/servers/{server.Id}/roles", new { name = "mine" });
        using var patch = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{roleId}", new { name = "renamed" });
        using var reorder = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles", new[] { new { id = roleId, position = 1 } });
        using var delete = await client.DeleteAsync($"/api/servers/{server.Id}/roles/{roleId}");
        using var list = await client.GetAsync($"/api/servers/{server.Id}/roles");

        foreach (var response in new[] { create, patch, reorder, delete })
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        }

        Assert.Equal(2, (await list.ReadAsync<List<RoleDto>>(HttpStatusCode.OK)).Count);
        Assert.Equal("untouched", await host.QueryAsync(db => db.Roles.Where(r => r.Id == Id(roleId)).Select(r => r.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_manager_may_only_touch_roles_below_their_highest_and_grant_only_bits_they_hold()
    {
        var owner = await host.RegisterAsync();
        var manager = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, manager);
        var below = await host.CreateRoleAsync(server, Permission.None, "below");
        await host.GrantAsync(server, manager, Permission.ManageRoles | Permission.KickMembers);
        var above = await host.CreateRoleAsync(server, Permission.None, "above");
        using var client = host.ClientFor(manager.AccessToken);

        using var editBelow = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{below}", new { permissions = PermissionText.Format(Permission.KickMembers) });
        using var editAbove = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{above}", new { name = "hijacked" });
        using var deleteAbove = await client.DeleteAsync($"/api/servers/{server.Id}/roles/{above}");
        using var raiseBelow = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles", new[] { new { id = below, position = 3 } });
        using var grantMore = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{below}", new { permissions = PermissionText.Format(Permission.BanMembers) });
        using var createAdmin = await client.PostAsJsonAsync($"/api/servers/{server.Id}/roles", new { permissions = PermissionText.Format(Permission.Administrator) });

        Assert.Equal(PermissionText.Format(Permission.KickMembers), (await editBelow.ReadAsync<RoleDto>(HttpStatusCode.OK)).Permissions);
        await editAbove.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
        await deleteAbove.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
        await raiseBelow.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
        await grantMore.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        await createAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        var roles = await host.QueryAsync(db => db.Roles.AsNoTracking().Where(r => r.ServerId == server.LongId).ToListAsync());
        Assert.Equal(4, roles.Count);
        Assert.Equal(("above", 3), roles.Where(r => r.Id == Id(above)).Select(r => (r.Name, r.Position)).Single());
        Assert.Equal((Permission.KickMembers, 1), roles.Where(r => r.Id == Id(below)).Select(r => (r.Permissions, r.Position)).Single());
    }

    [Fact]
    public async Task Everyone_cannot_be_renamed_moved_or_deleted_but_its_permissions_can_change()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(owner.AccessToken);

        using var rename = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{server.EveryoneRoleId}", new { name = "everybody" });
        using var move = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles", new[] { new { id = server.EveryoneRoleId, position = 1 } });
        using var delete = await client.DeleteAsync($"/api/servers/{server.Id}/roles/{server.EveryoneRoleId}");
        using var permissions = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/roles/{server.EveryoneRoleId}",
            new { permissions = PermissionText.Format(Permission.ViewChannel) });

        await rename.AssertValidationProblemAsync("name");
        await move.AssertValidationProblemAsync("[0].id");
        await delete.AssertValidationProblemAsync("roleId");
        Assert.Equal(PermissionText.Format(Permission.ViewChannel), (await permissions.ReadAsync<RoleDto>(HttpStatusCode.OK)).Permissions);
        Assert.True(await host.QueryAsync(db => db.Roles.AnyAsync(r => r.Id == server.LongId && r.Name == "@everyone" && r.Position == 0)));
    }

    public static TheoryData<string, string> MalformedRoles => new()
    {
        { """{"name":""}""", "name" },
        { """{"name":"zero\u200Bwidth"}""", "name" },
        { """{"color":16777216}""", "color" },
        { """{"color":-1}""", "color" },
        { """{"permissions":"lots"}""", "permissions" },
        { """{"permissions":"9223372036854775808"}""", "permissions" },
        { """{"hoist":"yes"}""", "hoist" },
        { "]", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedRoles))]
    public async Task Create_and_update_with_malformed_input_are_400_and_change_nothing(string body, string field)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var roleId = await host.CreateRoleAsync(server, Permission.None, "kept");
        using var client = host.ClientFor(owner.AccessToken);

        using var create = await client.PostAsync($"/api/servers/{server.Id}/roles", Json(body));
        using var update = await client.PatchAsync($"/api/servers/{server.Id}/roles/{roleId}", Json(body));

        await create.AssertValidationProblemAsync(field);
        await update.AssertValidationProblemAsync(field);
        var roles = await host.QueryAsync(db => db.Roles.AsNoTracking().Where(r => r.ServerId == server.LongId).ToListAsync());
        Assert.Equal(2, roles.Count);
        Assert.Equal(("kept", 0, Permission.None), roles.Where(r => r.Id == Id(roleId)).Select(r => (r.Name, r.Color, r.Permissions)).Single());
    }

    [Theory]
    [InlineData("""[{"id":"1","position":1}]""", "[0].id")]
    [InlineData("""[{"id":"@role","position":0}]""", "[0].position")]
    [InlineData("""[]""", "body")]
    public async Task Reorder_with_malformed_entries_is_400_and_changes_nothing(string template, string field)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var roleId = await host.CreateRoleAsync(server, Permission.None);

        using var response = await host.ClientFor(owner.AccessToken).PatchAsync($"/api/servers/{server.Id}/roles",
            Json(template.Replace("@role", roleId, StringComparison.Ordinal)));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(1, await host.QueryAsync(db => db.Roles.Where(r => r.Id == Id(roleId)).Select(r => r.Position).SingleAsync()));
    }

    [Fact]
    public async Task Without_a_token_401_and_as_a_non_member_404_on_every_role_route()
    {
        var owner = await host.RegisterAsync();
        var stranger = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var roleId = await host.CreateRoleAsync(server, Permission.None, "kept");
        var routes = new[]
        {
            (HttpMethod.Get, $"/api/servers/{server.Id}/roles", "{}"), (HttpMethod.Post, $"/api/servers/{server.Id}/roles", "{}"),
            (HttpMethod.Patch, $"/api/servers/{server.Id}/roles", $$"""[{"id":"{{roleId}}","position":1}]"""),
            (HttpMethod.Patch, $"/api/servers/{server.Id}/roles/{roleId}", """{"name":"hijacked"}"""),
            (HttpMethod.Delete, $"/api/servers/{server.Id}/roles/{roleId}", "{}"),
        };

        foreach (var (client, status, code) in new[]
        {
            (host.CreateClient(), HttpStatusCode.Unauthorized, "unauthorized"),
            (host.ClientFor(stranger.AccessToken), HttpStatusCode.NotFound, "not_found"),
        })
        {
            using (client)
            {
                foreach (var (method, path, body) in routes)
                {
                    using var request = new HttpRequestMessage(method, path) { Content = Json(body) };
                    using var response = await client.SendAsync(request);
                    await response.AssertProblemAsync(status, code);
                }
            }
        }

        Assert.Equal("kept", await host.QueryAsync(db => db.Roles.Where(r => r.Id == Id(roleId)).Select(r => r.Name).SingleAsync()));
    }

    private static async Task<RoleDto> CreateAsync(HttpClient client, TestServer server, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/servers/{server.Id}/roles", body);
        return await response.ReadAsync<RoleDto>(HttpStatusCode.Created);
    }

    private static async Task<List<RoleDto>> ListAsync(HttpClient client, TestServer server)
    {
        using var response = await client.GetAsync($"/api/servers/{server.Id}/roles");
        return await response.ReadAsync<List<RoleDto>>(HttpStatusCode.OK);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static long Id(string id) => long.Parse(id, CultureInfo.InvariantCulture);
}

public sealed class RolesTestsOnSqlite(SqliteApi api) : RolesTests(api.Host), IClassFixture<SqliteApi>;

public sealed class RolesTestsOnPostgres(PostgresApi api) : RolesTests(api.Host), IClassFixture<PostgresApi>;
