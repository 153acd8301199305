using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Together.Api.Features.DirectMessages;
using Together.Api.Features.ReadStates;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>DMs and group DMs over HTTP: opening, who may be messaged, group membership, and every message route in them.</summary>
public abstract class DirectMessagesTests(TogetherApiHost host)
{
    private const string ThumbsUp = "%F0%9F%91%8D";

    private static readonly string[] UnknownUser = ["4242424242"];

    [Fact]
    public async Task Opening_a_DM_returns_the_same_channel_every_time_and_both_participants_list_it_by_activity()
    {
        var alice = await host.RegisterAsync();
        var friends = await host.RegisterAcquaintancesAsync(alice, 2);
        var (bob, carol) = (friends[0], friends[1]);

        var opened = await host.OpenDmAsync(alice, bob);
        Assert.Equal("dm", opened.Type);
        Assert.Null(opened.Name);
        Assert.Null(opened.OwnerId);
        Assert.Null(opened.LastMessageId);
        Assert.Equal(new[] { alice.Id, bob.Id }.Order(), opened.Recipients.Select(recipient => recipient.Id).Order());
        Assert.Equal(opened.Id, (await host.OpenDmAsync(alice, bob, HttpStatusCode.OK)).Id);
        Assert.Equal(opened.Id, (await host.OpenDmAsync(bob, alice, HttpStatusCode.OK)).Id);

        var withCarol = await host.OpenDmAsync(alice, carol);
        Assert.Equal([withCarol.Id, opened.Id], (await host.ListDmsAsync(alice)).Select(channel => channel.Id));
        var message = await host.SendMessageAsync(bob, opened.Id, "hi alice");
        var listed = await host.ListDmsAsync(alice);
        Assert.Equal([opened.Id, withCarol.Id], listed.Select(channel => channel.Id));
        Assert.Equal(message.Id, listed[0].LastMessageId);
        Assert.Equal([opened.Id], (await host.ListDmsAsync(bob)).Select(channel => channel.Id));

        using var client = host.ClientFor(bob.AccessToken);
        var fetched = await (await client.GetAsync($"/api/channels/{opened.Id}")).ReadAsync<PrivateChannelDto>(HttpStatusCode.OK);
        Assert.Equal(opened.Id, fetched.Id);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/users/@me/channels")).StatusCode);
    }

    [Fact]
    public async Task Opening_the_same_DM_from_both_sides_at_once_makes_one_channel()
    {
        var alice = await host.RegisterAsync();
        var bob = (await host.RegisterAcquaintancesAsync(alice, 1))[0];
        using var aliceClient = host.ClientFor(alice.AccessToken);
        using var bobClient = host.ClientFor(bob.AccessToken);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(index => index % 2 == 0
            ? aliceClient.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = new[] { bob.Id } })
            : bobClient.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = new[] { alice.Id } })));
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{response.StatusCode}");
            ids.Add((await response.Content.ReadFromJsonAsync<PrivateChannelDto>())!.Id);
            response.Dispose();
        }

        Assert.Single(ids);
        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        var channelId = MessageTestExtensions.LongId(ids.Single());
        Assert.Equal(2, await host.QueryAsync(db => db.ChannelRecipients.CountAsync(recipient => recipient.ChannelId == channelId)));
    }

    [Fact]
    public async Task Only_people_who_share_a_server_or_a_DM_can_be_messaged_and_bad_ids_are_refused()
    {
        var alice = await host.RegisterAsync();
        var bob = (await host.RegisterAcquaintancesAsync(alice, 1))[0];
        var stranger = await host.RegisterAsync();
        using var client = host.ClientFor(alice.AccessToken);

        await (await client.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = new[] { stranger.Id } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "dm_not_allowed");
        await (await client.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = new[] { bob.Id, stranger.Id } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "dm_not_allowed");
        await (await client.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = UnknownUser }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        foreach (var ids in new[] { Array.Empty<string>(), [alice.Id], [bob.Id, bob.Id], ["not-an-id"] })
        {
            await (await client.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = ids }))
                .AssertValidationProblemAsync("recipientIds");
        }

        await (await client.PostAsJsonAsync("/api/users/@me/channels", new { }))
            .AssertValidationProblemAsync("recipientIds");
        Assert.Empty(await host.ListDmsAsync(alice));

        // A DM outlives the server that made it possible.
        var dm = await host.OpenDmAsync(alice, bob);
        await host.ExecuteAsync(db => db.Members.Where(member => member.UserId == bob.LongId())
            .ExecuteDeleteAsync());
        Assert.Equal(dm.Id, (await host.OpenDmAsync(bob, alice, HttpStatusCode.OK)).Id);
        await host.SendMessageAsync(bob, dm.Id, "still here");
    }

    [Fact]
    public async Task A_group_DM_holds_at_most_ten_people_and_its_owner_manages_who_is_in_it()
    {
        var owner = await host.RegisterAsync();
        var others = await host.RegisterAcquaintancesAsync(owner, 10);
        using var client = host.ClientFor(owner.AccessToken);

        await (await client.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = others.Select(user => user.Id).ToArray() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "too_many_recipients");
        var group = await host.OpenDmAsync(owner, others.Take(9), name: "  planning  ");
        Assert.Equal("group_dm", group.Type);
        Assert.Equal("planning", group.Name);
        Assert.Equal(owner.Id, group.OwnerId);
        Assert.Equal(10, group.Recipients.Count);
        Assert.NotEqual(group.Id, (await host.OpenDmAsync(owner, others.Take(2))).Id);

        await (await client.PostAsJsonAsync("/api/users/@me/channels",
                new { recipientIds = new[] { others[0].Id, others[1].Id }, name = "evil\u202Eeman" }))
            .AssertValidationProblemAsync("name");
        await (await client.PatchAsJsonAsync($"/api/channels/{group.Id}", new { name = "\u200B" })).AssertValidationProblemAsync("name");

        var path = $"/api/channels/{group.Id}/recipients";
        await (await client.PutAsync($"{path}/{others[9].Id}", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "too_many_recipients");
        using (var member = host.ClientFor(others[0].AccessToken))
        {
            await (await member.DeleteAsync($"{path}/{others[1].Id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "owner_only");
            await (await member.PutAsync($"{path}/{others[9].Id}", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "owner_only");
            var renamed = await (await member.PatchAsJsonAsync($"/api/channels/{group.Id}", new { name = "party" }))
                .ReadAsync<PrivateChannelDto>(HttpStatusCode.OK);
            Assert.Equal("party", renamed.Name);
            Assert.Equal(HttpStatusCode.NoContent, (await member.DeleteAsync($"{path}/{others[0].Id}")).StatusCode);
            await (await member.GetAsync($"/api/channels/{group.Id}/messages")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{path}/{others[1].Id}")).StatusCode);
        await (await client.DeleteAsync($"{path}/{others[1].Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"{path}/{others[9].Id}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"{path}/{others[9].Id}", null)).StatusCode);
        await (await client.PutAsync($"{path}/4242424242", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        // The owner leaves: the participant with the lowest id owns it now.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{path}/{owner.Id}")).StatusCode);
        var after = (await host.ListDmsAsync(others[2])).Single(channel => channel.Id == group.Id);
        var expected = new[] { others[2], others[3], others[4], others[5], others[6], others[7], others[8], others[9] }
            .Select(user => user.LongId()).Min();
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), after.OwnerId);
        Assert.Equal(8, after.Recipients.Count);

        // When the last participant leaves, the group DM goes, with its messages.
        var small = await host.OpenDmAsync(owner, others.Take(2));
        await host.SendMessageAsync(others[0], small.Id, "bye");
        foreach (var user in new[] { owner, others[0], others[1] })
        {
            using var leaver = host.ClientFor(user.AccessToken);
            Assert.Equal(HttpStatusCode.NoContent, (await leaver.DeleteAsync($"/api/channels/{small.Id}/recipients/{user.Id}")).StatusCode);
        }

        Assert.Equal(0, await host.CountMessagesAsync(small.Id));
        var smallId = MessageTestExtensions.LongId(small.Id);
        Assert.False(await host.QueryAsync(db => db.Channels.AnyAsync(channel => channel.Id == smallId)));

        // A DM has neither a name nor participants to change.
        var dm = await host.OpenDmAsync(owner, others[0]);
        await (await client.PatchAsJsonAsync($"/api/channels/{dm.Id}", new { name = "x" })).AssertValidationProblemAsync("id");
        await (await client.PutAsync($"/api/channels/{dm.Id}/recipients/{others[1].Id}", null)).AssertValidationProblemAsync("id");
    }

    [Fact]
    public async Task Every_message_route_works_for_participants_and_is_404_for_everyone_else()
    {
        var alice = await host.RegisterAsync();
        var friends = await host.RegisterAcquaintancesAsync(alice, 2);
        var (bob, eve) = (friends[0], friends[1]);
        var dm = await host.OpenDmAsync(alice, bob);
        var path = $"/api/channels/{dm.Id}";
        using var aliceClient = host.ClientFor(alice.AccessToken);
        using var bobClient = host.ClientFor(bob.AccessToken);

        var first = await host.SendMessageAsync(alice, dm.Id, $"hello <@{bob.Id}> and <@{eve.Id}>", nonce: "n1");
        Assert.Equal([bob.Id], first.Mentions);
        var reply = await host.SendMessageAsync(bob, dm.Id, "hi", replyTo: first.Id);
        Assert.Equal(first.Id, reply.ReplyTo!.Id);
        Assert.Equal([reply.Id, first.Id], (await host.HistoryAsync(bob, dm.Id)).Select(message => message.Id));

        var states = await (await bobClient.GetAsync("/api/users/@me/read-states")).ReadAsync<List<ReadStateDto>>(HttpStatusCode.OK);
        Assert.Equal(1, states.Single(state => state.ChannelId == dm.Id).MentionCount);
        Assert.Equal(HttpStatusCode.OK, (await bobClient.PostAsync($"{path}/ack/{reply.Id}", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await aliceClient.PatchAsJsonAsync($"{path}/messages/{first.Id}", new { content = "edited" })).StatusCode);
        await (await bobClient.PatchAsJsonAsync($"{path}/messages/{first.Id}", new { content = "mine now" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "not_message_author");
        await (await bobClient.DeleteAsync($"{path}/messages/{first.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        await (await bobClient.PostAsJsonAsync($"{path}/messages/bulk-delete", new { messages = new[] { first.Id } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Equal(HttpStatusCode.NoContent, (await bobClient.PutAsync($"{path}/messages/{first.Id}/reactions/{ThumbsUp}/@me", null)).StatusCode);
        await (await aliceClient.DeleteAsync($"{path}/messages/{first.Id}/reactions/{ThumbsUp}/{bob.Id}"))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Equal(HttpStatusCode.NoContent, (await bobClient.PutAsync($"{path}/pins/{first.Id}", null)).StatusCode);
        var pins = await (await aliceClient.GetAsync($"{path}/pins")).ReadAsync<List<JsonElement>>(HttpStatusCode.OK);
        Assert.Equal(first.Id, Assert.Single(pins).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await aliceClient.PostAsync($"{path}/typing", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bobClient.DeleteAsync($"{path}/messages/{reply.Id}")).StatusCode);

        // What exists only in servers is refused to participants, never a 500.
        foreach (var response in new[]
        {
            await aliceClient.DeleteAsync(path),
            await aliceClient.PutAsJsonAsync($"{path}/permissions/{bob.Id}", new { type = "member", allow = "0", deny = "0" }),
            await aliceClient.DeleteAsync($"{path}/permissions/{bob.Id}"),
            await aliceClient.PostAsJsonAsync($"{path}/invites", new { }),
        })
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        }

        using var eveClient = host.ClientFor(eve.AccessToken);
        foreach (var response in new[]
        {
            await eveClient.GetAsync(path),
            await eveClient.PatchAsJsonAsync(path, new { name = "mine" }),
            await eveClient.GetAsync($"{path}/messages"),
            await eveClient.GetAsync($"{path}/messages/{first.Id}"),
            await eveClient.PostAsJsonAsync($"{path}/messages", new { content = "let me in" }),
            await eveClient.PutAsync($"{path}/messages/{first.Id}/reactions/{ThumbsUp}/@me", null),
            await eveClient.GetAsync($"{path}/messages/{first.Id}/reactions/{ThumbsUp}"),
            await eveClient.GetAsync($"{path}/pins"),
            await eveClient.PostAsync($"{path}/typing", null),
            await eveClient.PostAsync($"{path}/ack/{first.Id}", null),
            await eveClient.DeleteAsync($"{path}/recipients/{eve.Id}"),
        })
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        Assert.Equal(2, await host.CountMessagesAsync(dm.Id));
    }

    [Fact]
    public async Task A_block_stops_the_DM_both_ways_but_keeps_its_history_readable()
    {
        var alice = await host.RegisterAsync();
        var bob = (await host.RegisterAcquaintancesAsync(alice, 1))[0];
        var dm = await host.OpenDmAsync(alice, bob);
        var before = await host.SendMessageAsync(alice, dm.Id, "before");
        await host.BlockAsync(bob, alice);
        await host.BlockAsync(bob, alice);
        using var aliceClient = host.ClientFor(alice.AccessToken);
        using var bobClient = host.ClientFor(bob.AccessToken);
        var path = $"/api/channels/{dm.Id}";

        await (await aliceClient.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = new[] { bob.Id } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
        foreach (var client in new[] { aliceClient, bobClient })
        {
            await (await client.PostAsJsonAsync($"{path}/messages", new { content = "hello?" })).AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
            await (await client.PutAsync($"{path}/messages/{before.Id}/reactions/{ThumbsUp}/@me", null))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
            await (await client.PostAsync($"{path}/typing", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
            await (await client.PutAsync($"{path}/pins/{before.Id}", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
            Assert.Equal([before.Id], (await (await client.GetAsync($"{path}/messages")).ReadAsync<List<JsonElement>>(HttpStatusCode.OK))
                .Select(message => message.GetProperty("id").GetString()));
        }

        await (await aliceClient.PatchAsJsonAsync($"{path}/messages/{before.Id}", new { content = "sneaky" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
        Assert.Equal(dm.Id, (await host.OpenDmAsync(bob, alice, HttpStatusCode.OK)).Id);
        // A blocked user cannot pull the blocker into a group DM either.
        var carol = (await host.RegisterAcquaintancesAsync(alice, 1))[0];
        await (await aliceClient.PostAsJsonAsync("/api/users/@me/channels", new { recipientIds = new[] { bob.Id, carol.Id } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");

        var blocks = await (await bobClient.GetAsync("/api/users/@me/blocks")).ReadAsync<List<JsonElement>>(HttpStatusCode.OK);
        Assert.Equal(alice.Id, Assert.Single(blocks).GetProperty("user").GetProperty("id").GetString());
        Assert.Empty(await (await aliceClient.GetAsync("/api/users/@me/blocks")).ReadAsync<List<JsonElement>>(HttpStatusCode.OK));
        await (await bobClient.PutAsync($"/api/users/@me/blocks/{bob.Id}", null)).AssertValidationProblemAsync("userId");
        await (await bobClient.PutAsync("/api/users/@me/blocks/4242424242", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(HttpStatusCode.NoContent, (await bobClient.DeleteAsync($"/api/users/@me/blocks/{alice.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bobClient.DeleteAsync($"/api/users/@me/blocks/{alice.Id}")).StatusCode);
        await host.SendMessageAsync(alice, dm.Id, "after");
    }
}

public sealed class DirectMessagesTestsOnSqlite(SqliteApi api) : DirectMessagesTests(api.Host), IClassFixture<SqliteApi>;

public sealed class DirectMessagesTestsOnPostgres(PostgresApi api) : DirectMessagesTests(api.Host), IClassFixture<PostgresApi>;
