using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Channels;
using Together.Api.Features.Roles;
using Together.Api.Permissions;

namespace Together.Api.Features.Servers;

/// <summary>
/// Reads what a member sees of their servers (READY, SERVER_CREATE, the answer to creating a server) and the
/// permission model the gateway filters channel events with. Read-only, no tracking.
/// </summary>
public sealed class ServerStateReader(TogetherDbContext db, TimeProvider time)
{
    /// <summary>Every server the user belongs to, oldest membership first.</summary>
    public async Task<IReadOnlyList<ServerStateDto>> ForUserAsync(long userId, CancellationToken cancellationToken)
    {
        var serverIds = await db.Members.AsNoTracking().Where(member => member.UserId == userId)
            .OrderBy(member => member.JoinedAt).Select(member => member.ServerId).ToListAsync(cancellationToken);
        return await ReadAsync(serverIds, userId, cancellationToken);
    }

    /// <summary>Null when the server is gone or the user is not (or no longer) a member.</summary>
    public async Task<ServerStateDto?> ForMemberAsync(long serverId, long userId, CancellationToken cancellationToken) =>
        (await ReadAsync([serverId], userId, cancellationToken)).SingleOrDefault();

    /// <summary>The server's roles and channels for asking about many members at once; null when it is gone.</summary>
    public async Task<ServerPermissions?> PermissionsAsync(long serverId, CancellationToken cancellationToken)
    {
        var ownerId = await db.Servers.AsNoTracking().Where(server => server.Id == serverId)
            .Select(server => (long?)server.OwnerId).SingleOrDefaultAsync(cancellationToken);
        if (ownerId is null)
        {
            return null;
        }

        var roles = await db.Roles.AsNoTracking().Where(role => role.ServerId == serverId).ToListAsync(cancellationToken);
        var channels = await db.Channels.AsNoTracking().Include(channel => channel.Overwrites)
            .Where(channel => channel.ServerId == serverId).ToListAsync(cancellationToken);
        return new ServerPermissions(serverId, ownerId.Value, roles, channels);
    }

    /// <summary>The given users' memberships of the server (roles loaded), by user id.</summary>
    public async Task<Dictionary<long, MemberSnapshot>> MembersAsync(
        long serverId, IReadOnlyCollection<long> userIds, CancellationToken cancellationToken)
    {
        var members = await db.Members.AsNoTracking().Include(member => member.Roles)
            .Where(member => member.ServerId == serverId && userIds.Contains(member.UserId)).ToListAsync(cancellationToken);
        return members.ToDictionary(member => member.UserId, ServerPermissions.Snapshot);
    }

    private async Task<IReadOnlyList<ServerStateDto>> ReadAsync(
        List<long> serverIds, long userId, CancellationToken cancellationToken)
    {
        if (serverIds.Count == 0)
        {
            return [];
        }

        var servers = await db.Servers.AsNoTracking().Where(server => serverIds.Contains(server.Id))
            .ToDictionaryAsync(server => server.Id, cancellationToken);
        var members = await db.Members.AsNoTracking().Include(member => member.User).Include(member => member.Roles)
            .Where(member => member.UserId == userId && serverIds.Contains(member.ServerId))
            .ToDictionaryAsync(member => member.ServerId, cancellationToken);
        var roles = (await db.Roles.AsNoTracking().Where(role => serverIds.Contains(role.ServerId)).ToListAsync(cancellationToken))
            .ToLookup(role => role.ServerId);
        var channels = (await db.Channels.AsNoTracking().Include(channel => channel.Overwrites)
            .Where(channel => channel.ServerId != null && serverIds.Contains(channel.ServerId.Value))
            .ToListAsync(cancellationToken)).ToLookup(channel => channel.ServerId!.Value);

        var now = time.GetUtcNow();
        var states = new List<ServerStateDto>(serverIds.Count);
        foreach (var serverId in serverIds)
        {
            if (!servers.TryGetValue(serverId, out var server) || !members.TryGetValue(serverId, out var member))
            {
                continue;
            }

            var permissions = new ServerPermissions(serverId, server.OwnerId, roles[serverId], channels[serverId]);
            var visible = permissions.Visible(ServerPermissions.Snapshot(member), now)
                .Select(channel => channel.ToDto(permissions.EffectiveOverwrites(channel)))
                .ToList();
            var roleDtos = roles[serverId].OrderBy(role => role.Position).ThenBy(role => role.Id).Select(role => role.ToDto()).ToList();
            states.Add(server.ToStateDto(visible, roleDtos, member.ToDto()));
        }

        return states;
    }
}
