using MassTransit;
using Microsoft.EntityFrameworkCore;
using Together.Api.Features.Servers;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Permissions;

namespace Together.Api.Features.Members;

/// <summary>
/// Membership and its moderation. The route has already checked membership (and, where one permission always
/// suffices, that permission); what depends on the request or the target is checked here: the hierarchy (nobody
/// acts on the owner or on a member ranked equal or above), roles below the actor's highest, and which of
/// CHANGE_NICKNAME, MANAGE_NICKNAMES and MODERATE_MEMBERS a PATCH needs. Every change is audit-logged in the
/// same commit and announced on the bus after it.
/// </summary>
public sealed class MemberService(
    TogetherDbContext db, AuditLogWriter audit, IPublishEndpoint events, TimeProvider time, PermissionSnapshotCache permissionCache)
{
    public const int MaxListLimit = 1000;

    /// <summary>Discord's ceiling on a timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(28);

    /// <summary>Members ordered by user id after <paramref name="after"/>; <paramref name="query"/> matches the start of a username or nickname.</summary>
    public async Task<IReadOnlyList<MemberDto>> ListAsync(
        long serverId, long? after, int limit, string? query, CancellationToken cancellationToken)
    {
        var members = db.Members.AsNoTracking().Include(member => member.User).Include(member => member.Roles)
            .Where(member => member.ServerId == serverId);
        if (after is { } afterId)
        {
            members = members.Where(member => member.UserId > afterId);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            // Usernames are stored lower-cased; nicknames are lowered in SQL. StartsWith with a StringComparison has
            // no SQL translation, so the analyser's advice (CA1862) does not apply to this query.
            var prefix = query.Trim().ToLowerInvariant();
#pragma warning disable CA1862
            members = members.Where(member => member.User!.NormalizedUsername.StartsWith(prefix)
                || (member.Nickname != null && member.Nickname.ToLower().StartsWith(prefix)));
#pragma warning restore CA1862
        }

        var page = await members.OrderBy(member => member.UserId).Take(limit).ToListAsync(cancellationToken);
        return page.Select(member => member.ToDto()).ToList();
    }

    public async Task<MemberDto> GetAsync(long serverId, long userId, CancellationToken cancellationToken) =>
        (await FindAsync(serverId, userId, tracked: false, cancellationToken)).ToDto();

    public async Task<MemberDto> UpdateAsync(
        ServerAccess access, long targetId, UpdateMemberRequest request, CancellationToken cancellationToken)
    {
        var member = await FindAsync(access.ServerId, targetId, tracked: true, cancellationToken);
        var self = targetId == access.UserId;
        var now = time.GetUtcNow();
        var nickname = request.HasNickname ? CheckNickname(request.Nickname) : member.Nickname;
        var timeoutUntil = request.HasTimeoutUntil ? CheckTimeout(request.TimeoutUntil, now) : member.TimeoutUntil;

        if (nickname != member.Nickname)
        {
            if (self && !access.Has(Permission.ChangeNickname) && !access.Has(Permission.ManageNicknames))
            {
                throw MissingPermission(Permission.ChangeNickname);
            }

            if (!self)
            {
                Demand(access, Permission.ManageNicknames);
                DemandOutranks(access, member);
            }
        }

        if (timeoutUntil != member.TimeoutUntil)
        {
            Demand(access, Permission.ModerateMembers);
            DemandOutranks(access, member);
            if (timeoutUntil is not null
                && PermissionCalculator.ForServer(access.Server, Snapshot(member), now).HasFlag(Permission.Administrator))
            {
                throw DomainException.Validation("timeoutUntil", "Administrators cannot be timed out.");
            }
        }

        if (nickname != member.Nickname)
        {
            audit.Record(access.ServerId, access.UserId, AuditLogActions.MemberUpdate, targetId,
                new AuditChanges().Add("nickname", member.Nickname, nickname));
            member.Nickname = nickname;
        }

        if (timeoutUntil != member.TimeoutUntil)
        {
            audit.Record(access.ServerId, access.UserId, AuditLogActions.MemberTimeout, targetId,
                new AuditChanges().Add("timeoutUntil", member.TimeoutUntil, timeoutUntil));
            member.TimeoutUntil = timeoutUntil;
        }

        return await SaveAndAnnounceAsync(member, cancellationToken);
    }

    /// <returns>The member as they now are; unchanged when they already had the role.</returns>
    public async Task<MemberDto> AddRoleAsync(ServerAccess access, long targetId, long roleId, CancellationToken cancellationToken)
    {
        var member = await FindAsync(access.ServerId, targetId, tracked: true, cancellationToken);
        await DemandRoleManageableAsync(access, member, roleId, cancellationToken);
        if (member.Roles.Any(role => role.RoleId == roleId))
        {
            return member.ToDto();
        }

        member.Roles.Add(new MemberRole { ServerId = access.ServerId, UserId = targetId, RoleId = roleId });
        // A role given means someone vouched for them: a temporary member stays (Discord's rule).
        member.Temporary = false;
        audit.Record(access.ServerId, access.UserId, AuditLogActions.MemberRoleAdd, targetId,
            new AuditChanges().Add<long?>("roleId", null, roleId));
        var updated = await SaveAndAnnounceAsync(member, cancellationToken);
        await events.Publish(new ServerPermissionsChanged(access.ServerId), CancellationToken.None);
        return updated;
    }

    public async Task<MemberDto> RemoveRoleAsync(ServerAccess access, long targetId, long roleId, CancellationToken cancellationToken)
    {
        var member = await FindAsync(access.ServerId, targetId, tracked: true, cancellationToken);
        await DemandRoleManageableAsync(access, member, roleId, cancellationToken);
        var given = member.Roles.SingleOrDefault(role => role.RoleId == roleId);
        if (given is null)
        {
            return member.ToDto();
        }

        member.Roles.Remove(given);
        audit.Record(access.ServerId, access.UserId, AuditLogActions.MemberRoleRemove, targetId,
            new AuditChanges().Add<long?>("roleId", roleId, null));
        var updated = await SaveAndAnnounceAsync(member, cancellationToken);
        await events.Publish(new ServerPermissionsChanged(access.ServerId), CancellationToken.None);
        return updated;
    }

    public async Task KickAsync(ServerAccess access, long targetId, CancellationToken cancellationToken)
    {
        var member = await FindAsync(access.ServerId, targetId, tracked: true, cancellationToken);
        DemandOutranks(access, member);
        db.Members.Remove(member);
        audit.Record(access.ServerId, access.UserId, AuditLogActions.MemberKick, targetId);
        await db.SaveChangesAsync(cancellationToken);
        await AnnounceRemovalAsync(events, access.ServerId, targetId, MemberRemovalReason.Kicked);
    }

    /// <summary>The caller leaves. The owner cannot: ownership goes first (or the server is deleted).</summary>
    public async Task LeaveAsync(ServerAccess access, CancellationToken cancellationToken)
    {
        if (access.IsOwner)
        {
            throw DomainException.Conflict(ErrorCodes.OwnerCannotLeave,
                "The owner cannot leave the server: transfer ownership or delete the server.");
        }

        await db.Members.Where(member => member.ServerId == access.ServerId && member.UserId == access.UserId)
            .ExecuteDeleteAsync(cancellationToken);
        // A bulk delete passes the change tracker, so the cache is not told of it otherwise.
        permissionCache.Invalidate();
        await AnnounceRemovalAsync(events, access.ServerId, access.UserId, MemberRemovalReason.Left);
    }

    /// <summary>
    /// Ends the user's temporary memberships that nobody vouched for with a role: called when their last gateway
    /// connection has closed.
    /// </summary>
    public async Task EndTemporaryMembershipsAsync(long userId, CancellationToken cancellationToken)
    {
        var serverIds = await db.Members
            .Where(member => member.UserId == userId && member.Temporary && !member.Roles.Any())
            .Select(member => member.ServerId).ToListAsync(cancellationToken);
        foreach (var serverId in serverIds)
        {
            // Conditional again: a role given in the meantime keeps them.
            var ended = await db.Members
                .Where(member => member.ServerId == serverId && member.UserId == userId && member.Temporary && !member.Roles.Any())
                .ExecuteDeleteAsync(cancellationToken);
            if (ended > 0)
            {
                permissionCache.Invalidate();
                await AnnounceRemovalAsync(events, serverId, userId, MemberRemovalReason.TemporaryExpired);
            }
        }
    }

    /// <summary>
    /// After the commit: the user's connections leave the server's group (SERVER_DELETE to them) before the others
    /// hear MEMBER_REMOVE, so nothing published afterwards reaches them.
    /// </summary>
    internal static async Task AnnounceRemovalAsync(IPublishEndpoint events, long serverId, long userId, MemberRemovalReason reason)
    {
        await events.Publish(new ServerMembershipChanged(serverId, userId, IsMember: false), CancellationToken.None);
        await events.Publish(new MemberRemoved(serverId, userId, reason), CancellationToken.None);
    }

    internal static MemberSnapshot Snapshot(Member member) =>
        new(member.UserId, member.Roles.Select(role => role.RoleId).ToList(), member.TimeoutUntil);

    internal static void DemandOutranks(ServerAccess access, Member target)
    {
        if (!access.Outranks(Snapshot(target)))
        {
            throw DomainException.Forbidden(ErrorCodes.RoleHierarchy, target.UserId == access.UserId
                ? "You cannot do this to yourself."
                : "You can only do this to members whose highest role is below yours, and never to the owner.");
        }
    }

    private async Task DemandRoleManageableAsync(ServerAccess access, Member member, long roleId, CancellationToken cancellationToken)
    {
        var position = await db.Roles.AsNoTracking().Where(role => role.Id == roleId && role.ServerId == access.ServerId)
            .Select(role => (int?)role.Position).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("The role");
        if (roleId == access.ServerId)
        {
            throw DomainException.Validation("roleId", "Every member has @everyone; it cannot be given or taken.");
        }

        if (!access.Outranks(position))
        {
            throw DomainException.Forbidden(ErrorCodes.RoleHierarchy, "You can only give or take roles below your highest role.");
        }

        if (member.UserId != access.UserId)
        {
            DemandOutranks(access, member);
        }
    }

    private async Task<MemberDto> SaveAndAnnounceAsync(Member member, CancellationToken cancellationToken)
    {
        if (!db.ChangeTracker.HasChanges())
        {
            return member.ToDto();
        }

        await db.SaveChangesAsync(cancellationToken);
        var dto = member.ToDto();
        await events.Publish(new MemberUpdated(member.ServerId, dto), CancellationToken.None);
        return dto;
    }

    private async Task<Member> FindAsync(long serverId, long userId, bool tracked, CancellationToken cancellationToken)
    {
        var members = tracked ? db.Members : db.Members.AsNoTracking();
        return await members.Include(member => member.User).Include(member => member.Roles)
                   .SingleOrDefaultAsync(member => member.ServerId == serverId && member.UserId == userId, cancellationToken)
               ?? throw DomainException.NotFound("The member");
    }

    private static string? CheckNickname(string? nickname)
    {
        if (nickname is not null && !VisibleText.IsClean(nickname, out var problem))
        {
            throw DomainException.Validation("nickname", "Nicknames " + problem);
        }

        return string.IsNullOrWhiteSpace(nickname) ? null : nickname.Trim();
    }

    private static DateTimeOffset? CheckTimeout(DateTimeOffset? until, DateTimeOffset now)
    {
        if (until is not { } value)
        {
            return null;
        }

        if (value <= now)
        {
            throw DomainException.Validation("timeoutUntil", "A timeout must end in the future; send null to end one.");
        }

        return value - now > MaxTimeout
            ? throw DomainException.Validation("timeoutUntil", "A timeout lasts at most 28 days.")
            : value.ToUniversalTime();
    }

    private static void Demand(ServerAccess access, Permission permission)
    {
        if (!access.Has(permission))
        {
            throw MissingPermission(permission);
        }
    }

    private static DomainException MissingPermission(Permission permission) =>
        DomainException.Forbidden(ErrorCodes.MissingPermission,
            $"You need the {PermissionEndpointExtensions.Describe(permission)} permission for this.");
}
