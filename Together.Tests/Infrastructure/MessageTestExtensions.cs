using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Api.Features.Messages;
using Together.Api.Permissions;

namespace Together.Tests.Infrastructure;

/// <summary>Intent-named helpers for messages and channel permissions.</summary>
public static class MessageTestExtensions
{
    public static async Task<MessageDto> SendMessageAsync(
        this TogetherApiHost host, TestUser author, string channelId, string content, string? replyTo = null, string? nonce = null)
    {
        using var client = host.ClientFor(author.AccessToken);
        using var response = await client.PostAsJsonAsync($"/api/channels/{channelId}/messages", new { content, replyTo, nonce });
        return await response.ReadAsync<MessageDto>(HttpStatusCode.Created);
    }

    public static async Task<List<MessageDto>> HistoryAsync(this TogetherApiHost host, TestUser reader, string channelId, string query = "")
    {
        using var client = host.ClientFor(reader.AccessToken);
        using var response = await client.GetAsync($"/api/channels/{channelId}/messages{query}");
        return await response.ReadAsync<List<MessageDto>>(HttpStatusCode.OK);
    }

    /// <summary>Replaces what @everyone may do in the server.</summary>
    public static Task SetEveryonePermissionsAsync(this TogetherApiHost host, TestServer server, Permission permissions) =>
        host.ExecuteAsync(db => db.Roles.Where(role => role.Id == server.LongId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(role => role.Permissions, permissions)));

    /// <summary>A member overwrite on the channel denying <paramref name="deny"/> to <paramref name="member"/>.</summary>
    public static Task DenyInChannelAsync(this TogetherApiHost host, string channelId, TestUser member, Permission deny) =>
        host.ExecuteAsync(async db =>
        {
            db.PermissionOverwrites.Add(new PermissionOverwrite
            {
                ChannelId = LongId(channelId), TargetId = LongId(member.Id), TargetType = OverwriteTargetType.Member, Deny = deny,
            });
            await db.SaveChangesAsync();
        });

    public static Task SetSlowmodeAsync(this TogetherApiHost host, string channelId, int seconds) =>
        host.ExecuteAsync(db => db.Channels.Where(channel => channel.Id == LongId(channelId))
            .ExecuteUpdateAsync(setters => setters.SetProperty(channel => channel.SlowmodeSeconds, seconds)));

    public static Task<int> CountMessagesAsync(this TogetherApiHost host, string channelId) =>
        host.QueryAsync(db => db.Messages.CountAsync(message => message.ChannelId == LongId(channelId)));

    public static long LongId(string id) => long.Parse(id, CultureInfo.InvariantCulture);
}
