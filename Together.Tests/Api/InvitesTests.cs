using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Api.Features.Invites;
using Together.Api.Features.Servers;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Creating, previewing, accepting, listing and revoking invites, on each database.</summary>
public abstract class InvitesTests(TogetherApiHost host)
{
    [Fact]
    public async Task An_invite_has_an_unguessable_code_and_sensible_defaults()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);

        var invite = await host.CreateInviteAsync(server, owner);

        Assert.Equal(10, invite.Code.Length);
        Assert.All(invite.Code, letter => Assert.Contains(letter, InviteCodes.Alphabet));
        Assert.Equal(server.Id, invite.ServerId);
        Assert.Equal(server.TextChannelId, invite.ChannelId);
        Assert.Equal(owner.Id, invite.Inviter!.Id);
        Assert.Equal(86_400, invite.MaxAge);
        Assert.Equal(0, invite.MaxUses);
        Assert.False(invite.Temporary);
        Assert.Equal(invite.CreatedAt.AddDays(1), invite.ExpiresAt);
        Assert.Single(await host.AuditEntriesAsync(server, AuditLogActions.InviteCreate));
        var codes = new HashSet<string>(Enumerable.Range(0, 1000).Select(_ => InviteCodes.Generate()), StringComparer.Ordinal);
        Assert.Equal(1000, codes.Count);
    }

    [Fact]
    public async Task Anyone_holding_the_code_previews_the_server_without_signing_in()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner, "Preview Club");
        var invite = await host.CreateInviteAsync(server, owner, new { maxAge = 0 });

        using var client = host.CreateClient();
        using var response = await client.GetAsync($"/api/invites/{invite.Code}");

        var preview = await response.ReadAsync<InvitePreviewDto>(HttpStatusCode.OK);
        Assert.Equal("Preview Club", preview.Server.Name);
        Assert.Equal(1, preview.Server.MemberCount);
        Assert.Equal(0, preview.Server.OnlineCount);
        await using (var ownerOnline = await GatewayTestClient.ConnectAsync(host, owner.AccessToken))
        {
            using var whileOnline = await client.GetAsync($"/api/invites/{invite.Code}");
            Assert.Equal(1, (await whileOnline.ReadAsync<InvitePreviewDto>(HttpStatusCode.OK)).Server.OnlineCount);
        }

        Assert.Equal(server.TextChannelId, preview.Channel.Id);
        Assert.Equal("text", preview.Channel.Type);
        Assert.Null(preview.ExpiresAt);
        using var unknown = await client.GetAsync("/api/invites/AAAAAAAAAA");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var malformed = await client.GetAsync("/api/invites/not-a-code");
        await malformed.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Joining_makes_a_member_with_the_invites_roles_and_counts_one_use_per_person()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var guest = await host.CreateRoleAsync(server, Permission.None, "Guest");
        var invite = await host.CreateInviteAsync(server, owner, new { roleIds = new[] { guest }, temporary = true });
        var joiner = await host.RegisterAsync();
        using var client = host.ClientFor(joiner.AccessToken);

        using var joined = await client.PostAsync($"/api/invites/{invite.Code}", null);
        using var again = await client.PostAsync($"/api/invites/{invite.Code}", null);

        var accepted = await joined.ReadAsync<ServerStateDto>(HttpStatusCode.OK);
        Assert.Equal(server.Id, accepted.Id);
        Assert.Contains(accepted.Channels, channel => channel.Id == server.TextChannelId);
        Assert.Equal(joiner.Id, Assert.Single(accepted.Members).User.Id);
        Assert.Equal([guest], accepted.Members[0].Roles);
        Assert.True(await host.QueryAsync(db => db.Members.Where(member => member.ServerId == server.LongId && member.UserId == joiner.LongId())
            .Select(member => member.Temporary).SingleAsync()));
        var repeated = await again.ReadAsync<ServerStateDto>(HttpStatusCode.OK);
        Assert.Equal(joiner.Id, Assert.Single(repeated.Members).User.Id);
        Assert.Equal(1, await UsesAsync(invite.Code));
    }

    [Fact]
    public async Task Expired_and_used_up_invites_say_so_and_admit_nobody()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var expired = await host.CreateInviteAsync(server, owner, new { maxAge = 60 });
        await host.ExecuteAsync(db => db.Invites.Where(invite => invite.Code == expired.Code)
            .ExecuteUpdateAsync(setters => setters.SetProperty(invite => invite.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        var single = await host.CreateInviteAsync(server, owner, new { maxUses = 1 });
        var first = await host.RegisterAsync();
        var late = await host.RegisterAsync();
        await host.ClientFor(first.AccessToken).PostAsync($"/api/invites/{single.Code}", null);
        using var lateClient = host.ClientFor(late.AccessToken);

        using var tooLate = await lateClient.PostAsync($"/api/invites/{expired.Code}", null);
        using var usedUp = await lateClient.PostAsync($"/api/invites/{single.Code}", null);
        using var preview = await host.CreateClient().GetAsync($"/api/invites/{expired.Code}");

        await tooLate.AssertProblemAsync(HttpStatusCode.NotFound, "invite_expired");
        await usedUp.AssertProblemAsync(HttpStatusCode.NotFound, "invite_exhausted");
        await preview.AssertProblemAsync(HttpStatusCode.NotFound, "invite_expired");
        Assert.False(await host.IsMemberAsync(server, late));
        Assert.Equal(1, await UsesAsync(single.Code));
    }

    [Fact]
    public async Task When_many_race_for_the_last_use_exactly_one_joins()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var invite = await host.CreateInviteAsync(server, owner, new { maxUses = 1 });
        var racers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.RegisterAsync()));
        var clients = racers.Select(racer => host.ClientFor(racer.AccessToken)).ToList();

        var responses = await Task.WhenAll(clients.Select(client => client.PostAsync($"/api/invites/{invite.Code}", null)));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(response => response.StatusCode != HttpStatusCode.OK))
        {
            await refused.AssertProblemAsync(HttpStatusCode.NotFound, "invite_exhausted");
        }

        Assert.Equal(1, await UsesAsync(invite.Code));
        Assert.Equal(2, await host.QueryAsync(db => db.Members.CountAsync(member => member.ServerId == server.LongId)));
        foreach (var item in responses.Cast<IDisposable>().Concat(clients))
        {
            item.Dispose();
        }
    }

    [Fact]
    public async Task The_same_user_joining_twice_at_once_is_one_member_and_one_use()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var invite = await host.CreateInviteAsync(server, owner, new { maxUses = 5 });
        var joiner = await host.RegisterAsync();
        using var client = host.ClientFor(joiner.AccessToken);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync($"/api/invites/{invite.Code}", null)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, await UsesAsync(invite.Code));
        Assert.True(await host.IsMemberAsync(server, joiner));
    }

    [Fact]
    public async Task Roles_on_an_invite_need_MANAGE_ROLES_and_must_rank_below_the_creator()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var lower = await host.CreateRoleAsync(server, Permission.None, "lower");
        using var client = host.ClientFor(member.AccessToken);

        using var withoutPermission = await client.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/invites", new { roleIds = new[] { lower } });
        await withoutPermission.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");

        var own = await host.GrantAsync(server, member, Permission.ManageRoles);
        var higher = await host.CreateRoleAsync(server, Permission.None, "higher");
        using var allowed = await client.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/invites", new { roleIds = new[] { lower } });
        Assert.Equal([lower], (await allowed.ReadAsync<InviteDto>(HttpStatusCode.Created)).RoleIds);
        foreach (var role in new[] { own, higher })
        {
            using var above = await client.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/invites", new { roleIds = new[] { role } });
            await above.AssertProblemAsync(HttpStatusCode.Forbidden, "role_hierarchy");
        }

        Assert.Single(await host.QueryAsync(db => db.Invites.Where(invite => invite.ServerId == server.LongId && invite.InviterId == member.LongId()).ToListAsync()));
    }

    public static TheoryData<string, string> MalformedInvites => new()
    {
        { """{"maxAge":-1}""", "maxAge" },
        { """{"maxAge":604801}""", "maxAge" },
        { """{"maxUses":101}""", "maxUses" },
        { """{"temporary":"yes"}""", "temporary" },
        { """{"roleIds":["not-an-id"]}""", "roleIds" },
        { """{"roleIds":["424242424242"]}""", "roleIds" },
        { "{", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedInvites))]
    public async Task Malformed_invites_are_400_and_create_nothing(string body, string field)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);

        using var response = await host.ClientFor(owner.AccessToken).PostAsync($"/api/channels/{server.TextChannelId}/invites",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.Empty(await host.QueryAsync(db => db.Invites.Where(invite => invite.ServerId == server.LongId).ToListAsync()));
    }

    [Fact]
    public async Task Creating_an_invite_needs_CREATE_INVITE()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await host.DenyEveryoneAsync(server, Permission.CreateInvite);

        using var response = await host.ClientFor(member.AccessToken).PostAsJsonAsync($"/api/channels/{server.TextChannelId}/invites", new { });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Empty(await host.QueryAsync(db => db.Invites.Where(invite => invite.ServerId == server.LongId).ToListAsync()));
    }

    [Fact]
    public async Task Invites_are_listed_for_MANAGE_SERVER_and_revoked_by_their_creator_or_a_manager()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var creator = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        await host.JoinAsync(server, creator);
        await host.JoinAsync(server, other);
        var mine = await host.CreateInviteAsync(server, creator);
        var theirs = await host.CreateInviteAsync(server, creator);

        using var listRefused = await host.ClientFor(other.AccessToken).GetAsync($"/api/servers/{server.Id}/invites");
        await listRefused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        using var listed = await host.ClientFor(owner.AccessToken).GetAsync($"/api/servers/{server.Id}/invites");
        var listedCodes = (await listed.ReadAsync<List<InviteDto>>(HttpStatusCode.OK)).Select(invite => invite.Code).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { mine.Code, theirs.Code }.Order(StringComparer.Ordinal), listedCodes);

        using var refused = await host.ClientFor(other.AccessToken).DeleteAsync($"/api/invites/{mine.Code}");
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        var stranger = await host.RegisterAsync();
        using var hidden = await host.ClientFor(stranger.AccessToken).DeleteAsync($"/api/invites/{mine.Code}");
        await hidden.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var byCreator = await host.ClientFor(creator.AccessToken).DeleteAsync($"/api/invites/{mine.Code}");
        Assert.Equal(HttpStatusCode.NoContent, byCreator.StatusCode);
        using var byManager = await host.ClientFor(owner.AccessToken).DeleteAsync($"/api/invites/{theirs.Code}");
        Assert.Equal(HttpStatusCode.NoContent, byManager.StatusCode);

        Assert.Empty(await host.QueryAsync(db => db.Invites.Where(invite => invite.ServerId == server.LongId).ToListAsync()));
        Assert.Equal(2, (await host.AuditEntriesAsync(server, AuditLogActions.InviteDelete)).Count);
        using var gone = await host.ClientFor(stranger.AccessToken).PostAsync($"/api/invites/{mine.Code}", null);
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Joining_and_revoking_need_a_token()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var invite = await host.CreateInviteAsync(server, owner);
        using var client = host.CreateClient();

        using var join = await client.PostAsync($"/api/invites/{invite.Code}", null);
        using var revoke = await client.DeleteAsync($"/api/invites/{invite.Code}");

        await join.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await revoke.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(0, await UsesAsync(invite.Code));
    }

    private Task<int> UsesAsync(string code) =>
        host.QueryAsync(db => db.Invites.Where(invite => invite.Code == code).Select(invite => invite.Uses).SingleAsync());
}

public sealed class InvitesTestsOnSqlite(SqliteApi api) : InvitesTests(api.Host), IClassFixture<SqliteApi>;

public sealed class InvitesTestsOnPostgres(PostgresApi api) : InvitesTests(api.Host), IClassFixture<PostgresApi>;

/// <summary>Joining is limited per user (and per address): guessing codes is slow.</summary>
public sealed class InviteRateLimitTests : IAsyncLifetime
{
    private TogetherApiHost? _host;

    public async Task InitializeAsync() => _host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite,
        new Dictionary<string, string?> { ["Invites:RateLimits:AcceptPerUser:PermitLimit"] = "3" });

    public async Task DisposeAsync() => await _host!.DisposeAsync();

    [Fact]
    public async Task A_user_trying_codes_is_refused_with_429_after_the_limit()
    {
        var host = _host!;
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        using var client = host.ClientFor(user.AccessToken);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var miss = await client.PostAsync($"/api/invites/AAAAAAAAA{attempt}", null);
            await miss.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        using var limited = await client.PostAsync("/api/invites/AAAAAAAAAA", null);
        using var otherUser = await host.ClientFor(other.AccessToken).PostAsync("/api/invites/AAAAAAAAAA", null);

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter is not null);
        await otherUser.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
