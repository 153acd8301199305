using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Api.Features.Members;
using Together.Api.Features.Servers;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Listing, nicknames, timeouts, roles, kicks and leaving, on each database.</summary>
public abstract class MembersTests(TogetherApiHost host)
{
    [Fact]
    public async Task Members_are_listed_by_id_in_pages_and_found_by_username_or_nickname_prefix()
    {
        var owner = await host.RegisterAsync(ApiTestExtensions.NewUsername("owner"));
        var server = await host.CreateServerAsync(owner);
        var alice = await host.RegisterAsync(ApiTestExtensions.NewUsername("alice"));
        var bob = await host.RegisterAsync(ApiTestExtensions.NewUsername("bob"));
        await host.JoinThroughInviteAsync(server, owner, alice);
        await host.JoinThroughInviteAsync(server, owner, bob);
        using var bobClient = host.ClientFor(bob.AccessToken);
        using var renamed = await bobClient.PatchAsJsonAsync($"/api/servers/{server.Id}/members/@me", new { nickname = "Zed" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        using var client = host.ClientFor(alice.AccessToken);

        var all = await (await client.GetAsync($"/api/servers/{server.Id}/members")).ReadAsync<List<MemberDto>>(HttpStatusCode.OK);
        var first = await (await client.GetAsync($"/api/servers/{server.Id}/members?limit=2")).ReadAsync<List<MemberDto>>(HttpStatusCode.OK);
        var rest = await (await client.GetAsync($"/api/servers/{server.Id}/members?limit=2&after={first[^1].User.Id}"))
            .ReadAsync<List<MemberDto>>(HttpStatusCode.OK);
        var byName = await (await client.GetAsync($"/api/servers/{server.Id}/members?query=ALICE")).ReadAsync<List<MemberDto>>(HttpStatusCode.OK);
        var byNickname = await (await client.GetAsync($"/api/servers/{server.Id}/members?query=ze")).ReadAsync<List<MemberDto>>(HttpStatusCode.OK);

        Assert.Equal(new[] { owner.Id, alice.Id, bob.Id }.Order(StringComparer.Ordinal), all.Select(member => member.User.Id).Order(StringComparer.Ordinal));
        Assert.Equal(all.Select(member => member.User.Id), first.Concat(rest).Select(member => member.User.Id));
        Assert.Equal(alice.Id, Assert.Single(byName).User.Id);
        var found = Assert.Single(byNickname);
        Assert.Equal(bob.Id, found.User.Id);
        Assert.Equal("Zed", found.Nickname);
        Assert.Equal(server.Id, found.ServerId);
    }

    [Fact]
    public async Task A_member_is_read_by_user_id()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();

        using var response = await host.ClientFor(member.AccessToken).GetAsync($"/api/servers/{server.Id}/members/{owner.Id}");

        var read = await response.ReadAsync<MemberDto>(HttpStatusCode.OK);
        Assert.Equal(owner.Id, read.User.Id);
        Assert.Equal(owner.Username, read.User.Username);
        Assert.Empty(read.Roles);
    }

    [Fact]
    public async Task A_member_changes_their_own_nickname_with_CHANGE_NICKNAME_and_not_without()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        using var client = host.ClientFor(member.AccessToken);

        using var changed = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/members/@me", new { nickname = "  Nick  " });
        Assert.Equal("Nick", (await changed.ReadAsync<MemberDto>(HttpStatusCode.OK)).Nickname);
        await host.DenyEveryoneAsync(server, Permission.ChangeNickname);
        using var refused = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/members/@me", new { nickname = "Other" });

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Equal("Nick", await NicknameAsync(server, member));
    }

    [Fact]
    public async Task Others_nicknames_need_MANAGE_NICKNAMES_and_the_change_is_audited_with_its_reason()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var target = await host.RegisterAsync();
        var moderator = await host.RegisterAsync();
        await host.JoinAsync(server, target);
        await host.JoinAsync(server, moderator);

        using var refused = await host.ClientFor(moderator.AccessToken)
            .PatchAsJsonAsync($"/api/servers/{server.Id}/members/{target.Id}", new { nickname = "Renamed" });
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Null(await NicknameAsync(server, target));

        await host.GrantAsync(server, moderator, Permission.ManageNicknames);
        using var client = host.ClientFor(moderator.AccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/servers/{server.Id}/members/{target.Id}")
        {
            Content = JsonContent.Create(new { nickname = "Renamed" }),
        };
        request.Headers.Add("X-Audit-Log-Reason", Uri.EscapeDataString("rule 3: names"));
        using var changed = await client.SendAsync(request);

        Assert.Equal("Renamed", (await changed.ReadAsync<MemberDto>(HttpStatusCode.OK)).Nickname);
        var entry = Assert.Single(await host.AuditEntriesAsync(server, AuditLogActions.MemberUpdate));
        Assert.Equal(moderator.LongId(), entry.ActorId);
        Assert.Equal(target.LongId(), entry.TargetId);
        Assert.Equal("rule 3: names", entry.Reason);
        Assert.Contains("\"key\":\"nickname\"", entry.Changes, StringComparison.Ordinal);
        Assert.Contains("\"new\":\"Renamed\"", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_needs_MODERATE_MEMBERS_lasts_at_most_28_days_and_null_ends_it()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var target = await host.RegisterAsync();
        var moderator = await host.RegisterAsync();
        await host.JoinAsync(server, target);
        await host.JoinAsync(server, moderator);
        var path = $"/api/servers/{server.Id}/members/{target.Id}";
        var until = DateTimeOffset.UtcNow.AddDays(1);

        using var refused = await host.ClientFor(moderator.AccessToken).PatchAsJsonAsync(path, new { timeoutUntil = until });
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");

        await host.GrantAsync(server, moderator, Permission.ModerateMembers);
        using var client = host.ClientFor(moderator.AccessToken);
        using var tooLong = await client.PatchAsJsonAsync(path, new { timeoutUntil = DateTimeOffset.UtcNow.AddDays(29) });
        await tooLong.AssertValidationProblemAsync("timeoutUntil");
        using var past = await client.PatchAsJsonAsync(path, new { timeoutUntil = DateTimeOffset.UtcNow.AddMinutes(-1) });
        await past.AssertValidationProblemAsync("timeoutUntil");
        Assert.Null(await TimeoutAsync(server, target));

        using var timedOut = await client.PatchAsJsonAsync(path, new { timeoutUntil = until });
        var member = await timedOut.ReadAsync<MemberDto>(HttpStatusCode.OK);
        Assert.Equal(until.ToUnixTimeMilliseconds(), member.TimeoutUntil!.Value.ToUnixTimeMilliseconds(), tolerance: 1);
        using var inviting = await host.ClientFor(target.AccessToken).PostAsJsonAsync(
            $"/api/channels/{server.TextChannelId}/invites", new { });
        await inviting.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");

        using var nicknameKept = await client.PatchAsJsonAsync(path, new { nickname = (string?)null });
        Assert.NotNull((await nicknameKept.ReadAsync<MemberDto>(HttpStatusCode.OK)).TimeoutUntil);
        using var ended = await client.PatchAsync(path, new StringContent("""{"timeoutUntil":null}""", Encoding.UTF8, "application/json"));
        Assert.Null((await ended.ReadAsync<MemberDto>(HttpStatusCode.OK)).TimeoutUntil);
        Assert.Equal(2, (await host.AuditEntriesAsync(server, AuditLogActions.MemberTimeout)).Count);
    }

    [Fact]
    public async Task Nobody_moderates_the_owner_someone_ranked_equal_or_above_or_themselves()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var moderator = await host.RegisterAsync();
        var peer = await host.RegisterAsync();
        var senior = await host.RegisterAsync();
        foreach (var user in new[] { moderator, peer, senior })
        {
            await host.JoinAsync(server, user);
        }

        const Permission moderation = Permission.KickMembers | Permission.BanMembers | Permission.ManageNicknames
            | Permission.ModerateMembers | Permission.ManageRoles;
        var moderatorRole = await host.GrantAsync(server, moderator, moderation);
        await host.AssignRoleAsync(server, peer, moderatorRole);
        await host.GrantAsync(server, senior, Permission.None);
        using var client = host.ClientFor(moderator.AccessToken);

        foreach (var target in new[] { owner, peer, senior })
        {
            using var kick = await client.DeleteAsync($"/api/servers/{server.Id}/members/{target.Id}");
            await kick.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
            using var ban = await client.PutAsync($"/api/servers/{server.Id}/bans/{target.Id}", null);
            await ban.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
            using var nickname = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/members/{target.Id}", new { nickname = "x" });
            await nickname.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
            using var timeout = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/members/{target.Id}",
                new { timeoutUntil = DateTimeOffset.UtcNow.AddHours(1) });
            await timeout.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
            Assert.True(await host.IsMemberAsync(server, target));
        }

        using var self = await client.PatchAsJsonAsync($"/api/servers/{server.Id}/members/@me", new { timeoutUntil = DateTimeOffset.UtcNow.AddHours(1) });
        await self.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
        Assert.Empty(await host.QueryAsync(db => db.Bans.Where(ban => ban.ServerId == server.LongId).ToListAsync()));
        Assert.Null(await NicknameAsync(server, owner));
    }

    [Fact]
    public async Task Roles_below_your_highest_are_given_and_taken_with_MANAGE_ROLES()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var moderator = await host.RegisterAsync();
        var target = await host.RegisterAsync();
        await host.JoinAsync(server, moderator);
        await host.JoinAsync(server, target);
        var lower = await host.CreateRoleAsync(server, Permission.None, "lower");
        var moderatorRole = await host.GrantAsync(server, moderator, Permission.ManageRoles);
        var higher = await host.CreateRoleAsync(server, Permission.None, "higher");
        using var client = host.ClientFor(moderator.AccessToken);

        using var given = await client.PutAsync($"/api/servers/{server.Id}/members/{target.Id}/roles/{lower}", null);
        Assert.Equal([lower], (await given.ReadAsync<MemberDto>(HttpStatusCode.OK)).Roles);
        using var again = await client.PutAsync($"/api/servers/{server.Id}/members/{target.Id}/roles/{lower}", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var above = await client.PutAsync($"/api/servers/{server.Id}/members/{target.Id}/roles/{higher}", null);
        await above.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
        using var equal = await client.PutAsync($"/api/servers/{server.Id}/members/{target.Id}/roles/{moderatorRole}", null);
        await equal.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
        using var everyone = await client.PutAsync($"/api/servers/{server.Id}/members/{target.Id}/roles/{server.EveryoneRoleId}", null);
        await everyone.AssertValidationProblemAsync("roleId");
        using var unknown = await client.PutAsync($"/api/servers/{server.Id}/members/{target.Id}/roles/424242424242", null);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Single(await host.AuditEntriesAsync(server, AuditLogActions.MemberRoleAdd));

        using var taken = await client.DeleteAsync($"/api/servers/{server.Id}/members/{target.Id}/roles/{lower}");
        Assert.Empty((await taken.ReadAsync<MemberDto>(HttpStatusCode.OK)).Roles);
        Assert.Single(await host.AuditEntriesAsync(server, AuditLogActions.MemberRoleRemove));

        var plain = await host.RegisterAsync();
        await host.JoinAsync(server, plain);
        using var refused = await host.ClientFor(plain.AccessToken).PutAsync($"/api/servers/{server.Id}/members/{target.Id}/roles/{lower}", null);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
    }

    [Fact]
    public async Task A_kicked_member_is_gone_and_the_kick_is_audited()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var target = await host.RegisterAsync();
        var bystander = await host.RegisterAsync();
        await host.JoinAsync(server, target);
        await host.JoinAsync(server, bystander);

        using var refused = await host.ClientFor(bystander.AccessToken).DeleteAsync($"/api/servers/{server.Id}/members/{target.Id}");
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.True(await host.IsMemberAsync(server, target));

        using var kicked = await host.ClientFor(owner.AccessToken).DeleteAsync($"/api/servers/{server.Id}/members/{target.Id}");

        Assert.Equal(HttpStatusCode.NoContent, kicked.StatusCode);
        Assert.False(await host.IsMemberAsync(server, target));
        Assert.Equal(target.LongId(), Assert.Single(await host.AuditEntriesAsync(server, AuditLogActions.MemberKick)).TargetId);
        using var gone = await host.ClientFor(target.AccessToken).GetAsync($"/api/servers/{server.Id}/members");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_member_leaves_but_the_owner_cannot()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();

        using var left = await host.ClientFor(member.AccessToken).DeleteAsync($"/api/servers/{server.Id}/members/@me");
        using var ownerLeaving = await host.ClientFor(owner.AccessToken).DeleteAsync($"/api/servers/{server.Id}/members/@me");

        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        Assert.False(await host.IsMemberAsync(server, member));
        await ownerLeaving.AssertProblemAsync(HttpStatusCode.Conflict, "owner_cannot_leave");
        Assert.True(await host.IsMemberAsync(server, owner));
    }

    public static TheoryData<string, string> MalformedPatches => new()
    {
        { """{"nickname":"012345678901234567890123456789012"}""", "nickname" },
        { """{"nickname":"evil\u202Egnp"}""", "nickname" },
        { """{"nickname":12}""", "nickname" },
        { """{"timeoutUntil":"tomorrow"}""", "timeoutUntil" },
        { "{", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedPatches))]
    public async Task Malformed_member_patches_are_400_and_change_nothing(string body, string field)
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();

        using var response = await host.ClientFor(owner.AccessToken).PatchAsync($"/api/servers/{server.Id}/members/{member.Id}",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.Null(await NicknameAsync(server, member));
        Assert.Null(await TimeoutAsync(server, member));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("after=abc")]
    public async Task Malformed_list_queries_are_400(string query)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);

        using var response = await host.ClientFor(owner.AccessToken).GetAsync($"/api/servers/{server.Id}/members?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>Every route of this feature that names a server, as (method, path with {server} {user} {role}).</summary>
    public static TheoryData<string, string> ServerRoutes => new()
    {
        { "GET", "/api/servers/{server}/members" },
        { "GET", "/api/servers/{server}/members/{user}" },
        { "PATCH", "/api/servers/{server}/members/@me" },
        { "PATCH", "/api/servers/{server}/members/{user}" },
        { "DELETE", "/api/servers/{server}/members/@me" },
        { "DELETE", "/api/servers/{server}/members/{user}" },
        { "PUT", "/api/servers/{server}/members/{user}/roles/{role}" },
        { "DELETE", "/api/servers/{server}/members/{user}/roles/{role}" },
        { "GET", "/api/servers/{server}/bans" },
        { "PUT", "/api/servers/{server}/bans/{user}" },
        { "DELETE", "/api/servers/{server}/bans/{user}" },
        { "GET", "/api/servers/{server}/invites" },
        { "GET", "/api/servers/{server}/audit-log" },
        { "POST", "/api/channels/{channel}/invites" },
    };

    [Theory]
    [MemberData(nameof(ServerRoutes))]
    public async Task Without_a_token_every_route_is_401(string method, string template)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var role = await host.CreateRoleAsync(server, Permission.None);

        using var client = host.CreateClient();
        using var response = await client.SendAsync(Request(method, Fill(template, server, owner.Id, role)));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.True(await host.IsMemberAsync(server, owner));
    }

    [Theory]
    [MemberData(nameof(ServerRoutes))]
    public async Task A_non_member_gets_404_on_every_route_and_changes_nothing(string method, string template)
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var role = await host.CreateRoleAsync(server, Permission.None);
        var stranger = await host.RegisterAsync();
        var audited = await AuditCountAsync(server);

        using var response = await host.ClientFor(stranger.AccessToken)
            .SendAsync(Request(method, Fill(template, server, member.Id, role)));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.True(await host.IsMemberAsync(server, member));
        Assert.Empty(await host.QueryAsync(db => db.Bans.Where(ban => ban.ServerId == server.LongId).ToListAsync()));
        Assert.Empty(await host.QueryAsync(db => db.MemberRoles.Where(given => given.ServerId == server.LongId).ToListAsync()));
        Assert.Equal(audited, await AuditCountAsync(server));
    }

    /// <summary>
    /// IDOR: the owner of server A, with every permission there, names members and roles of server B through A's
    /// routes: 404 and nothing changed in either server.
    /// </summary>
    [Theory]
    [InlineData("GET", "/api/servers/{server}/members/{user}")]
    [InlineData("PATCH", "/api/servers/{server}/members/{user}")]
    [InlineData("DELETE", "/api/servers/{server}/members/{user}")]
    [InlineData("PUT", "/api/servers/{server}/members/{user}/roles/{role}")]
    [InlineData("DELETE", "/api/servers/{server}/members/{user}/roles/{role}")]
    [InlineData("DELETE", "/api/servers/{server}/bans/{banned}")]
    [InlineData("PUT", "/api/servers/{own}/members/{ownUser}/roles/{role}")]
    public async Task Ids_from_another_server_are_404_and_change_nothing(string method, string template)
    {
        var ownerA = await host.RegisterAsync();
        var serverA = await host.CreateServerAsync(ownerA);
        var memberA = await host.RegisterAsync();
        await host.JoinAsync(serverA, memberA);
        var ownerB = await host.RegisterAsync();
        var serverB = await host.CreateServerAsync(ownerB);
        var memberB = await host.RegisterAsync();
        await host.JoinAsync(serverB, memberB);
        var roleB = await host.CreateRoleAsync(serverB, Permission.None);
        var bannedB = await host.RegisterAsync();
        await host.ExecuteAsync(async db =>
        {
            db.Bans.Add(new Ban { ServerId = serverB.LongId, UserId = bannedB.LongId(), ModeratorId = ownerB.LongId(), CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        var audited = await AuditCountAsync(serverA) + await AuditCountAsync(serverB);
        var path = template.Replace("{own}", serverA.Id, StringComparison.Ordinal)
            .Replace("{ownUser}", memberA.Id, StringComparison.Ordinal)
            .Replace("{server}", serverA.Id, StringComparison.Ordinal)
            .Replace("{user}", memberB.Id, StringComparison.Ordinal)
            .Replace("{banned}", bannedB.Id, StringComparison.Ordinal)
            .Replace("{role}", roleB, StringComparison.Ordinal);

        using var response = await host.ClientFor(ownerA.AccessToken).SendAsync(Request(method, path));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.True(await host.IsMemberAsync(serverB, memberB));
        Assert.True(await host.IsMemberAsync(serverA, memberA));
        var roleId = long.Parse(roleB, CultureInfo.InvariantCulture);
        Assert.Empty(await host.QueryAsync(db => db.MemberRoles.Where(given => given.RoleId == roleId).ToListAsync()));
        Assert.Single(await host.QueryAsync(db => db.Bans.Where(ban => ban.ServerId == serverB.LongId).ToListAsync()));
        Assert.Null(await NicknameAsync(serverB, memberB));
        Assert.Equal(audited, await AuditCountAsync(serverA) + await AuditCountAsync(serverB));
    }

    internal static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "GET" or "DELETE" ? null : JsonContent.Create(new { nickname = "x" }),
    };

    internal static string Fill(string template, TestServer server, string userId, string roleId) =>
        template.Replace("{server}", server.Id, StringComparison.Ordinal)
            .Replace("{channel}", server.TextChannelId, StringComparison.Ordinal)
            .Replace("{user}", userId, StringComparison.Ordinal)
            .Replace("{role}", roleId, StringComparison.Ordinal);

    private Task<int> AuditCountAsync(TestServer server) =>
        host.QueryAsync(db => db.AuditLog.CountAsync(entry => entry.ServerId == server.LongId));

    private Task<string?> NicknameAsync(TestServer server, TestUser user) =>
        host.QueryAsync(db => db.Members.Where(member => member.ServerId == server.LongId && member.UserId == user.LongId())
            .Select(member => member.Nickname).SingleAsync());

    private Task<DateTimeOffset?> TimeoutAsync(TestServer server, TestUser user) =>
        host.QueryAsync(db => db.Members.Where(member => member.ServerId == server.LongId && member.UserId == user.LongId())
            .Select(member => member.TimeoutUntil).SingleAsync());
}

public sealed class MembersTestsOnSqlite(SqliteApi api) : MembersTests(api.Host), IClassFixture<SqliteApi>;

public sealed class MembersTestsOnPostgres(PostgresApi api) : MembersTests(api.Host), IClassFixture<PostgresApi>;
