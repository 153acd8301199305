using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Permissions;

namespace Together.Api.Features.Servers;

/// <summary>Creating, changing, handing over and deleting servers. Callers have checked membership and permissions.</summary>
public sealed class ServerService(TogetherDbContext db, SnowflakeGenerator ids, TimeProvider time, AuditLogWriter audit)
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

    /// <summary>Only the owner may delete; everything under the server goes with it (cascades).</summary>
    public async Task<IReadOnlyList<long>> DeleteAsync(long serverId, long actorId, CancellationToken cancellationToken)
    {
        var server = await GetAsync(serverId, cancellationToken);
        RequireOwner(server, actorId, "delete the server");
        var memberIds = await db.Members.Where(member => member.ServerId == serverId)
            .Select(member => member.UserId).ToListAsync(cancellationToken);
        db.Servers.Remove(server);
        await db.SaveChangesAsync(cancellationToken);
        return memberIds;
    }

    /// <summary>Hands the server to another member; only the owner may (the admin CLI passes the owner as actor).</summary>
    public async Task<Server> TransferAsync(long serverId, long actorId, long newOwnerId, CancellationToken cancellationToken)
    {
        var server = await GetAsync(serverId, cancellationToken);
        RequireOwner(server, actorId, "transfer the server");
        if (!await db.Members.AnyAsync(member => member.ServerId == serverId && member.UserId == newOwnerId, cancellationToken))
        {
            throw DomainException.Validation("userId", "The new owner must be a member of the server.");
        }

        if (newOwnerId == server.OwnerId)
        {
            return server;
        }

        audit.Record(serverId, actorId, AuditLogActions.ServerTransfer, serverId,
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
