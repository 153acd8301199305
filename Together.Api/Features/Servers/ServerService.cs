using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Permissions;

namespace Together.Api.Features.Servers;

/// <summary>Creating, changing, handing over and deleting servers. Callers have checked membership and permissions.</summary>
public sealed class ServerService(
    TogetherDbContext db, SnowflakeGenerator ids, TimeProvider time, AuditLogWriter audit, ServerIconStore icons)
{
    public const string DefaultTextChannelName = "general";
    public const string DefaultVoiceChannelName = "General";
    public const int DefaultBitrate = 64_000;

    /// <summary>
    /// The server with its @everyone role (id = server id, <see cref="PermissionSets.EveryoneDefault"/>), a
    /// #general text channel and a General voice channel; the creator owns it and is its first member.
    /// </summary>
    public async Task<Server> CreateAsync(long ownerId, string? name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var server = new Server
        {
            Id = ids.NewId(),
            Name = VisibleText.RequireName(name, "name", Server.NameMinLength, Server.NameMaxLength),
            OwnerId = ownerId,
            CreatedAt = now,
        };
        db.Servers.Add(server);
        db.Roles.Add(new Role
        {
            Id = server.EveryoneRoleId,
            ServerId = server.Id,
            Name = Role.EveryoneName,
            Permissions = PermissionSets.EveryoneDefault,
            Position = 0,
            CreatedAt = now,
        });
        db.Channels.Add(new Channel
        {
            Id = ids.NewId(), ServerId = server.Id, Type = ChannelType.Text, Name = DefaultTextChannelName, Position = 0, CreatedAt = now,
        });
        db.Channels.Add(new Channel
        {
            Id = ids.NewId(), ServerId = server.Id, Type = ChannelType.Voice, Name = DefaultVoiceChannelName, Position = 1,
            Bitrate = DefaultBitrate, UserLimit = 0, CreatedAt = now,
        });
        db.Members.Add(new Member { ServerId = server.Id, UserId = ownerId, JoinedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return server;
    }

    /// <summary>The servers the user belongs to, oldest membership first.</summary>
    public async Task<IReadOnlyList<Server>> ListForUserAsync(long userId, CancellationToken cancellationToken) =>
        await db.Members.AsNoTracking().Where(member => member.UserId == userId).OrderBy(member => member.JoinedAt)
            .Join(db.Servers, member => member.ServerId, server => server.Id, (_, server) => server)
            .ToListAsync(cancellationToken);

    public async Task<Server> GetAsync(long serverId, CancellationToken cancellationToken) =>
        await db.Servers.SingleOrDefaultAsync(server => server.Id == serverId, cancellationToken)
        ?? throw DomainException.NotFound("The server");

    /// <summary>Name and description; returns null when nothing changed (nothing is saved or recorded then).</summary>
    public async Task<Server?> UpdateAsync(
        long serverId, long actorId, string? name, string? description, CancellationToken cancellationToken)
    {
        var server = await GetAsync(serverId, cancellationToken);
        var changes = new AuditChanges();
        if (name is not null)
        {
            var newName = VisibleText.RequireName(name, "name", Server.NameMinLength, Server.NameMaxLength);
            changes.Add("name", server.Name, newName);
            server.Name = newName;
        }

        if (description is not null)
        {
            var newDescription = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
            changes.Add("description", server.Description, newDescription);
            server.Description = newDescription;
        }

        if (changes.IsEmpty)
        {
            return null;
        }

        audit.Record(serverId, actorId, AuditLogActions.ServerUpdate, serverId, changes);
        await db.SaveChangesAsync(cancellationToken);
        return server;
    }

    /// <summary>
    /// Sets the icon (<paramref name="image"/> of at most the configured size, sniffed) or removes it (null).
    /// Returns null when nothing changed.
    /// </summary>
    public async Task<Server?> SetIconAsync(long serverId, long actorId, byte[]? image, CancellationToken cancellationToken)
    {
        var server = await GetAsync(serverId, cancellationToken);
        var hash = image is null ? null : await icons.SaveAsync(image, cancellationToken);
        var previous = server.IconHash;
        if (hash == previous)
        {
            return null;
        }

        server.IconHash = hash;
        audit.Record(serverId, actorId, AuditLogActions.ServerUpdate, serverId, new AuditChanges().Add("icon", previous, hash));
        await db.SaveChangesAsync(cancellationToken);
        await ForgetIconAsync(previous, cancellationToken);
        return server;
    }

    /// <summary>Only the owner may delete; everything under the server goes with it (cascades), its icon too.</summary>
    public async Task DeleteAsync(long serverId, long actorId, CancellationToken cancellationToken)
    {
        var server = await GetAsync(serverId, cancellationToken);
        RequireOwner(server, actorId, "delete the server");
        db.Servers.Remove(server);
        await db.SaveChangesAsync(cancellationToken);
        await ForgetIconAsync(server.IconHash, cancellationToken);
    }

    /// <summary>Deletes an icon file no server uses any more (files are shared by content).</summary>
    private async Task ForgetIconAsync(string? hash, CancellationToken cancellationToken)
    {
        if (hash is not null && !await db.Servers.AnyAsync(server => server.IconHash == hash, cancellationToken))
        {
            icons.Delete(hash);
        }
    }

    /// <summary>Hands the server to another member; only the owner may.</summary>
    public async Task<Server> TransferAsync(long serverId, long actorId, long newOwnerId, CancellationToken cancellationToken)
    {
        var server = await GetAsync(serverId, cancellationToken);
        RequireOwner(server, actorId, "transfer the server");
        return await TransferAsync(server, actorId, newOwnerId, cancellationToken);
    }

    /// <summary>
    /// The instance's operator hands a server to a member (the admin CLI), say when its owner is gone for good;
    /// the audit log names the operator (<see cref="AuditLogService.OperatorActorId"/>), not the old owner.
    /// </summary>
    public async Task<Server> TransferAsOperatorAsync(long serverId, long newOwnerId, CancellationToken cancellationToken) =>
        await TransferAsync(await GetAsync(serverId, cancellationToken), AuditLogService.OperatorActorId, newOwnerId, cancellationToken);

    private async Task<Server> TransferAsync(Server server, long actorId, long newOwnerId, CancellationToken cancellationToken)
    {
        if (!await db.Members.AnyAsync(member => member.ServerId == server.Id && member.UserId == newOwnerId, cancellationToken))
        {
            throw DomainException.Validation("userId", "The new owner must be a member of the server.");
        }

        if (newOwnerId == server.OwnerId)
        {
            return server;
        }

        audit.Record(server.Id, actorId, AuditLogActions.ServerTransfer, server.Id,
            new AuditChanges().Add("ownerId", server.OwnerId, newOwnerId));
        server.OwnerId = newOwnerId;
        await db.SaveChangesAsync(cancellationToken);
        return server;
    }

    private static void RequireOwner(Server server, long actorId, string what)
    {
        if (server.OwnerId != actorId)
        {
            throw DomainException.Forbidden(ErrorCodes.OwnerOnly, $"Only the server's owner may {what}.");
        }
    }
}
