using System.Text.Json;

namespace Together.Api.Features.AuditLog;

/// <summary>
/// One audit-log entry: <c>changes</c> is a list of <c>{key, old, new}</c> (ids and permission bits as strings).
/// <c>actorId</c> "0" is the instance's operator acting through the admin CLI.
/// </summary>
public sealed record AuditLogEntryDto(
    string Id,
    string ActorId,
    string Action,
    string? TargetId,
    JsonElement Changes,
    string? Reason,
    DateTimeOffset CreatedAt);
