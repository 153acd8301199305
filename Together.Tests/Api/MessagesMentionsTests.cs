using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Api.Features.ReadStates;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;
using static Together.Tests.Infrastructure.MessageTestExtensions;

namespace Together.Tests.Api;

/// <summary>Which mentions count, whose unread mention counts they raise, and acking.</summary>
public abstract class MessagesMentionsTests(TogetherApiHost host)
{
    private Task<int> MentionCountAsync(TestUser user, string channelId) =>
        host.QueryAsync(db => db.ReadStates.Where(state => state.UserId == LongId(user.Id) && state.ChannelId == LongId(channelId))
            .Select(state => state.MentionCount).SingleOrDefaultAsync());

    [Fact]
    public async Task Only_members_and_mentionable_roles_count_and_everyone_needs_mention_everyone()
    {
        var owner = await host.RegisterAsync();
        var author = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var stranger = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, author);
        await host.JoinAsync(server, member);
        var mentionable = await host.CreateRoleAsync(server, Permission.None, "mentionable");
        var quiet = await host.CreateRoleAsync(server, Permission.None, "quiet");
        await host.ExecuteAsync(db => db.Roles.Where(role => role.Id == LongId(mentionable))
            .ExecuteUpdateAsync(setters => setters.SetProperty(role => role.Mentionable, true)));

        var sent = await host.SendMessageAsync(author, server.TextChannelId,
            $"<@{member.Id}> <@{stranger.Id}> <@&{mentionable}> <@&{quiet}> <@&{server.Id}> @everyone @here");

        Assert.Equal([member.Id], sent.Mentions);
        Assert.Equal([mentionable], sent.MentionRoles);
        Assert.False(sent.MentionEveryone);
        Assert.Equal(1, await MentionCountAsync(member, server.TextChannelId));
        Assert.Equal(0, await MentionCountAsync(owner, server.TextChannelId));
        Assert.Equal(0, await MentionCountAsync(stranger, server.TextChannelId));
    }

    [Fact]
    public async Task With_mention_everyone_any_role_and_everyone_count_and_raise_every_viewers_count_but_the_authors()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var blind = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        await host.JoinAsync(server, blind);
        await host.DenyInChannelAsync(server.TextChannelId, blind, Permission.ViewChannel);
        var quiet = await host.CreateRoleAsync(server, Permission.None, "quiet");

        var sent = await host.SendMessageAsync(owner, server.TextChannelId, $"@everyone look, <@&{quiet}> <@{blind.Id}>");
        await host.SendMessageAsync(owner, server.TextChannelId, "@here again");

        Assert.True(sent.MentionEveryone);
        Assert.Equal([quiet], sent.MentionRoles);
        Assert.Equal([blind.Id], sent.Mentions);
        Assert.Equal(2, await MentionCountAsync(member, server.TextChannelId));
        Assert.Equal(0, await MentionCountAsync(blind, server.TextChannelId));
        Assert.Equal(0, await MentionCountAsync(owner, server.TextChannelId));
    }

    [Fact]
    public async Task A_role_mention_raises_the_count_of_the_roles_members_who_can_see_the_channel()
    {
        var owner = await host.RegisterAsync();
        var holder = await host.RegisterAsync();
        var bystander = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, holder);
        await host.JoinAsync(server, bystander);
        var role = await host.GrantAsync(server, holder, Permission.None);

        await host.SendMessageAsync(owner, server.TextChannelId, $"hey <@&{role}>, and <@{holder.Id}> again");

        Assert.Equal(1, await MentionCountAsync(holder, server.TextChannelId));
        Assert.Equal(0, await MentionCountAsync(bystander, server.TextChannelId));
    }

    [Fact]
    public async Task Acking_marks_the_channel_read_and_clears_mentions_and_read_states_show_what_is_unread()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var first = await host.SendMessageAsync(owner, server.TextChannelId, $"<@{member.Id}> one");
        var second = await host.SendMessageAsync(owner, server.TextChannelId, $"<@{member.Id}> two");
        using var client = host.ClientFor(member.AccessToken);

        using var before = await client.GetAsync("/api/users/@me/read-states");
        var unread = Assert.Single(await before.ReadAsync<List<ReadStateDto>>(HttpStatusCode.OK));
        Assert.Equal(new ReadStateDto(server.TextChannelId, null, 2, second.Id, true), unread);

        using var ack = await client.PostAsync($"/api/channels/{server.TextChannelId}/ack/{second.Id}", null);
        Assert.Equal(new ReadStateDto(server.TextChannelId, second.Id, 0, second.Id, false), await ack.ReadAsync<ReadStateDto>(HttpStatusCode.OK));

        using var back = await client.PostAsync($"/api/channels/{server.TextChannelId}/ack/{first.Id}", null);
        Assert.True((await back.ReadAsync<ReadStateDto>(HttpStatusCode.OK)).Unread);
        using var after = await client.GetAsync("/api/users/@me/read-states");
        Assert.Equal(new ReadStateDto(server.TextChannelId, first.Id, 0, second.Id, true),
            Assert.Single(await after.ReadAsync<List<ReadStateDto>>(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task Read_states_leave_out_channels_the_caller_cannot_see()
    {
        var owner = await host.RegisterAsync();
        var blind = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, blind);
        await host.SendMessageAsync(owner, server.TextChannelId, $"<@{blind.Id}> before the overwrite");
        await host.DenyInChannelAsync(server.TextChannelId, blind, Permission.ViewChannel);
        using var client = host.ClientFor(blind.AccessToken);

        using var response = await client.GetAsync("/api/users/@me/read-states");

        Assert.Empty(await response.ReadAsync<List<ReadStateDto>>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Acking_a_message_of_another_channel_is_404_and_changes_nothing()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var other = await host.CreateServerAsync(owner);
        var elsewhere = await host.SendMessageAsync(owner, other.TextChannelId, "elsewhere");
        using var client = host.ClientFor(owner.AccessToken);

        using var response = await client.PostAsync($"/api/channels/{server.TextChannelId}/ack/{elsewhere.Id}", null);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.False(await host.QueryAsync(db => db.ReadStates.AnyAsync(state => state.UserId == LongId(owner.Id))));
    }

    [Fact]
    public async Task Concurrent_mentions_of_one_user_are_all_counted()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(index =>
            host.SendMessageAsync(owner, server.TextChannelId, $"<@{member.Id}> #{index}")));

        Assert.Equal(12, await MentionCountAsync(member, server.TextChannelId));
    }
}

public sealed class MessagesMentionsTestsOnSqlite(SqliteApi api) : MessagesMentionsTests(api.Host), IClassFixture<SqliteApi>;

public sealed class MessagesMentionsTestsOnPostgres(PostgresApi api) : MessagesMentionsTests(api.Host), IClassFixture<PostgresApi>;
