using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Domain;
using Together.Api.Features.Channels;
using Together.Api.Features.Search;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;
using static Together.Tests.Infrastructure.MessageTestExtensions;

namespace Together.Tests.Api;

/// <summary>
/// GET /servers/{id}/messages/search on each database's full-text index: words, filters, paging and counts over
/// what the caller may read only, hostile query syntax, and the index following edits and deletions.
/// </summary>
public abstract class MessageSearchTests(TogetherApiHost host)
{
    private async Task<HttpResponseMessage> SearchAsync(TestUser user, TestServer server, string query)
    {
        using var client = host.ClientFor(user.AccessToken);
        return await client.GetAsync($"/api/servers/{server.Id}/messages/search?{query}");
    }

    private async Task<MessageSearchResults> ResultsAsync(TestUser user, TestServer server, string query)
    {
        using var response = await SearchAsync(user, server, query);
        return await response.ReadAsync<MessageSearchResults>(HttpStatusCode.OK);
    }

    private async Task<string> CreateTextChannelAsync(TestUser owner, TestServer server, string name)
    {
        using var client = host.ClientFor(owner.AccessToken);
        using var response = await client.PostAsJsonAsync($"/api/servers/{server.Id}/channels", new { name, type = "text" });
        return (await response.ReadAsync<ChannelDto>(HttpStatusCode.Created)).Id;
    }

    private static string Q(string words) => "q=" + Uri.EscapeDataString(words);

    [Fact]
    public async Task Finds_messages_by_word_in_any_case_newest_first_with_highlight_ranges()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var older = await host.SendMessageAsync(owner, server.TextChannelId, "The Zeppelin lands at noon");
        await host.SendMessageAsync(owner, server.TextChannelId, "nothing to see here");
        var newer = await host.SendMessageAsync(member, server.TextChannelId, "zeppelin? ZEPPELIN! größe привет");

        var results = await ResultsAsync(member, server, Q("zeppelin"));

        Assert.Equal(2, results.TotalResults);
        Assert.Equal([newer.Id, older.Id], results.Results.Select(hit => hit.Message.Id));
        Assert.Equal(newer.Content, results.Results[0].Message.Content);
        Assert.Equal(member.Id, results.Results[0].Message.Author.Id);
        Assert.Equal([new TextRange(0, 8), new TextRange(10, 8)], results.Results[0].Highlights);
        Assert.Equal([new TextRange(4, 8)], results.Results[1].Highlights);

        // Every word must match; words of other scripts are words too.
        Assert.Equal([newer.Id], (await ResultsAsync(member, server, Q("zeppelin привет"))).Results.Select(hit => hit.Message.Id));
        Assert.Equal([newer.Id], (await ResultsAsync(member, server, Q("größe"))).Results.Select(hit => hit.Message.Id));
        Assert.Equal(0, (await ResultsAsync(member, server, Q("zeppelin airship"))).TotalResults);
        // Whole words: a prefix is not a match.
        Assert.Equal(0, (await ResultsAsync(member, server, Q("zepp"))).TotalResults);
        // The capped count is meant to stop early: nothing in the operator's log about it.
        Assert.False(host.Logs.Contains("row limiting operator"), string.Join('\n', host.Logs.Entries));
    }

    [Fact]
    public async Task Channels_the_caller_may_not_read_are_never_searched_not_even_in_the_total()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var hidden = await CreateTextChannelAsync(owner, server, "hidden");
        var unreadable = await CreateTextChannelAsync(owner, server, "no-history");
        var visible = await host.SendMessageAsync(owner, server.TextChannelId, "quarterly figures");
        await host.SendMessageAsync(owner, hidden, "quarterly figures secret");
        await host.SendMessageAsync(owner, unreadable, "quarterly figures old");
        await host.DenyInChannelAsync(hidden, member, Permission.ViewChannel);
        await host.DenyInChannelAsync(unreadable, member, Permission.ReadMessageHistory);

        var results = await ResultsAsync(member, server, Q("quarterly"));
        Assert.Equal(1, results.TotalResults);
        Assert.Equal([visible.Id], results.Results.Select(hit => hit.Message.Id));
        // Asking for the hidden channel by id looks like a channel without matches.
        Assert.Equal(0, (await ResultsAsync(member, server, $"{Q("secret")}&channelId={hidden}")).TotalResults);
        // The owner sees all three.
        Assert.Equal(3, (await ResultsAsync(owner, server, Q("quarterly"))).TotalResults);

        var stranger = await host.RegisterAsync();
        using (var response = await SearchAsync(stranger, server, Q("quarterly")))
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        using var anonymous = host.CreateClient();
        using var unauthenticated = await anonymous.GetAsync($"/api/servers/{server.Id}/messages/search?{Q("quarterly")}");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task Filters_by_channel_author_attachment_mention_and_time()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var other = await CreateTextChannelAsync(owner, server, "other");
        var first = await host.SendMessageAsync(owner, server.TextChannelId, "banana one");
        var inOther = await host.SendMessageAsync(owner, other, "banana two");
        var byMember = await host.SendMessageAsync(member, server.TextChannelId, "banana three");
        var mentioning = await host.SendMessageAsync(owner, server.TextChannelId, $"banana four <@{member.Id}>");
        var withFile = await host.SendMessageAsync(owner, server.TextChannelId, "see file");
        await host.ExecuteAsync(async db =>
        {
            db.Attachments.Add(new Attachment
            {
                Id = host.Services.GetRequiredService<SnowflakeGenerator>().NewId(), UploaderId = owner.LongId(),
                MessageId = LongId(withFile.Id), FileName = "a.txt", ContentType = "text/plain", Size = 1,
                ContentHash = new string('0', 64), CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        });

        async Task<IEnumerable<string>> IdsAsync(string query) =>
            (await ResultsAsync(member, server, query)).Results.Select(hit => hit.Message.Id);

        Assert.Equal([inOther.Id], await IdsAsync($"{Q("banana")}&channelId={other}"));
        Assert.Equal([byMember.Id], await IdsAsync($"{Q("banana")}&authorId={member.Id}"));
        Assert.Equal([byMember.Id], await IdsAsync($"authorId={member.Id}"));
        Assert.Equal([withFile.Id], await IdsAsync("has=attachment"));
        Assert.Empty(await IdsAsync($"{Q("banana")}&has=attachment"));
        Assert.Equal([mentioning.Id], await IdsAsync("mentions=@me"));
        Assert.Equal(0, (await ResultsAsync(owner, server, "mentions=@me")).TotalResults);
        Assert.Equal([byMember.Id, inOther.Id], await IdsAsync($"{Q("banana")}&after={first.Id}&before={mentioning.Id}"));
        Assert.Equal([mentioning.Id, byMember.Id, inOther.Id, first.Id], await IdsAsync(Q("banana")));

        foreach (var (query, field) in new[]
                 {
                     ("has=link", "has"), ("mentions=someone", "mentions"), ($"{Q("banana")}&authorId=x", "authorId"),
                     ($"{Q("banana")}&channelId=-1", "channelId"), ($"{Q("banana")}&before=abc", "before"),
                     ($"{Q("banana")}&limit=101", "limit"), ($"{Q("banana")}&limit=0", "limit"),
                     ($"{Q("banana")}&offset=-1", "offset"), ($"{Q("banana")}&offset=5001", "offset"), ("", "q"),
                     ($"channelId={other}", "q"), (Q(new string('a', SearchTerms.MaxLength + 1)), "q"),
                 })
        {
            using var response = await SearchAsync(member, server, query);
            await response.AssertValidationProblemAsync(field);
        }
    }

    [Fact]
    public async Task Pages_carry_the_total_and_do_not_overlap()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var sent = new List<string>();
        for (var index = 0; index < 7; index++)
        {
            sent.Add((await host.SendMessageAsync(owner, server.TextChannelId, $"paging test {index}")).Id);
        }

        sent.Reverse();
        var pages = new List<string>();
        foreach (var offset in new[] { 0, 3, 6 })
        {
            var page = await ResultsAsync(owner, server, $"{Q("paging")}&limit=3&offset={offset}");
            Assert.Equal(7, page.TotalResults);
            pages.AddRange(page.Results.Select(hit => hit.Message.Id));
        }

        Assert.Equal(sent, pages);
        var past = await ResultsAsync(owner, server, $"{Q("paging")}&offset=10");
        Assert.Equal(7, past.TotalResults);
        Assert.Empty(past.Results);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("NEAR(")]
    [InlineData("-")]
    [InlineData(":")]
    [InlineData("\"unbalanced")]
    [InlineData("a:b")]
    [InlineData("-negated")]
    [InlineData("NOT OR AND")]
    [InlineData("col:value*")]
    [InlineData("NEAR(a b, 2)")]
    [InlineData("(x) & !y | z <-> w")]
    [InlineData("^start {c1 c2}:term + '''")]
    public async Task Query_syntax_of_either_database_is_read_as_plain_words_never_a_500(string query)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var sent = await host.SendMessageAsync(owner, server.TextChannelId, $"literally {query} here");

        using var response = await SearchAsync(owner, server, Q(query));

        if (SearchTerms.Parse(query) is null)
        {
            await response.AssertValidationProblemAsync("q");
        }
        else
        {
            var results = await response.ReadAsync<MessageSearchResults>(HttpStatusCode.OK);
            Assert.Contains(sent.Id, results.Results.Select(hit => hit.Message.Id));
        }
    }

    [Fact]
    public async Task Edits_reindex_the_message_and_deleted_messages_are_never_found()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var edited = await host.SendMessageAsync(owner, server.TextChannelId, "original wording");
        var deleted = await host.SendMessageAsync(owner, server.TextChannelId, "wording to remove");
        using var client = host.ClientFor(owner.AccessToken);

        (await client.PatchAsJsonAsync($"/api/channels/{server.TextChannelId}/messages/{edited.Id}", new { content = "revised wording" }))
            .Dispose();
        (await client.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{deleted.Id}")).Dispose();

        Assert.Equal(0, (await ResultsAsync(owner, server, Q("original"))).TotalResults);
        var revised = await ResultsAsync(owner, server, Q("revised"));
        Assert.Equal([edited.Id], revised.Results.Select(hit => hit.Message.Id));
        Assert.NotNull(revised.Results[0].Message.EditedAt);
        Assert.Equal([edited.Id], (await ResultsAsync(owner, server, Q("wording"))).Results.Select(hit => hit.Message.Id));
        Assert.Equal(0, (await ResultsAsync(owner, server, Q("remove"))).TotalResults);
        Assert.Equal(1, (await ResultsAsync(owner, server, $"authorId={owner.Id}")).TotalResults);
    }

    [Fact]
    public async Task The_migration_indexes_messages_that_were_there_before_it()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.ExecuteAsync(db => db.GetService<IMigrator>().MigrateAsync("MessagingIndexes"));
        try
        {
            await host.SendMessageAsync(owner, server.TextChannelId, "written before search existed");
        }
        finally
        {
            await host.ExecuteAsync(db => db.GetService<IMigrator>().MigrateAsync());
        }

        Assert.Equal(1, (await ResultsAsync(owner, server, Q("existed"))).TotalResults);
        await host.SendMessageAsync(owner, server.TextChannelId, "written after it existed");
        Assert.Equal(2, (await ResultsAsync(owner, server, Q("existed"))).TotalResults);
    }
}

public sealed class MessageSearchTestsOnSqlite(SqliteApi api) : MessageSearchTests(api.Host), IClassFixture<SqliteApi>;

public sealed class MessageSearchTestsOnPostgres(PostgresApi api) : MessageSearchTests(api.Host), IClassFixture<PostgresApi>;
