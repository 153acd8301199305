using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Permissions;

namespace Together.Api.Features.Channels;

/// <summary>
/// Permission overwrites of one channel or category. Discord's rule holds: a member may only allow or deny bits
/// they hold in that channel themselves, unless they own the server or are an administrator. Editing an overwrite
/// of a channel synced with its category first copies the category's overwrites (the channel stops being synced).
/// </summary>
public sealed class OverwriteService(TogetherDbContext db, ChannelService channels, AuditLogWriter audit)
{
    /// <summary>Sets the overwrite; returns the ids of channels whose overwrites in force changed.</summary>
    public async Task<IReadOnlyList<long>> PutAsync(
        ChannelAccess access, long targetId, PutOverwriteRequest request, CancellationToken cancellationToken)
    {
        var type = request.Type switch
        {
            "role" => OverwriteTargetType.Role,
            "member" => OverwriteTargetType.Member,
            _ => throw DomainException.Validation("type", "An overwrite is for a 'role' or a 'member'."),
        };
        var allow = Bits(request.Allow, "allow");
        var deny = Bits(request.Deny, "deny");
        if ((allow & deny) != Permission.None)
        {
            throw DomainException.Validation("deny", "A permission cannot be allowed and denied at once.");
        }

        await RequireTargetAsync(access.ServerId, targetId, type, cancellationToken);
        var all = await channels.LoadAsync(access.ServerId, tracked: true, cancellationToken);
        var channel = all[access.ChannelId];
        var existing = ServerPermissions.EffectiveOverwrites(channel, all).FirstOrDefault(overwrite => overwrite.TargetId == targetId);
        if (existing is not null && existing.TargetType != type)
        {
            throw DomainException.Validation("type", $"{Snowflake.Format(targetId)} is a {existing.TargetType.ToApiName()}.");
        }

        RequireHeld(access, (allow ^ (existing?.Allow ?? Permission.None)) | (deny ^ (existing?.Deny ?? Permission.None)));
        channels.Unsync(channel, all);
        var overwrite = channel.Overwrites.FirstOrDefault(candidate => candidate.TargetId == targetId);
        if (overwrite is null)
        {
            overwrite = new PermissionOverwrite { ChannelId = channel.Id, TargetId = targetId, TargetType = type };
            channel.Overwrites.Add(overwrite);
            db.PermissionOverwrites.Add(overwrite);
        }

        var changes = new AuditChanges()
            .Add("id", (long?)null, targetId)
            .Add("type", (string?)null, type.ToApiName())
            .Add("allow", existing?.Allow, allow)
            .Add("deny", existing?.Deny, deny);
        overwrite.Allow = allow;
        overwrite.Deny = deny;
        audit.Record(access.ServerId, access.ServerAccess.UserId, AuditLogActions.OverwriteUpdate, channel.Id, changes);
        await db.SaveChangesAsync(cancellationToken);
        return Affected(channel, all);
    }

    /// <summary>Removes the overwrite (nothing to do when there is none); returns the channels whose overwrites changed.</summary>
    public async Task<IReadOnlyList<long>> DeleteAsync(ChannelAccess access, long targetId, CancellationToken cancellationToken)
    {
        var all = await channels.LoadAsync(access.ServerId, tracked: true, cancellationToken);
        var channel = all[access.ChannelId];
        var existing = ServerPermissions.EffectiveOverwrites(channel, all).FirstOrDefault(overwrite => overwrite.TargetId == targetId);
        if (existing is null)
        {
            // Ids of another server's roles and members are as unknown here as ids that exist nowhere.
            if (!await IsRoleAsync(access.ServerId, targetId, cancellationToken) && !await IsMemberAsync(access.ServerId, targetId, cancellationToken))
            {
                throw DomainException.NotFound("The role or member");
            }

            return [];
        }

        RequireHeld(access, existing.Allow | existing.Deny);
        channels.Unsync(channel, all);
        var own = channel.Overwrites.First(candidate => candidate.TargetId == targetId);
        channel.Overwrites.Remove(own);
        db.PermissionOverwrites.Remove(own);
        audit.Record(access.ServerId, access.ServerAccess.UserId, AuditLogActions.OverwriteDelete, channel.Id, new AuditChanges()
            .Add("id", targetId, (long?)null)
            .Add("type", own.TargetType.ToApiName(), null)
            .Add("allow", own.Allow, Permission.None)
            .Add("deny", own.Deny, Permission.None));
        await db.SaveChangesAsync(cancellationToken);
        return Affected(channel, all);
    }

    /// <summary>The channel, and for a category every channel synced with it.</summary>
    private static IReadOnlyList<long> Affected(Channel channel, IReadOnlyDictionary<long, Channel> all) =>
        [channel.Id, .. all.Values.Where(child => child.ParentId == channel.Id && child.PermissionsSynced).Select(child => child.Id)];

    private static void RequireHeld(ChannelAccess access, Permission touched)
    {
        if (access.ServerAccess.IsOwner || access.ServerAccess.Has(Permission.Administrator))
        {
            return;
        }

        var missing = touched & ~access.Permissions;
        if (missing != Permission.None)
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                $"You can only allow or deny permissions you have yourself; you lack {PermissionEndpointExtensions.Describe(missing)}.");
        }
    }

    private async Task RequireTargetAsync(long serverId, long targetId, OverwriteTargetType type, CancellationToken cancellationToken)
    {
        var exists = type == OverwriteTargetType.Role
            ? await IsRoleAsync(serverId, targetId, cancellationToken)
            : await IsMemberAsync(serverId, targetId, cancellationToken);
        if (!exists)
        {
            throw DomainException.NotFound(type == OverwriteTargetType.Role ? "The role" : "The member");
        }
    }

    private Task<bool> IsRoleAsync(long serverId, long roleId, CancellationToken cancellationToken) =>
        db.Roles.AnyAsync(role => role.ServerId == serverId && role.Id == roleId, cancellationToken);

    private Task<bool> IsMemberAsync(long serverId, long userId, CancellationToken cancellationToken) =>
        db.Members.AnyAsync(member => member.ServerId == serverId && member.UserId == userId, cancellationToken);

    private static Permission Bits(string? value, string field)
    {
        if (value is null)
        {
            return Permission.None;
        }

        if (!PermissionText.TryParse(value, out var bits))
        {
            throw DomainException.Validation(field, "Permissions are a decimal string of known permission bits.");
        }

        return (bits & ~PermissionSets.ChannelScoped) == Permission.None
            ? bits
            : throw DomainException.Validation(field,
                $"{PermissionEndpointExtensions.Describe(bits & ~PermissionSets.ChannelScoped)} cannot be set per channel.");
    }
}
