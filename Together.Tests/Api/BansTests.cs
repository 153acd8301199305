using System.Net;
using System.Net.Http.Json;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Domain;
using Together.Api.Features.Members;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Banning, unbanning and listing bans, and what a ban keeps out, on each database.</summary>
public abstract class BansTests(TogetherApiHost host)
{
    [Fact]
    public async Task A_banned_member_is_removed_cannot_rejoin_through_any_invite_and_may_again_once_unbanned()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var target = await host.RegisterAsync();
        await host.JoinThroughInviteAsync(server, owner, target);
        var invite = await host.CreateInviteAsync(server, owner, new { maxAge = 0 });
        var banned = new TaskCompletionSource<MemberBanned>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = host.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint(endpoint =>
            endpoint.Handler<MemberBanned>(context =>
            {
                if (context.Message.UserId == target.LongId())
                {
                    banned.TrySetResult(context.Message);
                }

                return Task.CompletedTask;
            }));
        await handle.Ready;
        using var client = host.ClientFor(owner.AccessToken);

        using var response = await client.PutAsJsonAsync($"/api/servers/{server.Id}/bans/{target.Id}",
            new { reason = "spam", deleteMessageSeconds = 3600 });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await host.IsMemberAsync(server, target));
        var published = await banned.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await handle.StopAsync();
        Assert.Equal(3600, published.DeleteMessageSeconds);
        Assert.Equal(server.LongId, published.ServerId);
        Assert.Equal(owner.LongId(), published.ModeratorId);
        var entry = Assert.Single(await host.AuditEntriesAsync(server, AuditLogActions.MemberBan));
        Assert.Equal("spam", entry.Reason);
        Assert.Equal(target.LongId(), entry.TargetId);

        using var listed = await client.GetAsync($"/api/servers/{server.Id}/bans");
        var ban = Assert.Single(await listed.ReadAsync<List<BanDto>>(HttpStatusCode.OK));
        Assert.Equal(target.Id, ban.User.Id);
        Assert.Equal("spam", ban.Reason);
        Assert.Equal(owner.Id, ban.ModeratorId);

        using var rejoin = await host.ClientFor(target.AccessToken).PostAsync($"/api/invites/{invite.Code}", null);
        await rejoin.AssertProblemAsync(HttpStatusCode.Forbidden, "banned");
        Assert.Equal(0, await host.QueryAsync(db => db.Invites.Where(candidate => candidate.Code == invite.Code).Select(candidate => candidate.Uses).SingleAsync()));

        using var again = await client.PutAsync($"/api/servers/{server.Id}/bans/{target.Id}", null);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Single(await host.AuditEntriesAsync(server, AuditLogActions.MemberBan));

        using var unbanned = await client.DeleteAsync($"/api/servers/{server.Id}/bans/{target.Id}");
        Assert.Equal(HttpStatusCode.NoContent, unbanned.StatusCode);
        Assert.Single(await host.AuditEntriesAsync(server, AuditLogActions.MemberUnban));
        using var joined = await host.ClientFor(target.AccessToken).PostAsync($"/api/invites/{invite.Code}", null);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        using var notBanned = await client.DeleteAsync($"/api/servers/{server.Id}/bans/{target.Id}");
        await notBanned.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_user_who_never_joined_can_be_banned_pre_emptively_but_an_unknown_user_is_404()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var outsider = await host.RegisterAsync();
        using var client = host.ClientFor(owner.AccessToken);

        using var banned = await client.PutAsync($"/api/servers/{server.Id}/bans/{outsider.Id}", null);
        using var unknown = await client.PutAsync($"/api/servers/{server.Id}/bans/424242424242", null);

        Assert.Equal(HttpStatusCode.NoContent, banned.StatusCode);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Single(await host.QueryAsync(db => db.Bans.Where(ban => ban.ServerId == server.LongId).ToListAsync()));
    }

    [Fact]
    public async Task A_ban_with_deleteMessageSeconds_deletes_the_users_recent_messages_and_announces_them()
    {
        var (owner, target, server) = await host.CreateServerWithMemberAsync();
        var old = await host.SendMessageAsync(target, server.TextChannelId, "written long ago");
        // Moved two hours back by giving it the id it would have had then: ids carry their time.
        var twoHoursAgo = Snowflake.Compose(Snowflake.MillisecondsSinceEpoch(DateTimeOffset.UtcNow.AddHours(-2)), 0, 1);
        await host.ExecuteAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE messages SET \"Id\" = {twoHoursAgo} WHERE \"Id\" = {long.Parse(old.Id, System.Globalization.CultureInfo.InvariantCulture)}"));
        var recent = await host.SendMessageAsync(target, server.TextChannelId, "spam one");
        var alsoRecent = await host.SendMessageAsync(target, server.TextChannelId, "spam two");
        var bystander = await host.SendMessageAsync(owner, server.TextChannelId, "the owner's own words");
        await using var gateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);
        using var client = host.ClientFor(owner.AccessToken);

        using var response = await client.PutAsJsonAsync($"/api/servers/{server.Id}/bans/{target.Id}", new { deleteMessageSeconds = 3600 });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var bulk = await gateway.SkipToEventAsync("MESSAGE_DELETE_BULK");
        Assert.Equal([recent.Id, alsoRecent.Id], bulk.GetProperty("ids").EnumerateArray().Select(id => id.GetString()).Order());
        var left = await host.HistoryAsync(owner, server.TextChannelId);
        Assert.Equal(["the owner's own words", "written long ago"], left.Select(message => message.Content));
        Assert.Equal(bystander.Id, left[0].Id);
    }

    [Fact]
    public async Task Two_moderators_banning_one_member_at_once_both_get_204_never_500_and_one_ban_stands()
    {
        for (var round = 0; round < 5; round++)
        {
            var (owner, target, server) = await host.CreateServerWithMemberAsync();
            var moderator = await host.RegisterAsync();
            await host.JoinAsync(server, moderator);
            await host.GrantAsync(server, moderator, Permission.BanMembers);
            using var first = host.ClientFor(owner.AccessToken);
            using var second = host.ClientFor(moderator.AccessToken);

            var responses = await Task.WhenAll(
                first.PutAsync($"/api/servers/{server.Id}/bans/{target.Id}", null),
                second.PutAsync($"/api/servers/{server.Id}/bans/{target.Id}", null));

            Assert.All(responses, response => Assert.Equal(HttpStatusCode.NoContent, response.StatusCode));
            Assert.Single(await host.QueryAsync(db => db.Bans.Where(ban => ban.ServerId == server.LongId).ToListAsync()));
            Assert.False(await host.IsMemberAsync(server, target));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Banning_listing_and_unbanning_need_BAN_MEMBERS()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var member = await host.RegisterAsync();
        var target = await host.RegisterAsync();
        await host.JoinAsync(server, member);
        await host.JoinAsync(server, target);
        using var client = host.ClientFor(member.AccessToken);

        using var ban = await client.PutAsync($"/api/servers/{server.Id}/bans/{target.Id}", null);
        using var list = await client.GetAsync($"/api/servers/{server.Id}/bans");
        using var unban = await client.DeleteAsync($"/api/servers/{server.Id}/bans/{target.Id}");

        await ban.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        await list.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        await unban.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.True(await host.IsMemberAsync(server, target));

        await host.GrantAsync(server, member, Permission.BanMembers);
        using var allowed = await client.PutAsync($"/api/servers/{server.Id}/bans/{target.Id}", null);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.False(await host.IsMemberAsync(server, target));
    }

    [Theory]
    [InlineData("""{"deleteMessageSeconds":604801}""", "deleteMessageSeconds")]
    [InlineData("""{"deleteMessageSeconds":-1}""", "deleteMessageSeconds")]
    [InlineData("""{"reason":12}""", "reason")]
    [InlineData("{", "body")]
    public async Task Malformed_bans_are_400_and_ban_nobody(string body, string field)
    {
        var (owner, target, server) = await host.CreateServerWithMemberAsync();

        using var response = await host.ClientFor(owner.AccessToken).PutAsync($"/api/servers/{server.Id}/bans/{target.Id}",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.True(await host.IsMemberAsync(server, target));
        Assert.Empty(await host.QueryAsync(db => db.Bans.Where(ban => ban.ServerId == server.LongId).ToListAsync()));
    }
}

public sealed class BansTestsOnSqlite(SqliteApi api) : BansTests(api.Host), IClassFixture<SqliteApi>;

public sealed class BansTestsOnPostgres(PostgresApi api) : BansTests(api.Host), IClassFixture<PostgresApi>;
