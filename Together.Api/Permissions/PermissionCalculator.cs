using Together.Api.Domain;

namespace Together.Api.Permissions;

/// <summary>
/// The one function that decides what a member may do, in Discord's order: the owner may do everything; base
/// permissions are @everyone's and the member's roles' together; ADMINISTRATOR means everything; then a channel's
/// overwrites apply, @everyone's deny then allow, the member's roles' denies then allows (combined), the member's
/// own deny then allow. Implicit rules follow: without VIEW_CHANNEL nothing in the channel; without SEND_MESSAGES
/// nothing that only makes sense while sending; in voice, without CONNECT nothing voice; timed out, only seeing
/// and reading. Pure: no database, no clock of its own.
/// </summary>
public static class PermissionCalculator
{
    public static Permission ForServer(ServerSnapshot server, MemberSnapshot member, DateTimeOffset now)
    {
        if (member.UserId == server.OwnerId)
        {
            return PermissionSets.All;
        }

        var permissions = BasePermissions(server, member);
        if (permissions.HasFlag(Permission.Administrator))
        {
            return PermissionSets.All;
        }

        return IsTimedOut(member, now) ? permissions & PermissionSets.WhileTimedOut : permissions;
    }

    public static Permission ForChannel(ServerSnapshot server, MemberSnapshot member, ChannelSnapshot channel, DateTimeOffset now)
    {
        if (member.UserId == server.OwnerId)
        {
            return PermissionSets.All;
        }

        var permissions = BasePermissions(server, member);
        if (permissions.HasFlag(Permission.Administrator))
        {
            return PermissionSets.All;
        }

        permissions = ApplyOverwrites(permissions, server, member, channel.Overwrites);
        if (!permissions.HasFlag(Permission.ViewChannel))
        {
            return Permission.None;
        }

        if (channel.Type is ChannelType.Text && !permissions.HasFlag(Permission.SendMessages))
        {
            permissions &= ~PermissionSets.NeedSendMessages;
        }

        if (channel.Type is ChannelType.Voice && !permissions.HasFlag(Permission.Connect))
        {
            permissions &= ~PermissionSets.NeedConnect;
        }

        return IsTimedOut(member, now) ? permissions & PermissionSets.WhileTimedOut : permissions;
    }

    /// <summary>The position of the member's highest role; the owner outranks every role.</summary>
    public static int HighestPosition(ServerSnapshot server, MemberSnapshot member)
    {
        if (member.UserId == server.OwnerId)
        {
            return int.MaxValue;
        }

        var highest = 0;
        foreach (var roleId in member.RoleIds)
        {
            if (server.Roles.TryGetValue(roleId, out var role) && role.Position > highest)
            {
                highest = role.Position;
            }
        }

        return highest;
    }

    /// <summary>Whether <paramref name="actor"/> ranks above a role at <paramref name="rolePosition"/> (to edit, grant or remove it).</summary>
    public static bool Outranks(ServerSnapshot server, MemberSnapshot actor, int rolePosition) =>
        actor.UserId == server.OwnerId || HighestPosition(server, actor) > rolePosition;

    /// <summary>Whether <paramref name="actor"/> may moderate <paramref name="target"/>: nobody may act on the owner.</summary>
    public static bool Outranks(ServerSnapshot server, MemberSnapshot actor, MemberSnapshot target) =>
        target.UserId != server.OwnerId && actor.UserId != target.UserId
        && Outranks(server, actor, HighestPosition(server, target));

    private static Permission BasePermissions(ServerSnapshot server, MemberSnapshot member)
    {
        var permissions = server.Everyone.Permissions;
        foreach (var roleId in member.RoleIds)
        {
            if (server.Roles.TryGetValue(roleId, out var role))
            {
                permissions |= role.Permissions;
            }
        }

        return permissions;
    }

    private static Permission ApplyOverwrites(
        Permission permissions, ServerSnapshot server, MemberSnapshot member, IReadOnlyList<OverwriteSnapshot> overwrites)
    {
        Permission roleAllow = Permission.None, roleDeny = Permission.None;
        OverwriteSnapshot? everyone = null, own = null;
        foreach (var overwrite in overwrites)
        {
            if (overwrite.TargetType == OverwriteTargetType.Role)
            {
                if (overwrite.TargetId == server.ServerId)
                {
                    everyone = overwrite;
                }
                else if (member.RoleIds.Contains(overwrite.TargetId))
                {
                    roleAllow |= overwrite.Allow;
                    roleDeny |= overwrite.Deny;
                }
            }
            else if (overwrite.TargetId == member.UserId)
            {
                own = overwrite;
            }
        }

        if (everyone is { } forEveryone)
        {
            permissions = (permissions & ~forEveryone.Deny) | forEveryone.Allow;
        }

        permissions = (permissions & ~roleDeny) | roleAllow;
        if (own is { } forMember)
        {
            permissions = (permissions & ~forMember.Deny) | forMember.Allow;
        }

        return permissions;
    }

    private static bool IsTimedOut(MemberSnapshot member, DateTimeOffset now) => member.TimeoutUntil is { } until && until > now;
}
