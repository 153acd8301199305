using Together.Api.Permissions;

namespace Together.Api.Domain;

public enum OverwriteTargetType
{
    Role,
    Member,
}

/// <summary>Permissions allowed and denied on one channel for one role or member, on top of their server permissions.</summary>
public sealed class PermissionOverwrite
{
    public long ChannelId { get; set; }

    /// <summary>A role id (the server id for @everyone) or a user id.</summary>
    public long TargetId { get; set; }

    public OverwriteTargetType TargetType { get; set; }

    public Permission Allow { get; set; }

    public Permission Deny { get; set; }
}
