namespace Together.Api.Domain;

/// <summary>A link that lets people join a server, landing in a channel, optionally with roles.</summary>
public sealed class Invite
{
    public const int CodeLength = 10;

    public required string Code { get; set; }

    public long ServerId { get; set; }

    public long ChannelId { get; set; }

    public long InviterId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Seconds it lives from creation; 0 for ever.</summary>
    public int MaxAge { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>How many people it may bring in; 0 for no limit.</summary>
    public int MaxUses { get; set; }

    public int Uses { get; set; }

    /// <summary>People joining through it are removed when they disconnect, unless given a role meanwhile.</summary>
    public bool Temporary { get; set; }

    public List<InviteRole> Roles { get; } = [];

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;

    public bool IsExhausted => MaxUses > 0 && Uses >= MaxUses;
}

/// <summary>A role everyone joining through an invite receives.</summary>
public sealed class InviteRole
{
    public required string InviteCode { get; set; }

    public long RoleId { get; set; }
}
