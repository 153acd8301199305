using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;

namespace Together.Api.Permissions;

/// <summary>
/// Loads what <see cref="PermissionCalculator"/> needs (server channels' rows through <see cref="PermissionSnapshotCache"/>)
/// and asks it. Non-members get no access at all (null), so callers answer 404 and a server's existence does not leak.
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

    /// <summary>
    /// Null when the channel does not exist, is not in a server the user belongs to, or they may not see it. A DM or
    /// group DM grants its participants <see cref="PermissionSets.PrivateChannel"/> and nobody else anything.
    /// </summary>
    public async Task<ChannelAccess?> GetChannelAccessAsync(long channelId, long userId, CancellationToken cancellationToken)
    {
        var channel = await cache.ChannelAsync(channelId, () => LoadChannelAsync(channelId, cancellationToken));
        if (channel is { ServerId: null, Snapshot.Type: ChannelType.Dm or ChannelType.GroupDm })
        {
            // Participants and blocks are read every time: the cache is not told of their changes.
            return await GetPrivateChannelAccessAsync(channelId, channel.Snapshot.Type, userId, cancellationToken);
        }

        if (channel?.ServerId is not { } serverId
            || await GetServerAccessAsync(serverId, userId, cancellationToken) is not { } serverAccess)
        {
            return null;
        }

        var permissions = PermissionCalculator.ForChannel(serverAccess.Server, serverAccess.Member, channel.Snapshot, time.GetUtcNow());
        return permissions.HasFlag(Permission.ViewChannel) ? new ChannelAccess(userId, serverAccess, channel.Snapshot, permissions) : null;
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

        if (channel.ServerId is null)
        {
            return new CachedChannel(null, new ChannelSnapshot(channelId, channel.Type, []));
        }

        var source = channel.PermissionsSynced && channel.ParentId is { } parentId ? parentId : channelId;
        var overwrites = await db.PermissionOverwrites.AsNoTracking().Where(overwrite => overwrite.ChannelId == source)
            .Select(overwrite => new OverwriteSnapshot(overwrite.TargetId, overwrite.TargetType, overwrite.Allow, overwrite.Deny))
            .ToListAsync(cancellationToken);
        return new CachedChannel(channel.ServerId, new ChannelSnapshot(channelId, channel.Type, overwrites));
    }

    /// <summary>
    /// In a DM where either participant blocked the other, both keep only reading (<see cref="ChannelAccess.Blocked"/>):
    /// the blocker hears nothing more from the blocked user, and neither can start what the other would receive.
    /// </summary>
    private async Task<ChannelAccess?> GetPrivateChannelAccessAsync(
        long channelId, ChannelType type, long userId, CancellationToken cancellationToken)
    {
        var recipients = await db.ChannelRecipients.AsNoTracking().Where(recipient => recipient.ChannelId == channelId)
            .Select(recipient => recipient.UserId).ToListAsync(cancellationToken);
        if (!recipients.Contains(userId))
        {
            return null;
        }

        var blocked = type == ChannelType.Dm && recipients.Count == 2 && await db.UserBlocks.AsNoTracking().AnyAsync(block =>
            (block.UserId == recipients[0] && block.BlockedUserId == recipients[1])
            || (block.UserId == recipients[1] && block.BlockedUserId == recipients[0]), cancellationToken);
        var permissions = blocked ? PermissionSets.PrivateChannelBlocked : PermissionSets.PrivateChannel;
        return new ChannelAccess(userId, null, new ChannelSnapshot(channelId, type, []), permissions) { Blocked = blocked };
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

/// <summary>
/// A user's permissions in one channel they can see: a server channel (<see cref="Server"/> their standing in its
/// server) or a DM or group DM they take part in (<see cref="Server"/> null).
/// </summary>
public sealed record ChannelAccess(long UserId, ServerAccess? Server, ChannelSnapshot Channel, Permission Permissions)
{
    public long ChannelId => Channel.ChannelId;

    public bool IsPrivate => Server is null;

    /// <summary>A DM where one participant blocked the other: reading only.</summary>
    public bool Blocked { get; init; }

    /// <summary>Only for what exists in servers alone (overwrites, invites, moderation); their routes' permissions keep DMs out.</summary>
    public ServerAccess ServerAccess => Server ?? throw new InvalidOperationException("A DM channel has no server.");

    /// <inheritdoc cref="ServerAccess"/>
    public long ServerId => ServerAccess.ServerId;

    public bool Has(Permission permission) => (Permissions & permission) == permission;

    /// <summary>403 <c>blocked</c> in a DM where either participant blocked the other.</summary>
    public void RequireNotBlocked()
    {
        if (Blocked)
        {
            throw DomainException.Forbidden(ErrorCodes.Blocked, "One of you has blocked the other in this conversation.");
        }
    }
}
