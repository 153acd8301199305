using System.Net;
using Microsoft.EntityFrameworkCore;
using Together.Api.Features.Messages;
using Together.Api.Features.Reactions;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;
using static Together.Tests.Infrastructure.MessageTestExtensions;

namespace Together.Tests.Api;

/// <summary>Reactions: add, count and <c>me</c>, list users, remove own and others', emoji validation.</summary>
public abstract class MessagesReactionsTests(TogetherApiHost host)
{
    private static string Path(TestServer server, MessageDto message, string emoji) =>
        $"/api/channels/{server.TextChannelId}/messages/{message.Id}/reactions/{Uri.EscapeDataString(emoji)}";

    private async Task<MessageDto> GetAsync(TestUser viewer, TestServer server, MessageDto message)
    {
        using var client = host.ClientFor(viewer.AccessToken);
        using var response = await client.GetAsync($"/api/channels/{server.TextChannelId}/messages/{message.Id}");
        return await response.ReadAsync<MessageDto>(HttpStatusCode.OK);
    }

    /// <summary>A server with its owner and one member, and a message of the owner's to react to.</summary>
    private async Task<(TestUser Owner, TestUser Member, TestServer Server, MessageDto Message)> MessageWithTwoMembersAsync()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        return (owner, member, server, await host.SendMessageAsync(owner, server.TextChannelId, "react to me"));
    }

    [Fact]
    public async Task Reactions_count_per_emoji_in_first_added_order_with_me_for_the_viewer()
    {
        var (owner, member, server, message) = await MessageWithTwoMembersAsync();
        using var ownerClient = host.ClientFor(owner.AccessToken);
        using var memberClient = host.ClientFor(member.AccessToken);

        foreach (var (client, emoji) in new[] { (ownerClient, "👍🏽"), (memberClient, "👍🏽"), (memberClient, "❤️‍🔥"), (memberClient, "❤️‍🔥") })
        {
            using var response = await client.PutAsync($"{Path(server, message, emoji)}/@me", null);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal([new ReactionCountDto("👍🏽", 2, true), new ReactionCountDto("❤️‍🔥", 1, false)],
            (await GetAsync(owner, server, message)).Reactions);
        Assert.Equal([new ReactionCountDto("👍🏽", 2, true), new ReactionCountDto("❤️‍🔥", 1, true)],
            (await GetAsync(member, server, message)).Reactions);

        using var users = await ownerClient.GetAsync(Path(server, message, "👍🏽"));
        var reacted = await users.ReadAsync<List<MessageAuthorDto>>(HttpStatusCode.OK);
        Assert.Equal(new[] { owner.Id, member.Id }.OrderBy(LongId), reacted.Select(user => user.Id));
        using var paged = await ownerClient.GetAsync($"{Path(server, message, "👍🏽")}?after={reacted[0].Id}&limit=1");
        Assert.Equal([reacted[1].Id], (await paged.ReadAsync<List<MessageAuthorDto>>(HttpStatusCode.OK)).Select(user => user.Id));

        using var removeOwn = await memberClient.DeleteAsync($"{Path(server, message, "👍🏽")}/@me");
        using var removeOthers = await ownerClient.DeleteAsync($"{Path(server, message, "❤️‍🔥")}/{member.Id}");
        Assert.Equal(HttpStatusCode.NoContent, removeOwn.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removeOthers.StatusCode);
        Assert.Equal([new ReactionCountDto("👍🏽", 1, false)], (await GetAsync(member, server, message)).Reactions);
    }

    [Fact]
    public async Task Joining_a_reaction_needs_only_history_but_starting_one_needs_add_reactions()
    {
        var (owner, member, server, message) = await MessageWithTwoMembersAsync();
        using var ownerClient = host.ClientFor(owner.AccessToken);
        using var memberClient = host.ClientFor(member.AccessToken);
        (await ownerClient.PutAsync($"{Path(server, message, "🎉")}/@me", null)).Dispose();
        await host.SetEveryonePermissionsAsync(server, Permission.ViewChannel | Permission.ReadMessageHistory);

        using var join = await memberClient.PutAsync($"{Path(server, message, "🎉")}/@me", null);
        using var start = await memberClient.PutAsync($"{Path(server, message, "🚀")}/@me", null);

        Assert.Equal(HttpStatusCode.NoContent, join.StatusCode);
        await start.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Equal([new ReactionCountDto("🎉", 2, true)], (await GetAsync(member, server, message)).Reactions);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("smile")]
    [InlineData("😀😀")]
    [InlineData("<script>")]
    [InlineData("©")]
    public async Task Anything_but_one_emoji_is_400_and_adds_nothing(string emoji)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "react to me");
        using var client = host.ClientFor(owner.AccessToken);

        using var add = await client.PutAsync($"{Path(server, message, emoji)}/@me", null);
        using var list = await client.GetAsync(Path(server, message, emoji));

        await add.AssertValidationProblemAsync("emoji");
        await list.AssertValidationProblemAsync("emoji");
        Assert.False(await host.QueryAsync(db => db.Reactions.AnyAsync(reaction => reaction.MessageId == LongId(message.Id))));
    }

    [Fact]
    public async Task A_message_holds_at_most_20_different_emoji()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "react to me");
        using var client = host.ClientFor(owner.AccessToken);
        var emoji = Enumerable.Range(0, ReactionService.MaxEmojisPerMessage + 1).Select(index => char.ConvertFromUtf32(0x1F600 + index)).ToList();

        foreach (var each in emoji.Take(ReactionService.MaxEmojisPerMessage))
        {
            using var added = await client.PutAsync($"{Path(server, message, each)}/@me", null);
            Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        }

        using var tooMany = await client.PutAsync($"{Path(server, message, emoji[^1])}/@me", null);

        await tooMany.AssertProblemAsync(HttpStatusCode.Conflict, "too_many_reactions");
        Assert.Equal(ReactionService.MaxEmojisPerMessage, (await GetAsync(owner, server, message)).Reactions.Count);
    }

    [Fact]
    public async Task Reactions_on_a_deleted_message_are_gone_and_new_ones_are_404()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "react to me");
        using var client = host.ClientFor(owner.AccessToken);
        (await client.PutAsync($"{Path(server, message, "👍")}/@me", null)).Dispose();
        (await client.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{message.Id}")).Dispose();

        using var add = await client.PutAsync($"{Path(server, message, "👍")}/@me", null);

        await add.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.False(await host.QueryAsync(db => db.Reactions.AnyAsync(reaction => reaction.MessageId == LongId(message.Id))));
    }
}

public sealed class MessagesReactionsTestsOnSqlite(SqliteApi api) : MessagesReactionsTests(api.Host), IClassFixture<SqliteApi>;

public sealed class MessagesReactionsTestsOnPostgres(PostgresApi api) : MessagesReactionsTests(api.Host), IClassFixture<PostgresApi>;
