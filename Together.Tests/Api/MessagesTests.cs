using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Api.Features.Messages;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;
using static Together.Tests.Infrastructure.MessageTestExtensions;

namespace Together.Tests.Api;

/// <summary>Sending, reading, editing, deleting and pinning messages, on each database.</summary>
public abstract class MessagesTests(TogetherApiHost host)
{
    [Fact]
    public async Task Sending_answers_201_with_the_stored_message_and_echoes_the_nonce()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);

        var sent = await host.SendMessageAsync(owner, server.TextChannelId, "  hello there  ", nonce: "client-1");

        Assert.Equal("hello there", sent.Content);
        Assert.Equal("client-1", sent.Nonce);
        Assert.Equal(server.TextChannelId, sent.ChannelId);
        Assert.Equal(owner.Id, sent.Author.Id);
        Assert.Equal(owner.Username, sent.Author.Username);
        Assert.Null(sent.EditedAt);
        Assert.Null(sent.ReplyTo);
        Assert.False(sent.Pinned);
        Assert.Empty(sent.Reactions);
        Assert.Empty(sent.Attachments);
        Assert.Equal(Snowflake.CreatedAt(LongId(sent.Id)), sent.CreatedAt, TimeSpan.FromSeconds(1));
        Assert.Equal(LongId(sent.Id), await host.QueryAsync(db =>
            db.Channels.Where(channel => channel.Id == LongId(server.TextChannelId)).Select(channel => channel.LastMessageId).SingleAsync()));

        using var client = host.ClientFor(owner.AccessToken);
        using var get = await client.GetAsync($"/api/channels/{server.TextChannelId}/messages/{sent.Id}");
        var read = await get.ReadAsync<MessageDto>(HttpStatusCode.OK);
        Assert.Equal((sent.Id, sent.Content, sent.CreatedAt, sent.Author), (read.Id, read.Content, read.CreatedAt, read.Author));
        Assert.Null(read.Nonce);
    }

    [Fact]
    public async Task A_reply_carries_the_start_of_the_message_it_answers_and_shows_when_that_was_deleted()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var original = await host.SendMessageAsync(owner, server.TextChannelId, new string('x', 150));

        var reply = await host.SendMessageAsync(owner, server.TextChannelId, "indeed", replyTo: original.Id);

        Assert.Equal(original.Id, reply.ReplyTo!.Id);
        Assert.Equal(owner.Id, reply.ReplyTo.Author!.Id);
        Assert.Equal(new string('x', MessageRules.ReplySnippetLength), reply.ReplyTo.Content);

        using var client = host.ClientFor(owner.AccessToken);
        (await client.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{original.Id}")).Dispose();
        using var get = await client.GetAsync($"/api/channels/{server.TextChannelId}/messages/{reply.Id}");
        var after = await get.ReadAsync<MessageDto>(HttpStatusCode.OK);
        Assert.Equal(original.Id, after.ReplyTo!.Id);
        Assert.Null(after.ReplyTo.Author);
        Assert.Null(after.ReplyTo.Content);
    }

    public static TheoryData<string, string> MalformedSends => new()
    {
        { """{"content":""}""", "content" },
        { """{"content":"   \n\t "}""", "content" },
        { """{}""", "content" },
        { "{\"content\":\"" + new string('a', Message.ContentMaxLength + 1) + "\"}", "content" },
        { """{"content":"nul \u0000 inside"}""", "content" },
        { """{"content":"half \ud83d surrogate"}""", "content" },
        { """{"content":12}""", "content" },
        { """{"content":"hi","replyTo":"not-an-id"}""", "replyTo" },
        { """{"content":"hi","replyTo":"123456789"}""", "replyTo" },
        { "{\"content\":\"hi\",\"nonce\":\"" + new string('n', MessageRules.NonceMaxLength + 1) + "\"}", "nonce" },
        { "{", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedSends))]
    public async Task Malformed_sends_are_400_and_store_nothing(string body, string field)
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);

        using var response = await host.ClientFor(owner.AccessToken).PostAsync($"/api/channels/{server.TextChannelId}/messages",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(0, await host.CountMessagesAsync(server.TextChannelId));
    }

    [Fact]
    public async Task Content_of_exactly_4000_characters_is_accepted()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);

        var sent = await host.SendMessageAsync(owner, server.TextChannelId, new string('a', Message.ContentMaxLength));

        Assert.Equal(Message.ContentMaxLength, sent.Content.Length);
    }

    [Fact]
    public async Task A_reply_to_a_message_of_another_channel_or_a_deleted_one_is_400()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var other = await host.CreateServerAsync(owner);
        var elsewhere = await host.SendMessageAsync(owner, other.TextChannelId, "elsewhere");
        var deleted = await host.SendMessageAsync(owner, server.TextChannelId, "soon gone");
        using var client = host.ClientFor(owner.AccessToken);
        (await client.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{deleted.Id}")).Dispose();

        foreach (var replyTo in new[] { elsewhere.Id, deleted.Id })
        {
            using var response = await client.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/messages", new { content = "re", replyTo });
            await response.AssertValidationProblemAsync("replyTo");
        }

        Assert.Equal(1, await host.CountMessagesAsync(server.TextChannelId));
    }

    [Fact]
    public async Task Without_a_token_every_messaging_route_is_401()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "keep me");
        var channel = $"/api/channels/{server.TextChannelId}";
        var reactions = $"{channel}/messages/{message.Id}/reactions/%F0%9F%91%8D";
        using var client = host.CreateClient();

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, $"{channel}/messages"), (HttpMethod.Get, $"{channel}/messages"),
            (HttpMethod.Get, $"{channel}/messages/{message.Id}"), (HttpMethod.Patch, $"{channel}/messages/{message.Id}"),
            (HttpMethod.Delete, $"{channel}/messages/{message.Id}"), (HttpMethod.Post, $"{channel}/messages/bulk-delete"),
            (HttpMethod.Get, $"{channel}/pins"), (HttpMethod.Put, $"{channel}/pins/{message.Id}"),
            (HttpMethod.Delete, $"{channel}/pins/{message.Id}"), (HttpMethod.Put, $"{reactions}/@me"),
            (HttpMethod.Delete, $"{reactions}/@me"), (HttpMethod.Delete, $"{reactions}/{owner.Id}"), (HttpMethod.Get, reactions),
            (HttpMethod.Post, $"{channel}/ack/{message.Id}"), (HttpMethod.Get, "/api/users/@me/read-states"),
        })
        {
            using var request = new HttpRequestMessage(method, path)
            {
                Content = JsonContent.Create(new { content = "hijacked", messages = new[] { message.Id } }),
            };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        var stored = await host.QueryAsync(db => db.Messages.SingleAsync(candidate => candidate.Id == LongId(message.Id)));
        Assert.Equal("keep me", stored.Content);
        Assert.Null(stored.DeletedAt);
        Assert.Null(stored.PinnedAt);
    }

    [Fact]
    public async Task A_member_without_the_permission_gets_403_missing_permission_and_nothing_changes()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "owner's words");
        await host.SetEveryonePermissionsAsync(server, Permission.ViewChannel);
        var channel = $"/api/channels/{server.TextChannelId}";
        var reactions = $"{channel}/messages/{message.Id}/reactions/%F0%9F%91%8D";
        using var client = host.ClientFor(member.AccessToken);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, $"{channel}/messages"), (HttpMethod.Get, $"{channel}/messages"),
            (HttpMethod.Get, $"{channel}/messages/{message.Id}"), (HttpMethod.Delete, $"{channel}/messages/{message.Id}"),
            (HttpMethod.Post, $"{channel}/messages/bulk-delete"), (HttpMethod.Get, $"{channel}/pins"),
            (HttpMethod.Put, $"{channel}/pins/{message.Id}"), (HttpMethod.Delete, $"{channel}/pins/{message.Id}"),
            (HttpMethod.Put, $"{reactions}/@me"), (HttpMethod.Delete, $"{reactions}/@me"),
            (HttpMethod.Delete, $"{reactions}/{owner.Id}"), (HttpMethod.Get, reactions),
        })
        {
            using var request = new HttpRequestMessage(method, path)
            {
                Content = JsonContent.Create(new { content = "not allowed", messages = new[] { message.Id } }),
            };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        }

        using var edit = await client.PatchAsJsonAsync($"{channel}/messages/{message.Id}", new { content = "mine now" });
        await edit.AssertProblemAsync(HttpStatusCode.Forbidden, "not_message_author");

        var stored = await host.QueryAsync(db => db.Messages.SingleAsync(candidate => candidate.Id == LongId(message.Id)));
        Assert.Equal("owner's words", stored.Content);
        Assert.Null(stored.DeletedAt);
        Assert.Null(stored.EditedAt);
        Assert.Null(stored.PinnedAt);
        Assert.Equal(1, await host.CountMessagesAsync(server.TextChannelId));
        Assert.False(await host.QueryAsync(db => db.Reactions.AnyAsync()));
    }

    [Fact]
    public async Task A_timed_out_member_may_read_but_not_send()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        await host.SendMessageAsync(owner, server.TextChannelId, "before the timeout");
        await host.ExecuteAsync(db => db.Members.Where(candidate => candidate.UserId == LongId(member.Id))
            .ExecuteUpdateAsync(setters => setters.SetProperty(candidate => candidate.TimeoutUntil, DateTimeOffset.UtcNow.AddHours(1))));
        using var client = host.ClientFor(member.AccessToken);

        using var send = await client.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/messages", new { content = "let me speak" });

        await send.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Single(await host.HistoryAsync(member, server.TextChannelId));
    }

    [Fact]
    public async Task A_stranger_or_a_member_who_cannot_see_the_channel_gets_404_as_for_a_channel_that_does_not_exist()
    {
        var owner = await host.RegisterAsync();
        var stranger = await host.RegisterAsync();
        var blind = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, blind);
        await host.DenyInChannelAsync(server.TextChannelId, blind, Permission.ViewChannel);
        var message = await host.SendMessageAsync(owner, server.TextChannelId, "private");

        foreach (var caller in new[] { stranger, blind })
        {
            using var client = host.ClientFor(caller.AccessToken);
            foreach (var channelId in new[] { server.TextChannelId, "987654321" })
            {
                var channel = $"/api/channels/{channelId}";
                foreach (var (method, path) in new[]
                {
                    (HttpMethod.Post, $"{channel}/messages"), (HttpMethod.Get, $"{channel}/messages"),
                    (HttpMethod.Get, $"{channel}/messages/{message.Id}"), (HttpMethod.Patch, $"{channel}/messages/{message.Id}"),
                    (HttpMethod.Delete, $"{channel}/messages/{message.Id}"), (HttpMethod.Get, $"{channel}/pins"),
                    (HttpMethod.Put, $"{channel}/messages/{message.Id}/reactions/%F0%9F%91%8D/@me"),
                    (HttpMethod.Post, $"{channel}/ack/{message.Id}"),
                })
                {
                    using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { content = "peek" }) };
                    using var response = await client.SendAsync(request);
                    await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
                }
            }
        }

        Assert.Equal(1, await host.CountMessagesAsync(server.TextChannelId));
    }

    [Fact]
    public async Task A_message_id_from_another_server_is_404_through_a_channel_the_caller_can_use()
    {
        var victim = await host.RegisterAsync();
        var attacker = await host.RegisterAsync();
        var victims = await host.CreateServerAsync(victim);
        var attackers = await host.CreateServerAsync(attacker);
        var secret = await host.SendMessageAsync(victim, victims.TextChannelId, "secret");
        var channel = $"/api/channels/{attackers.TextChannelId}";
        using var client = host.ClientFor(attacker.AccessToken);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"{channel}/messages/{secret.Id}"), (HttpMethod.Patch, $"{channel}/messages/{secret.Id}"),
            (HttpMethod.Delete, $"{channel}/messages/{secret.Id}"), (HttpMethod.Put, $"{channel}/pins/{secret.Id}"),
            (HttpMethod.Put, $"{channel}/messages/{secret.Id}/reactions/%F0%9F%91%8D/@me"),
            (HttpMethod.Get, $"{channel}/messages/{secret.Id}/reactions/%F0%9F%91%8D"),
            (HttpMethod.Post, $"{channel}/ack/{secret.Id}"),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { content = "stolen" }) };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        using var bulk = await client.PostAsJsonAsync($"{channel}/messages/bulk-delete", new { messages = new[] { secret.Id } });
        await bulk.AssertValidationProblemAsync("messages");
        using var reply = await client.PostAsJsonAsync($"{channel}/messages", new { content = "re", replyTo = secret.Id });
        await reply.AssertValidationProblemAsync("replyTo");

        var stored = await host.QueryAsync(db => db.Messages.SingleAsync(candidate => candidate.Id == LongId(secret.Id)));
        Assert.Equal("secret", stored.Content);
        Assert.Null(stored.DeletedAt);
        Assert.Null(stored.PinnedAt);
        Assert.False(await host.QueryAsync(db => db.Reactions.AnyAsync(reaction => reaction.MessageId == LongId(secret.Id))));
    }

    [Fact]
    public async Task Categories_and_voice_channels_hold_no_messages()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(owner.AccessToken);

        using var response = await client.PostAsJsonAsync($"/api/channels/{server.VoiceChannelId}/messages", new { content = "hello?" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "not_text_channel");
        Assert.Equal(0, await host.CountMessagesAsync(server.VoiceChannelId));
    }

    [Fact]
    public async Task The_author_edits_their_message_which_sets_edited_at_and_reads_mentions_again()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var sent = await host.SendMessageAsync(owner, server.TextChannelId, "hello");
        using var client = host.ClientFor(owner.AccessToken);

        using var response = await client.PatchAsJsonAsync($"/api/channels/{server.TextChannelId}/messages/{sent.Id}",
            new { content = $" hello <@{member.Id}> " });

        var edited = await response.ReadAsync<MessageDto>(HttpStatusCode.OK);
        Assert.Equal($"hello <@{member.Id}>", edited.Content);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal([member.Id], edited.Mentions);

        using var blank = await client.PatchAsJsonAsync($"/api/channels/{server.TextChannelId}/messages/{sent.Id}", new { content = " " });
        await blank.AssertValidationProblemAsync("content");
        using var again = await client.PatchAsJsonAsync($"/api/channels/{server.TextChannelId}/messages/{sent.Id}", new { content = "plain" });
        Assert.Empty((await again.ReadAsync<MessageDto>(HttpStatusCode.OK)).Mentions);
        Assert.False(await host.QueryAsync(db => db.Mentions.AnyAsync(mention => mention.MessageId == LongId(sent.Id))));
    }

    [Fact]
    public async Task Deleting_clears_the_message_from_every_read_and_a_moderator_deleting_anothers_is_audit_logged()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var own = await host.SendMessageAsync(member, server.TextChannelId, "my own <@" + owner.Id + ">");
        var others = await host.SendMessageAsync(member, server.TextChannelId, "moderate me");
        using var memberClient = host.ClientFor(member.AccessToken);
        using var ownerClient = host.ClientFor(owner.AccessToken);
        (await ownerClient.PutAsync($"/api/channels/{server.TextChannelId}/pins/{own.Id}", null)).Dispose();

        using var byAuthor = await memberClient.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{own.Id}");
        using var byModerator = await ownerClient.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{others.Id}");

        Assert.Equal(HttpStatusCode.NoContent, byAuthor.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byModerator.StatusCode);
        Assert.Empty(await host.HistoryAsync(owner, server.TextChannelId));
        using var get = await ownerClient.GetAsync($"/api/channels/{server.TextChannelId}/messages/{own.Id}");
        await get.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var pins = await ownerClient.GetAsync($"/api/channels/{server.TextChannelId}/pins");
        Assert.Empty(await pins.ReadAsync<List<MessageDto>>(HttpStatusCode.OK));
        using var twice = await memberClient.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{own.Id}");
        await twice.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var stored = await host.QueryAsync(db => db.Messages.Where(message => message.ChannelId == LongId(server.TextChannelId)).ToListAsync());
        Assert.All(stored, message => Assert.Equal("", message.Content));
        Assert.All(stored, message => Assert.NotNull(message.DeletedAt));
        Assert.False(await host.QueryAsync(db => db.Mentions.AnyAsync(mention => mention.MessageId == LongId(own.Id))));
        var audit = await host.QueryAsync(db => db.AuditLog.Where(entry => entry.ServerId == server.LongId && entry.Action == AuditLogActions.MessageDelete).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(LongId(owner.Id), entry.ActorId);
        Assert.Equal(LongId(member.Id), entry.TargetId);
    }

    [Fact]
    public async Task Bulk_delete_removes_every_listed_message_or_none()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var other = await host.CreateServerAsync(owner);
        var ids = new List<string>();
        for (var index = 0; index < 4; index++)
        {
            ids.Add((await host.SendMessageAsync(owner, server.TextChannelId, $"message {index}")).Id);
        }

        var foreign = await host.SendMessageAsync(owner, other.TextChannelId, "not in this channel");
        using var client = host.ClientFor(owner.AccessToken);
        var path = $"/api/channels/{server.TextChannelId}/messages/bulk-delete";

        foreach (var body in new object[]
        {
            new { messages = new[] { ids[0], foreign.Id } }, new { messages = new[] { ids[0], "nope" } },
            new { messages = Array.Empty<string>() }, new { messages = Enumerable.Range(1, 101).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() },
            new { },
        })
        {
            using var refused = await client.PostAsJsonAsync(path, body);
            await refused.AssertValidationProblemAsync("messages");
        }

        Assert.Equal(4, (await host.HistoryAsync(owner, server.TextChannelId)).Count);

        using var response = await client.PostAsJsonAsync(path, new { messages = new[] { ids[0], ids[2], ids[2] } });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([ids[3], ids[1]], (await host.HistoryAsync(owner, server.TextChannelId)).Select(message => message.Id));
        Assert.Single(await host.HistoryAsync(owner, other.TextChannelId));
        Assert.True(await host.QueryAsync(db => db.AuditLog.AnyAsync(entry => entry.ServerId == server.LongId && entry.Action == AuditLogActions.MessageBulkDelete)));
    }

    [Fact]
    public async Task Pins_list_newest_pinned_first_and_stop_at_50()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(owner.AccessToken);
        var pins = $"/api/channels/{server.TextChannelId}/pins";
        var ids = new List<string>();
        for (var index = 0; index <= Message.MaxPinsPerChannel; index++)
        {
            ids.Add((await host.SendMessageAsync(owner, server.TextChannelId, $"pin {index}")).Id);
        }

        foreach (var id in ids.Take(Message.MaxPinsPerChannel))
        {
            using var pin = await client.PutAsync($"{pins}/{id}", null);
            Assert.Equal(HttpStatusCode.NoContent, pin.StatusCode);
        }

        using var again = await client.PutAsync($"{pins}/{ids[0]}", null);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var tooMany = await client.PutAsync($"{pins}/{ids[^1]}", null);
        await tooMany.AssertProblemAsync(HttpStatusCode.Conflict, "too_many_pins");

        using var list = await client.GetAsync(pins);
        var pinned = await list.ReadAsync<List<MessageDto>>(HttpStatusCode.OK);
        Assert.Equal(Message.MaxPinsPerChannel, pinned.Count);
        Assert.Equal(ids[Message.MaxPinsPerChannel - 1], pinned[0].Id);
        Assert.All(pinned, message => Assert.True(message.Pinned));

        using var unpin = await client.DeleteAsync($"{pins}/{ids[0]}");
        Assert.Equal(HttpStatusCode.NoContent, unpin.StatusCode);
        using var now = await client.PutAsync($"{pins}/{ids[^1]}", null);
        Assert.Equal(HttpStatusCode.NoContent, now.StatusCode);
        using var get = await client.GetAsync($"/api/channels/{server.TextChannelId}/messages/{ids[0]}");
        Assert.False((await get.ReadAsync<MessageDto>(HttpStatusCode.OK)).Pinned);
    }

    [Fact]
    public async Task Slowmode_holds_a_member_back_with_429_and_retry_after_but_not_a_moderator()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        await host.SetSlowmodeAsync(server.TextChannelId, 60);
        using var client = host.ClientFor(member.AccessToken);
        var path = $"/api/channels/{server.TextChannelId}/messages";

        await host.SendMessageAsync(member, server.TextChannelId, "first");
        using var second = await client.PostAsJsonAsync(path, new { content = "second" });

        await second.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(second.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 50, 60);
        await host.SendMessageAsync(owner, server.TextChannelId, "owners are moderators");
        await host.SendMessageAsync(owner, server.TextChannelId, "so no slowmode");
        Assert.Equal(3, await host.CountMessagesAsync(server.TextChannelId));
    }
}

public sealed class MessagesTestsOnSqlite(SqliteApi api) : MessagesTests(api.Host), IClassFixture<SqliteApi>;

public sealed class MessagesTestsOnPostgres(PostgresApi api) : MessagesTests(api.Host), IClassFixture<PostgresApi>;
