using Together.Api.Domain;

namespace Together.Api.Permissions;

/// <summary>What the calculator needs of a server: its owner and every role (@everyone's id is the server's).</summary>
public sealed record ServerSnapshot(long ServerId, long OwnerId, IReadOnlyDictionary<long, RoleSnapshot> Roles)
{
    public RoleSnapshot Everyone => Roles[ServerId];
}

public readonly record struct RoleSnapshot(long Id, int Position, Permission Permissions);

/// <summary>A member as the calculator sees them: their roles (not @everyone) and any timeout.</summary>
public sealed record MemberSnapshot(long UserId, IReadOnlyCollection<long> RoleIds, DateTimeOffset? TimeoutUntil);

public readonly record struct OverwriteSnapshot(long TargetId, OverwriteTargetType TargetType, Permission Allow, Permission Deny);

/// <summary>A channel as the calculator sees it: its kind and the overwrites in force (its category's when synced).</summary>
public sealed record ChannelSnapshot(long ChannelId, ChannelType Type, IReadOnlyList<OverwriteSnapshot> Overwrites);
