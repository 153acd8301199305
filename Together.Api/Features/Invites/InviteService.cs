using MassTransit;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Features.Channels;
using Together.Api.Features.Members;
using Together.Api.Features.Presence;
using Together.Api.Features.Servers;
using Together.Api.Features.Users;
using Together.Api.Permissions;

namespace Together.Api.Features.Invites;

/// <summary>
/// Invites: created in a channel, previewed by anyone holding the code, accepted by signed-in users, revoked by
/// their creator or a server manager. Uses are counted by one conditional UPDATE in the joining transaction, so
/// when two people race for an invite's last use exactly one of them joins.
/// </summary>
public sealed partial class InviteService(
    TogetherDbContext db,
    PermissionService permissions,
    ServerStateReader servers,
    AuditLogWriter audit,
    IPublishEndpoint events,
    InviteLimiter limiter,
    IOnlineMembers online,
    TimeProvider time,
    ILogger<InviteService> logger)
{
    public async Task<InviteDto> CreateAsync(ChannelAccess access, CreateInviteRequest request, long inviterId, CancellationToken cancellationToken)
    {
        if (access.Channel.Type is not (ChannelType.Text or ChannelType.Voice))
        {
            throw DomainException.Validation("channelId", "Invites lead to a text or voice channel.");
        }

        var roles = await CheckRolesAsync(access.ServerAccess, request.RoleIds ?? [], cancellationToken);
        var now = time.GetUtcNow();
        var maxAge = request.MaxAge ?? InviteRules.DefaultMaxAgeSeconds;
        var invite = new Invite
        {
            Code = InviteCodes.Generate(),
            ServerId = access.ServerId,
            ChannelId = access.ChannelId,
            InviterId = inviterId,
            CreatedAt = now,
            MaxAge = maxAge,
            ExpiresAt = maxAge == 0 ? null : now.AddSeconds(maxAge),
            MaxUses = request.MaxUses ?? 0,
            Temporary = request.Temporary ?? false,
        };
        invite.Roles.AddRange(roles.Select(roleId => new InviteRole { InviteCode = invite.Code, RoleId = roleId }));
        db.Invites.Add(invite);
        audit.Record(access.ServerId, inviterId, AuditLogActions.InviteCreate, targetId: null, new AuditChanges()
            .Add("code", null, invite.Code)
            .Add<long?>("channelId", null, invite.ChannelId)
            .Add("maxAge", 0, invite.MaxAge)
            .Add("maxUses", 0, invite.MaxUses)
            .Add("temporary", false, invite.Temporary)
            .Add("roleIds", null, roles.Count == 0 ? null : string.Join(",", roles.Select(Snowflake.Format))));
        await db.SaveChangesAsync(cancellationToken);
        var inviter = await db.Users.AsNoTracking().SingleAsync(user => user.Id == inviterId, cancellationToken);
        return ToDto(invite, inviter);
    }

    /// <summary>Every invite of the server, newest first, expired and used-up ones included (they show why they stopped).</summary>
    public async Task<IReadOnlyList<InviteDto>> ListAsync(long serverId, CancellationToken cancellationToken)
    {
        var invites = await db.Invites.AsNoTracking().Include(invite => invite.Roles)
            .Where(invite => invite.ServerId == serverId)
            .Join(db.Users, invite => invite.InviterId, user => user.Id, (invite, user) => new { invite, user })
            .ToListAsync(cancellationToken);
        return invites.OrderByDescending(row => row.invite.CreatedAt).Select(row => ToDto(row.invite, row.user)).ToList();
    }

    public async Task<InvitePreviewDto> PreviewAsync(string code, string clientAddress, CancellationToken cancellationToken)
    {
        limiter.AcquirePreview(clientAddress);
        var invite = await FindUsableAsync(code, cancellationToken);
        var channel = await db.Channels.AsNoTracking().Where(candidate => candidate.Id == invite.ChannelId)
            .Select(candidate => new { candidate.Id, candidate.Name, candidate.Type })
            .SingleAsync(cancellationToken);
        var channelDto = new InviteChannelDto(Snowflake.Format(channel.Id), channel.Name, channel.Type.ToApiName());
        return new InvitePreviewDto(invite.Code, await ServerAsync(invite.ServerId, cancellationToken), channelDto, invite.ExpiresAt);
    }

    /// <summary>
    /// Joins the server through the invite and answers with the server as the new member sees it. Someone already a
    /// member gets the same answer and uses nothing; a banned user is refused whatever the invite.
    /// </summary>
    public async Task<ServerStateDto> AcceptAsync(string code, long userId, string clientAddress, CancellationToken cancellationToken)
    {
        limiter.AcquireAccept(userId, clientAddress);
        var invite = await FindAsync(code, cancellationToken);
        if (await servers.ForMemberAsync(invite.ServerId, userId, cancellationToken) is { } already)
        {
            return already;
        }

        if (await db.Bans.AnyAsync(ban => ban.ServerId == invite.ServerId && ban.UserId == userId, cancellationToken))
        {
            LogBannedJoin(logger, userId, invite.ServerId);
            throw DomainException.Forbidden(ErrorCodes.Banned, "You are banned from this server.");
        }

        ThrowIfUnusable(invite);
        var strategy = db.Database.CreateExecutionStrategy();
        var joined = false;
        try
        {
            joined = await strategy.ExecuteAsync(() => JoinAsync(invite, userId, cancellationToken));
        }
        catch (DbUpdateException)
        {
            // The same user joining twice at once: the other request won and counted the use, this one rolled back.
            if (await FindMemberAsync(invite.ServerId, userId, CancellationToken.None) is null)
            {
                throw;
            }
        }

        var member = await FindMemberAsync(invite.ServerId, userId, CancellationToken.None)
            ?? throw DomainException.NotFound("The invite");
        if (joined)
        {
            // Membership first: the joiner's connections enter the server's group, then everyone hears of them.
            await events.Publish(new ServerMembershipChanged(invite.ServerId, userId, IsMember: true), CancellationToken.None);
            await events.Publish(new MemberAdded(invite.ServerId, member), CancellationToken.None);
        }

        return await servers.ForMemberAsync(invite.ServerId, userId, CancellationToken.None)
            ?? throw DomainException.NotFound("The invite");
    }

    /// <summary>Revokes an invite: its creator may, and anyone with MANAGE_SERVER. Others learn nothing (404).</summary>
    public async Task DeleteAsync(string code, long userId, CancellationToken cancellationToken)
    {
        var invite = await FindAsync(code, cancellationToken);
        var access = await permissions.GetServerAccessAsync(invite.ServerId, userId, cancellationToken)
            ?? throw DomainException.NotFound("The invite");
        if (invite.InviterId != userId && !access.Has(Permission.ManageServer))
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                "Only its creator and members with the MANAGE_SERVER permission may revoke an invite.");
        }

        db.Invites.Remove(invite);
        audit.Record(invite.ServerId, userId, AuditLogActions.InviteDelete, targetId: null,
            new AuditChanges().Add("code", invite.Code, null).Add("uses", invite.Uses, 0));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> JoinAsync(Invite invite, long userId, CancellationToken cancellationToken)
    {
        // The execution strategy may run this again after a transient failure: start over from the database.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();

        // One statement decides: PostgreSQL re-checks the condition on the row as the previous writer left it,
        // SQLite runs one writer at a time, so a last use goes to exactly one of the racers.
        var counted = await db.Invites
            .Where(candidate => candidate.Code == invite.Code
                && (candidate.MaxUses == 0 || candidate.Uses < candidate.MaxUses)
                && (candidate.ExpiresAt == null || candidate.ExpiresAt > now))
            .ExecuteUpdateAsync(setters => setters.SetProperty(candidate => candidate.Uses, candidate => candidate.Uses + 1), cancellationToken);
        if (counted == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            ThrowIfUnusable(await FindAsync(invite.Code, cancellationToken));
            throw new DomainException(ErrorKind.NotFound, ErrorCodes.InviteExhausted, "This invite has been used up.");
        }

        var member = new Member
        {
            ServerId = invite.ServerId,
            UserId = userId,
            JoinedAt = now,
            Temporary = invite.Temporary,
        };
        var roleIds = await db.InviteRoles.Where(role => role.InviteCode == invite.Code).Select(role => role.RoleId)
            .ToListAsync(cancellationToken);
        member.Roles.AddRange(roleIds.Select(roleId => new MemberRole { ServerId = invite.ServerId, UserId = userId, RoleId = roleId }));
        db.Members.Add(member);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogJoined(logger, userId, invite.ServerId);
        return true;
    }

    private async Task<IReadOnlyList<long>> CheckRolesAsync(ServerAccess access, IReadOnlyList<string> given, CancellationToken cancellationToken)
    {
        if (given.Count == 0)
        {
            return [];
        }

        if (!access.Has(Permission.ManageRoles))
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                "You need the MANAGE_ROLES permission to attach roles to an invite.");
        }

        var wanted = new HashSet<long>();
        foreach (var value in given)
        {
            if (!Snowflake.TryParse(value, out var roleId) || roleId == access.ServerId)
            {
                throw DomainException.Validation("roleIds", "Each role must be an id of one of the server's roles other than @everyone.");
            }

            wanted.Add(roleId);
        }

        var roles = await db.Roles.AsNoTracking().Where(role => role.ServerId == access.ServerId && wanted.Contains(role.Id))
            .Select(role => new { role.Id, role.Position }).ToListAsync(cancellationToken);
        if (roles.Count != wanted.Count)
        {
            throw DomainException.Validation("roleIds", "Each role must be an id of one of the server's roles other than @everyone.");
        }

        if (roles.Any(role => !access.Outranks(role.Position)))
        {
            throw DomainException.Forbidden(ErrorCodes.RoleHierarchy, "An invite can only grant roles below your highest role.");
        }

        return roles.Select(role => role.Id).Order().ToList();
    }

    private async Task<Invite> FindAsync(string code, CancellationToken cancellationToken) =>
        InviteCodes.IsWellFormed(code)
            ? await db.Invites.AsNoTracking().SingleOrDefaultAsync(invite => invite.Code == code, cancellationToken)
              ?? throw DomainException.NotFound("The invite")
            : throw DomainException.NotFound("The invite");

    private async Task<Invite> FindUsableAsync(string code, CancellationToken cancellationToken)
    {
        var invite = await FindAsync(code, cancellationToken);
        ThrowIfUnusable(invite);
        return invite;
    }

    /// <summary>An invite past its expiry or uses is gone for joining: 404 with a code that says which.</summary>
    private void ThrowIfUnusable(Invite invite)
    {
        if (invite.IsExpiredAt(time.GetUtcNow()))
        {
            throw new DomainException(ErrorKind.NotFound, ErrorCodes.InviteExpired, "This invite has expired.");
        }

        if (invite.IsExhausted)
        {
            throw new DomainException(ErrorKind.NotFound, ErrorCodes.InviteExhausted, "This invite has been used up.");
        }
    }

    private async Task<MemberDto?> FindMemberAsync(long serverId, long userId, CancellationToken cancellationToken)
    {
        var member = await db.Members.AsNoTracking().Include(candidate => candidate.User).Include(candidate => candidate.Roles)
            .SingleOrDefaultAsync(candidate => candidate.ServerId == serverId && candidate.UserId == userId, cancellationToken);
        return member?.ToDto();
    }

    private async Task<InviteServerDto> ServerAsync(long serverId, CancellationToken cancellationToken)
    {
        var server = await db.Servers.AsNoTracking().SingleAsync(candidate => candidate.Id == serverId, cancellationToken);
        var memberCount = await db.Members.CountAsync(member => member.ServerId == serverId, cancellationToken);
        return new InviteServerDto(Snowflake.Format(server.Id), server.Name, server.Description, server.IconHash, memberCount,
            online.CountOnline(serverId));
    }

    private static InviteDto ToDto(Invite invite, User inviter) => new(
        invite.Code,
        Snowflake.Format(invite.ServerId),
        Snowflake.Format(invite.ChannelId),
        inviter.ToUserDto(),
        invite.CreatedAt,
        invite.MaxAge,
        invite.ExpiresAt,
        invite.MaxUses,
        invite.Uses,
        invite.Temporary,
        invite.Roles.Select(role => role.RoleId).Order().Select(Snowflake.Format).ToList());

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} joined server {ServerId} through an invite")]
    private static partial void LogJoined(ILogger logger, long userId, long serverId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Banned user {UserId} tried to join server {ServerId}")]
    private static partial void LogBannedJoin(ILogger logger, long userId, long serverId);
}
