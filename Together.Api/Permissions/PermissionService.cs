using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;

namespace Together.Api.Permissions;

/// <summary>
/// Loads what <see cref="PermissionCalculator"/> needs (through <see cref="PermissionSnapshotCache"/>) and asks it.
/// Non-members get no access at all (null), so callers answer 404 and a server's existence does not leak.
/// </summary>
public sealed class PermissionService(TogetherDbContext db, PermissionSnapshotCache cache, TimeProvider time)
{
    public async Task<ServerAccess?> GetServerAccessAsync(long serverId, long userId, CancellationToken cancellationToken)
    {
        if (await cache.ServerAsync(serverId, () => LoadServerAsync(serverId, cancellationToken)) is not { } server
            || await cache.MemberAsync(serverId, userId, () => LoadMemberAsync(serverId, userId, cancellationToken)) is not { } member)
        {
            return null;
        }

        return new ServerAccess(server, member, PermissionCalculator.ForServer(server, member, time.GetUtcNow()));
    }

    /// <summary>Null when the channel does not exist, is not in a server the user belongs to, or they may not see it.</summary>
    public async Task<ChannelAccess?> GetChannelAccessAsync(long channelId, long userId, CancellationToken cancellationToken)
    {
        if (await cache.ChannelAsync(channelId, () => LoadChannelAsync(channelId, cancellationToken)) is not { ServerId: { } serverId } channel
            || await GetServerAccessAsync(serverId, userId, cancellationToken) is not { } serverAccess)
        {
            return null;
        }

        var permissions = PermissionCalculator.ForChannel(serverAccess.Server, serverAccess.Member, channel.Snapshot, time.GetUtcNow());
        return permissions.HasFlag(Permission.ViewChannel) ? new ChannelAccess(serverAccess, channel.Snapshot, permissions) : null;
    }

    private async Task<ServerSnapshot?> LoadServerAsync(long serverId, CancellationToken cancellationToken)
    {
        var ownerId = await db.Servers.AsNoTracking().Where(server => server.Id == serverId)
            .Select(server => (long?)server.OwnerId).SingleOrDefaultAsync(cancellationToken);
        if (ownerId is null)
        {
            return null;
        }

        var roles = await db.Roles.AsNoTracking().Where(role => role.ServerId == serverId)
            .Select(role => new RoleSnapshot(role.Id, role.Position, role.Permissions))
            .ToDictionaryAsync(role => role.Id, cancellationToken);
        return new ServerSnapshot(serverId, ownerId.Value, roles);
    }

    private async Task<MemberSnapshot?> LoadMemberAsync(long serverId, long userId, CancellationToken cancellationToken)
    {
        var member = await db.Members.AsNoTracking()
            .Where(candidate => candidate.ServerId == serverId && candidate.UserId == userId)
            .Select(candidate => new { candidate.TimeoutUntil, RoleIds = candidate.Roles.Select(role => role.RoleId).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        return member is null ? null : new MemberSnapshot(userId, member.RoleIds, member.TimeoutUntil);
    }

    private async Task<CachedChannel?> LoadChannelAsync(long channelId, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.AsNoTracking().Where(candidate => candidate.Id == channelId)
            .Select(candidate => new { candidate.ServerId, candidate.Type, candidate.ParentId, candidate.PermissionsSynced })
            .SingleOrDefaultAsync(cancellationToken);
        if (channel is null)
        {
            return null;
        }

        var source = channel.PermissionsSynced && channel.ParentId is { } parentId ? parentId : channelId;
        var overwrites = await db.PermissionOverwrites.AsNoTracking().Where(overwrite => overwrite.ChannelId == source)
            .Select(overwrite => new OverwriteSnapshot(overwrite.TargetId, overwrite.TargetType, overwrite.Allow, overwrite.Deny))
            .ToListAsync(cancellationToken);
        return new CachedChannel(channel.ServerId, new ChannelSnapshot(channelId, channel.Type, overwrites));
    }
}

/// <summary>A member's standing in a server: the snapshot it was computed from and their server-wide permissions.</summary>
public sealed record ServerAccess(ServerSnapshot Server, MemberSnapshot Member, Permission Permissions)
{
    public long ServerId => Server.ServerId;

    public long UserId => Member.UserId;

    public bool IsOwner => Member.UserId == Server.OwnerId;

    public bool Has(Permission permission) => (Permissions & permission) == permission;

    public int HighestPosition => PermissionCalculator.HighestPosition(Server, Member);

    public bool Outranks(int rolePosition) => PermissionCalculator.Outranks(Server, Member, rolePosition);

    public bool Outranks(MemberSnapshot target) => PermissionCalculator.Outranks(Server, Member, target);
}

/// <summary>A member's permissions in one channel they can see.</summary>
public sealed record ChannelAccess(ServerAccess ServerAccess, ChannelSnapshot Channel, Permission Permissions)
{
    public long ChannelId => Channel.ChannelId;

    public long ServerId => ServerAccess.ServerId;

    public bool Has(Permission permission) => (Permissions & permission) == permission;
}
