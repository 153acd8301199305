using System.Text.Json;
using Together.Api.Data;
using Together.Api.Domain;

namespace Together.Api.Features.AuditLog;

/// <summary>
/// Adds audit-log entries to the same unit of work as the change they describe, so an entry exists exactly when
/// its change was committed. The reason comes from the <c>X-Audit-Log-Reason</c> header (URL-encoded, as
/// Discord's).
/// </summary>
public sealed class AuditLogWriter(TogetherDbContext db, SnowflakeGenerator ids, TimeProvider time, IHttpContextAccessor http)
{
    public const string ReasonHeader = "X-Audit-Log-Reason";

    /// <summary>Records <paramref name="action"/>; saved by the caller's next SaveChanges.</summary>
    public AuditLogEntry Record(long serverId, long actorId, string action, long? targetId, AuditChanges? changes = null)
    {
        var entry = new AuditLogEntry
        {
            Id = ids.NewId(),
            ServerId = serverId,
            ActorId = actorId,
            Action = action,
            TargetId = targetId,
            Changes = JsonSerializer.Serialize(changes?.Entries ?? [], AuditChanges.Json),
            Reason = ReadReason(),
            CreatedAt = time.GetUtcNow(),
        };
        db.AuditLog.Add(entry);
        return entry;
    }

    private string? ReadReason()
    {
        if (http.HttpContext?.Request.Headers[ReasonHeader].ToString() is not { Length: > 0 } raw)
        {
            return null;
        }

        var reason = Uri.UnescapeDataString(raw).Trim();
        return reason.Length == 0 ? null
            : reason.Length > AuditLogEntry.ReasonMaxLength ? reason[..AuditLogEntry.ReasonMaxLength] : reason;
    }
}

/// <summary>The fields a change touched, with their values before and after.</summary>
public sealed class AuditChanges
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal List<AuditChange> Entries { get; } = [];

    /// <summary>Notes <paramref name="key"/> when its value differs; returns this for chaining.</summary>
    public AuditChanges Add<T>(string key, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            Entries.Add(new AuditChange(key, Format(before), Format(after)));
        }

        return this;
    }

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>Ids and permission bits as strings (64 bits do not fit a JavaScript number), the rest as they are.</summary>
    private static object? Format<T>(T value) => value switch
    {
        null => null,
        long or ulong or Enum => Convert.ToString(value is Enum ? Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture) : value, System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}

public sealed record AuditChange(string Key, object? Old, object? New);
