using System.Net;
using System.Net.Http.Json;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>GET /servers/{id}/audit-log: newest first, filtered, paged by id, for VIEW_AUDIT_LOG only.</summary>
public abstract class AuditLogTests(TogetherApiHost host)
{
    [Fact]
    public async Task The_log_is_newest_first_filtered_by_actor_and_action_and_paged_by_id()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var moderator = await host.RegisterAsync();
        var target = await host.RegisterAsync();
        await host.JoinAsync(server, moderator);
        await host.JoinAsync(server, target);
        await host.GrantAsync(server, moderator, Permission.ManageNicknames | Permission.ViewAuditLog);
        using var ownerClient = host.ClientFor(owner.AccessToken);
        using var moderatorClient = host.ClientFor(moderator.AccessToken);
        foreach (var nickname in new[] { "one", "two", "three" })
        {
            using var renamed = await moderatorClient.PatchAsJsonAsync($"/api/servers/{server.Id}/members/{target.Id}", new { nickname });
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        using var kicked = await ownerClient.DeleteAsync($"/api/servers/{server.Id}/members/{target.Id}");
        Assert.Equal(HttpStatusCode.NoContent, kicked.StatusCode);
        var path = $"/api/servers/{server.Id}/audit-log";

        var all = await (await moderatorClient.GetAsync(path)).ReadAsync<List<AuditLogEntryDto>>(HttpStatusCode.OK);
        var byModerator = await (await moderatorClient.GetAsync($"{path}?actorId={moderator.Id}")).ReadAsync<List<AuditLogEntryDto>>(HttpStatusCode.OK);
        var kicks = await (await moderatorClient.GetAsync($"{path}?action=member_kick")).ReadAsync<List<AuditLogEntryDto>>(HttpStatusCode.OK);
        var firstPage = await (await moderatorClient.GetAsync($"{path}?actorId={moderator.Id}&limit=2")).ReadAsync<List<AuditLogEntryDto>>(HttpStatusCode.OK);
        var secondPage = await (await moderatorClient.GetAsync($"{path}?actorId={moderator.Id}&limit=2&before={firstPage[^1].Id}"))
            .ReadAsync<List<AuditLogEntryDto>>(HttpStatusCode.OK);

        Assert.Equal(all.Select(entry => long.Parse(entry.Id, System.Globalization.CultureInfo.InvariantCulture)).OrderDescending(), all.Select(entry => long.Parse(entry.Id, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(AuditLogActions.MemberKick, all[0].Action);
        Assert.Equal(3, byModerator.Count);
        Assert.All(byModerator, entry => Assert.Equal(AuditLogActions.MemberUpdate, entry.Action));
        Assert.Equal("three", byModerator[0].Changes[0].GetProperty("new").GetString());
        Assert.Equal("two", byModerator[0].Changes[0].GetProperty("old").GetString());
        Assert.Equal(target.Id, Assert.Single(kicks).TargetId);
        Assert.Equal(owner.Id, kicks[0].ActorId);
        Assert.Equal(byModerator.Select(entry => entry.Id), firstPage.Concat(secondPage).Select(entry => entry.Id));
    }

    [Fact]
    public async Task Reading_the_log_needs_VIEW_AUDIT_LOG_and_membership()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var stranger = await host.RegisterAsync();

        using var refused = await host.ClientFor(member.AccessToken).GetAsync($"/api/servers/{server.Id}/audit-log");
        using var hidden = await host.ClientFor(stranger.AccessToken).GetAsync($"/api/servers/{server.Id}/audit-log");
        using var malformed = await host.ClientFor(owner.AccessToken).GetAsync($"/api/servers/{server.Id}/audit-log?limit=101");

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        await hidden.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await malformed.AssertValidationProblemAsync("limit");
    }
}

public sealed class AuditLogTestsOnSqlite(SqliteApi api) : AuditLogTests(api.Host), IClassFixture<SqliteApi>;

public sealed class AuditLogTestsOnPostgres(PostgresApi api) : AuditLogTests(api.Host), IClassFixture<PostgresApi>;
