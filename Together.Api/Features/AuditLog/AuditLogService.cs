using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;

namespace Together.Api.Features.AuditLog;

/// <summary>Reads a server's audit log, newest first, for the API and the admin CLI alike.</summary>
public sealed class AuditLogService(TogetherDbContext db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary>The actor id of changes made by the instance's operator through the admin CLI.</summary>
    public const long OperatorActorId = 0;

    /// <summary>Entries older than <paramref name="before"/> (an entry id), optionally of one actor and one action.</summary>
    public async Task<IReadOnlyList<AuditLogEntryDto>> ListAsync(
        long serverId, long? actorId, string? action, long? before, int limit, CancellationToken cancellationToken)
    {
        var entries = db.AuditLog.AsNoTracking().Where(entry => entry.ServerId == serverId);
        if (actorId is { } actor)
        {
            entries = entries.Where(entry => entry.ActorId == actor);
        }

        if (!string.IsNullOrEmpty(action))
        {
            entries = entries.Where(entry => entry.Action == action);
        }

        if (before is { } beforeId)
        {
            entries = entries.Where(entry => entry.Id < beforeId);
        }

        var page = await entries.OrderByDescending(entry => entry.Id).Take(limit).ToListAsync(cancellationToken);
        return page.Select(ToDto).ToList();
    }

    private static AuditLogEntryDto ToDto(AuditLogEntry entry)
    {
        using var changes = JsonDocument.Parse(entry.Changes);
        return new AuditLogEntryDto(
            Snowflake.Format(entry.Id),
            Snowflake.Format(entry.ActorId),
            entry.Action,
            entry.TargetId is { } target ? Snowflake.Format(target) : null,
            changes.RootElement.Clone(),
            entry.Reason,
            entry.CreatedAt);
    }
}
