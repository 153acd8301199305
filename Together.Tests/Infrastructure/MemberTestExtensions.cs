using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Api.Features.Invites;
using Together.Api.Features.Servers;

namespace Together.Tests.Infrastructure;

/// <summary>Intent-named helpers for invites, members and the audit log, over real HTTP.</summary>
public static class MemberTestExtensions
{
    public static long LongId(this TestUser user) => long.Parse(user.Id, CultureInfo.InvariantCulture);

    public static async Task<InviteDto> CreateInviteAsync(
        this TogetherApiHost host, TestServer server, TestUser creator, object? body = null)
    {
        using var client = host.ClientFor(creator.AccessToken);
        using var response = await client.PostAsJsonAsync($"/api/channels/{server.TextChannelId}/invites", body ?? new { });
        return await response.ReadAsync<InviteDto>(HttpStatusCode.Created);
    }

    /// <summary>Joins through a fresh invite of the owner's, as a user would.</summary>
    public static async Task JoinThroughInviteAsync(this TogetherApiHost host, TestServer server, TestUser owner, TestUser user)
    {
        var invite = await host.CreateInviteAsync(server, owner);
        using var client = host.ClientFor(user.AccessToken);
        using var response = await client.PostAsync($"/api/invites/{invite.Code}", null);
        await response.ReadAsync<ServerStateDto>(HttpStatusCode.OK);
    }

    public static Task<bool> IsMemberAsync(this TogetherApiHost host, TestServer server, TestUser user) =>
        host.QueryAsync(db => db.Members.AnyAsync(member => member.ServerId == server.LongId && member.UserId == user.LongId()));

    public static Task<List<AuditLogEntry>> AuditEntriesAsync(this TogetherApiHost host, TestServer server, string action) =>
        host.QueryAsync(db => db.AuditLog.AsNoTracking()
            .Where(entry => entry.ServerId == server.LongId && entry.Action == action).OrderBy(entry => entry.Id).ToListAsync());

    /// <summary>
    /// The payload of the next event of <paramref name="type"/>, passing over others: events of earlier steps (a
    /// join's MEMBER_ADD) may still arrive after a connection opened, since the bus delivers after the HTTP answer.
    /// </summary>
    public static async Task<JsonElement> SkipToEventAsync(this GatewayTestClient gateway, string type)
    {
        while (true)
        {
            var gatewayEvent = await gateway.NextEventAsync();
            if (gatewayEvent.GetProperty("t").GetString() == type)
            {
                return gatewayEvent.GetProperty("d");
            }
        }
    }

    /// <summary>Takes <paramref name="permissions"/> away from @everyone.</summary>
    public static Task DenyEveryoneAsync(this TogetherApiHost host, TestServer server, Together.Api.Permissions.Permission permissions) =>
        host.ExecuteAsync(async db =>
        {
            var everyone = await db.Roles.SingleAsync(role => role.Id == server.LongId);
            everyone.Permissions &= ~permissions;
            await db.SaveChangesAsync();
        });
}
