using System.Net;
using System.Net.Http.Json;
using Together.Api.Features.DirectMessages;

namespace Together.Tests.Infrastructure;

/// <summary>Intent-named helpers for DMs and group DMs.</summary>
public static class DirectMessageTestExtensions
{
    /// <summary>Opens (or creates) a DM or group DM and expects <paramref name="expected"/> (201 new, 200 existing).</summary>
    public static async Task<PrivateChannelDto> OpenDmAsync(
        this TogetherApiHost host, TestUser caller, IEnumerable<TestUser> recipients, HttpStatusCode expected = HttpStatusCode.Created,
        string? name = null)
    {
        using var client = host.ClientFor(caller.AccessToken);
        using var response = await client.PostAsJsonAsync("/api/users/@me/channels",
            new { recipientIds = recipients.Select(user => user.Id).ToArray(), name });
        return await response.ReadAsync<PrivateChannelDto>(expected);
    }

    public static Task<PrivateChannelDto> OpenDmAsync(
        this TogetherApiHost host, TestUser caller, TestUser recipient, HttpStatusCode expected = HttpStatusCode.Created) =>
        host.OpenDmAsync(caller, [recipient], expected);

    public static async Task<List<PrivateChannelDto>> ListDmsAsync(this TogetherApiHost host, TestUser user)
    {
        using var client = host.ClientFor(user.AccessToken);
        using var response = await client.GetAsync("/api/users/@me/channels");
        return await response.ReadAsync<List<PrivateChannelDto>>(HttpStatusCode.OK);
    }

    public static async Task BlockAsync(this TogetherApiHost host, TestUser blocker, TestUser blocked)
    {
        using var client = host.ClientFor(blocker.AccessToken);
        using var response = await client.PutAsync($"/api/users/@me/blocks/{blocked.Id}", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Users who share a new server with <paramref name="owner"/> (its owner), so they may message each other.</summary>
    public static async Task<List<TestUser>> RegisterAcquaintancesAsync(this TogetherApiHost host, TestUser owner, int count)
    {
        var server = await host.CreateServerAsync(owner);
        var users = new List<TestUser>();
        for (var index = 0; index < count; index++)
        {
            var user = await host.RegisterAsync();
            await host.JoinAsync(server, user);
            users.Add(user);
        }

        return users;
    }
}
