using MassTransit;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Features.Users;
using Together.Api.Permissions;

namespace Together.Api.Features.Members;

/// <summary>
/// Bans: a banned user is no longer a member and cannot join again through any invite until unbanned. A user need
/// not be a member to be banned (keeping someone out pre-emptively); a member is subject to the hierarchy.
/// </summary>
public sealed class BanService(TogetherDbContext db, AuditLogWriter audit, IPublishEndpoint events, TimeProvider time)
{
    public const int MaxListLimit = 1000;

    /// <returns>False when the user was already banned (nothing changed).</returns>
    public async Task<bool> BanAsync(ServerAccess access, long userId, BanRequest request, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(user => user.Id == userId, cancellationToken))
        {
            throw DomainException.NotFound("The user");
        }

        var member = await db.Members.Include(candidate => candidate.Roles)
            .SingleOrDefaultAsync(candidate => candidate.ServerId == access.ServerId && candidate.UserId == userId, cancellationToken);
        if (member is not null)
        {
            MemberService.DemandOutranks(access, member);
        }
        else if (userId == access.Server.OwnerId)
        {
            throw DomainException.Forbidden(ErrorCodes.RoleHierarchy, "The owner cannot be banned.");
        }

        if (await db.Bans.AnyAsync(ban => ban.ServerId == access.ServerId && ban.UserId == userId, cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var deleteMessageSeconds = request.DeleteMessageSeconds ?? 0;
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        db.Bans.Add(new Ban
        {
            ServerId = access.ServerId,
            UserId = userId,
            Reason = reason,
            ModeratorId = access.UserId,
            CreatedAt = now,
        });
        if (member is not null)
        {
            db.Members.Remove(member);
        }

        var entry = audit.Record(access.ServerId, access.UserId, AuditLogActions.MemberBan, userId,
            new AuditChanges().Add("deleteMessageSeconds", 0, deleteMessageSeconds));
        // The body's reason is the ban's; the header's, when given, is the audit log's (as Discord).
        entry.Reason ??= reason;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (IsBanned(access.ServerId, userId))
        {
            // Another moderator banned the same user at the same moment: theirs stands, as if ours came second.
            return false;
        }

        if (member is not null)
        {
            await MemberService.AnnounceRemovalAsync(events, access.ServerId, userId, MemberRemovalReason.Banned);
        }

        await events.Publish(new MemberBanned(access.ServerId, userId, access.UserId, deleteMessageSeconds, now), CancellationToken.None);
        return true;
    }

    /// <summary>Synchronous because it decides an exception filter; one indexed lookup.</summary>
    private bool IsBanned(long serverId, long userId)
    {
        db.ChangeTracker.Clear();
        return db.Bans.Any(ban => ban.ServerId == serverId && ban.UserId == userId);
    }

    public async Task UnbanAsync(ServerAccess access, long userId, CancellationToken cancellationToken)
    {
        var ban = await db.Bans.SingleOrDefaultAsync(candidate => candidate.ServerId == access.ServerId && candidate.UserId == userId, cancellationToken)
            ?? throw DomainException.NotFound("The ban");
        db.Bans.Remove(ban);
        audit.Record(access.ServerId, access.UserId, AuditLogActions.MemberUnban, userId);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Bans ordered by the banned user's id, after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<BanDto>> ListAsync(long serverId, long? after, int limit, CancellationToken cancellationToken)
    {
        var bans = db.Bans.AsNoTracking().Where(ban => ban.ServerId == serverId);
        if (after is { } afterId)
        {
            bans = bans.Where(ban => ban.UserId > afterId);
        }

        var page = await bans.OrderBy(ban => ban.UserId).Take(limit)
            .Join(db.Users, ban => ban.UserId, user => user.Id, (ban, user) => new { ban, user })
            .ToListAsync(cancellationToken);
        return page.OrderBy(row => row.ban.UserId)
            .Select(row => new BanDto(row.user.ToUserDto(), row.ban.Reason, Snowflake.Format(row.ban.ModeratorId), row.ban.CreatedAt))
            .ToList();
    }
}
