namespace Together.Api.Domain;

/// <summary>
/// One moderation or configuration change of a server: who did what to which target, the changed fields before
/// and after, and why. Kept for ever.
/// </summary>
public sealed class AuditLogEntry
{
    public const int ReasonMaxLength = 512;

    public long Id { get; set; }

    public long ServerId { get; set; }

    public long ActorId { get; set; }

    /// <summary>One of <see cref="AuditLogActions"/>, e.g. <c>channel_update</c>.</summary>
    public required string Action { get; set; }

    public long? TargetId { get; set; }

    /// <summary>JSON array of <c>{key, old, new}</c>; empty array when nothing but the action itself is recorded.</summary>
    public required string Changes { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The stable names of audit-logged actions (clients filter by them).</summary>
public static class AuditLogActions
{
    public const string ServerUpdate = "server_update";
    public const string ServerTransfer = "server_transfer";
    public const string ChannelCreate = "channel_create";
    public const string ChannelUpdate = "channel_update";
    public const string ChannelDelete = "channel_delete";
    public const string OverwriteUpdate = "overwrite_update";
    public const string OverwriteDelete = "overwrite_delete";
    public const string RoleCreate = "role_create";
    public const string RoleUpdate = "role_update";
    public const string RoleDelete = "role_delete";
    public const string MemberUpdate = "member_update";
    public const string MemberRoleAdd = "member_role_add";
    public const string MemberRoleRemove = "member_role_remove";
    public const string MemberKick = "member_kick";
    public const string MemberBan = "member_ban";
    public const string MemberUnban = "member_unban";
    public const string MemberTimeout = "member_timeout";
    public const string InviteCreate = "invite_create";
    public const string InviteDelete = "invite_delete";
    public const string MessageDelete = "message_delete";
    public const string MessageBulkDelete = "message_bulk_delete";
    public const string MessagePin = "message_pin";
    public const string MessageUnpin = "message_unpin";
    public const string VoiceStateUpdate = "voice_state_update";
}
