using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Domain;
using Together.Tests.Infrastructure;
using static Together.Tests.Infrastructure.MessageTestExtensions;

namespace Together.Tests.Api;

/// <summary>History pages: before/after/around boundaries, limits, deleted messages, concurrent inserts.</summary>
public abstract class MessagesHistoryTests(TogetherApiHost host)
{
    /// <summary>A channel with <paramref name="count"/> messages written straight to the database; ids oldest first.</summary>
    private async Task<(TestUser Owner, TestServer Server, List<long> Ids)> ChannelWithMessagesAsync(int count)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var ids = host.Services.GetRequiredService<SnowflakeGenerator>();
        var created = Enumerable.Range(0, count).Select(_ => ids.NewId()).ToList();
        await host.ExecuteAsync(async db =>
        {
            db.Messages.AddRange(created.Select((id, index) => new Message
            {
                Id = id, ChannelId = LongId(server.TextChannelId), AuthorId = LongId(owner.Id), Content = $"m{index}",
                CreatedAt = Snowflake.CreatedAt(id),
            }));
            await db.SaveChangesAsync();
        });
        return (owner, server, created);
    }

    private static List<long> Ids(IEnumerable<Together.Api.Features.Messages.MessageDto> page) => page.Select(message => LongId(message.Id)).ToList();

    [Fact]
    public async Task Pages_are_newest_first_and_their_anchors_are_exclusive()
    {
        var (owner, server, ids) = await ChannelWithMessagesAsync(30);
        var newestFirst = Enumerable.Reverse(ids).ToList();

        Assert.Equal(newestFirst, Ids(await host.HistoryAsync(owner, server.TextChannelId)));
        Assert.Equal(newestFirst.Take(10), Ids(await host.HistoryAsync(owner, server.TextChannelId, "?limit=10")));
        Assert.Equal(newestFirst.Skip(11).Take(5), Ids(await host.HistoryAsync(owner, server.TextChannelId, $"?before={newestFirst[10]}&limit=5")));
        Assert.Equal(ids.Skip(6).Take(5).Reverse(), Ids(await host.HistoryAsync(owner, server.TextChannelId, $"?after={ids[5]}&limit=5")));
        Assert.Empty(await host.HistoryAsync(owner, server.TextChannelId, $"?before={ids[0]}"));
        Assert.Empty(await host.HistoryAsync(owner, server.TextChannelId, $"?after={ids[^1]}"));
        Assert.Equal(newestFirst.Skip(25), Ids(await host.HistoryAsync(owner, server.TextChannelId, $"?before={ids[5]}")));
        Assert.Equal(newestFirst, Ids(await host.HistoryAsync(owner, server.TextChannelId, "?after=1&limit=100")));
    }

    [Fact]
    public async Task Around_gives_the_message_and_half_the_limit_on_each_side()
    {
        var (owner, server, ids) = await ChannelWithMessagesAsync(20);

        var page = Ids(await host.HistoryAsync(owner, server.TextChannelId, $"?around={ids[10]}&limit=5"));
        Assert.Equal([ids[12], ids[11], ids[10], ids[9], ids[8]], page);

        var atTheStart = Ids(await host.HistoryAsync(owner, server.TextChannelId, $"?around={ids[0]}&limit=6"));
        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], atTheStart);

        var atTheEnd = Ids(await host.HistoryAsync(owner, server.TextChannelId, $"?around={ids[^1]}&limit=4"));
        Assert.Equal([ids[19], ids[18], ids[17], ids[16]], atTheEnd);
    }

    [Fact]
    public async Task Deleted_messages_never_appear_and_pages_still_fill_up()
    {
        var (owner, server, ids) = await ChannelWithMessagesAsync(10);
        using var client = host.ClientFor(owner.AccessToken);
        foreach (var id in new[] { ids[8], ids[7] })
        {
            (await client.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{id}")).Dispose();
        }

        Assert.Equal([ids[9], ids[6], ids[5]], Ids(await host.HistoryAsync(owner, server.TextChannelId, "?limit=3")));
        Assert.Equal([ids[9], ids[6]], Ids(await host.HistoryAsync(owner, server.TextChannelId, $"?around={ids[8]}&limit=2")));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?before=abc", "before")]
    [InlineData("?after=-5", "after")]
    [InlineData("?around=1.5", "around")]
    [InlineData("?before=1&after=2", "after")]
    [InlineData("?after=1&around=2", "around")]
    public async Task Malformed_queries_are_400(string query, string field)
    {
        var (owner, server, _) = await ChannelWithMessagesAsync(1);
        using var client = host.ClientFor(owner.AccessToken);

        using var response = await client.GetAsync($"/api/channels/{server.TextChannelId}/messages{query}");

        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Paging_back_while_messages_arrive_sees_every_earlier_message_exactly_once()
    {
        var (owner, server, ids) = await ChannelWithMessagesAsync(120);
        using var stop = new CancellationTokenSource();
        var sentDuring = new ConcurrentBag<string>();
        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                sentDuring.Add((await host.SendMessageAsync(owner, server.TextChannelId, "meanwhile")).Id);
            }
        })).ToList();

        var first = await host.HistoryAsync(owner, server.TextChannelId, "?limit=7");
        var seen = Ids(first);
        var before = seen[^1];
        while (true)
        {
            var page = Ids(await host.HistoryAsync(owner, server.TextChannelId, $"?before={before}&limit=7"));
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.SequenceEqual(page.OrderDescending()), "A page is newest first.");
            Assert.True(page[0] < before, "A page starts below its anchor.");
            seen.AddRange(page);
            before = page[^1];
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Superset(ids.ToHashSet(), seen.ToHashSet());
        Assert.NotEmpty(sentDuring);
        Assert.Equal(120 + sentDuring.Count, await host.CountMessagesAsync(server.TextChannelId));
        Assert.Equal(sentDuring.Select(LongId).Max(), await host.QueryAsync(db =>
            db.Channels.Where(channel => channel.Id == LongId(server.TextChannelId)).Select(channel => channel.LastMessageId).SingleAsync()));
    }
}

public sealed class MessagesHistoryTestsOnSqlite(SqliteApi api) : MessagesHistoryTests(api.Host), IClassFixture<SqliteApi>;

public sealed class MessagesHistoryTestsOnPostgres(PostgresApi api) : MessagesHistoryTests(api.Host), IClassFixture<PostgresApi>;
