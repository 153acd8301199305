using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Features.Messages;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Group commit (<see cref="MessageWriter"/>), on real databases: sends that arrive while a commit is under way
/// share the next one, a send the batch cannot take (slowmode, a file already sent) fails alone and the others are
/// all written, and every acknowledged message is there. The batch is made certain, not hoped for: a real database
/// lock (<see cref="DatabaseWriteHold"/>) holds the writer while the sends queue behind it.
/// </summary>
public abstract class GroupCommitTests(TogetherApiHost host)
{
    private const int Senders = 12;

    private MessageWriter Writer => host.Services.GetRequiredService<MessageWriter>();

    [Fact]
    public async Task Sends_arriving_during_a_commit_share_the_next_one_and_all_are_stored_in_order()
    {
        var (owner, _, server) = await host.CreateServerWithMemberAsync();
        var channelId = await host.CreateTextChannelAsync(owner, server, "burst");

        var sent = await SendWhileHeldAsync(Enumerable.Range(0, Senders).Select(index => Send(owner, channelId, $"burst {index}")).ToList());

        var messages = await Task.WhenAll(sent.Select(response => response.ReadAsync<MessageDto>(HttpStatusCode.Created)));
        Assert.True(Writer.LargestBatch >= Senders - 1, $"the largest commit wrote {Writer.LargestBatch} messages");
        var stored = await host.HistoryAsync(owner, channelId, "?limit=100");
        Assert.Equal(messages.Select(message => message.Id).Order(), stored.Select(message => message.Id).Order());
        Assert.Equal(stored.Select(message => message.Content).ToHashSet(), Enumerable.Range(0, Senders).Select(index => $"burst {index}").ToHashSet());
        var channel = await host.QueryAsync(db => db.Channels.FindAsync(MessageTestExtensions.LongId(channelId)).AsTask());
        Assert.Equal(stored.Max(message => MessageTestExtensions.LongId(message.Id)), channel!.LastMessageId);
    }

    [Fact]
    public async Task A_send_the_batch_cannot_take_fails_alone_and_the_others_are_written()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        var channelId = await host.CreateTextChannelAsync(owner, server, "mixed");
        var file = (await host.UploadAsync(owner, new UploadFile("a.txt", "text/plain", "hello"u8.ToArray())))[0];
        await host.SendWithAttachmentsAsync(owner, channelId, "first with the file", file.Id);
        await host.SetSlowmodeAsync(channelId, 60);

        var sends = Enumerable.Range(0, Senders).Select(index => Send(owner, channelId, $"good {index}")).ToList();
        sends.Add(SendJson(owner, channelId, new { content = "the same file again", attachmentIds = new[] { file.Id } }));
        sends.Add(Send(member, channelId, "member's first"));
        sends.Add(Send(member, channelId, "member's second, inside the slowmode"));
        var responses = await SendWhileHeldAsync(sends);

        Assert.All(responses.Take(Senders), response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        await responses[Senders].AssertValidationProblemAsync("attachmentIds");
        var member1 = responses[Senders + 1].StatusCode;
        var member2 = responses[Senders + 2].StatusCode;
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.TooManyRequests], new[] { member1, member2 }.Order());
        var stored = await host.HistoryAsync(owner, channelId, "?limit=100");
        Assert.Equal(Senders + 2, stored.Count);
        Assert.DoesNotContain(stored, message => message.Content == "the same file again");
        Assert.Single(stored, message => message.Attachments.Count == 1);
    }

    private Func<Task<HttpResponseMessage>> Send(TestUser author, string channelId, string content) =>
        SendJson(author, channelId, new { content });

    private Func<Task<HttpResponseMessage>> SendJson(TestUser author, string channelId, object body) => async () =>
    {
        using var client = host.ClientFor(author.AccessToken);
        var response = await client.PostAsJsonAsync($"/api/channels/{channelId}/messages", body);
        await response.Content.LoadIntoBufferAsync();
        return response;
    };

    /// <summary>
    /// One send first, which the writer takes alone and which then waits on the lock; the rest queue behind it and,
    /// once the lock goes, are written as the next batch.
    /// </summary>
    private async Task<HttpResponseMessage[]> SendWhileHeldAsync(List<Func<Task<HttpResponseMessage>>> sends)
    {
        var (owner, _, server) = await host.CreateServerWithMemberAsync();
        Task<HttpResponseMessage> first;
        Task<HttpResponseMessage[]> rest;
        await using (await DatabaseWriteHold.StartAsync(host))
        {
            first = Send(owner, server.TextChannelId, "taken alone")();
            await WaitUntilAsync(() => Writer.Writing == 1);
            rest = Task.WhenAll(sends.Select(send => send()));
            await WaitUntilAsync(() => Writer.Waiting == sends.Count);
        }

        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        return await rest;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}

public sealed class GroupCommitTestsOnSqlite(SqliteApi api) : GroupCommitTests(api.Host), IClassFixture<SqliteApi>;

public sealed class GroupCommitTestsOnPostgres(PostgresApi api) : GroupCommitTests(api.Host), IClassFixture<PostgresApi>;
