namespace Together.Api.Domain;

/// <summary>A user's membership of a server.</summary>
public sealed class Member
{
    public const int NicknameMaxLength = 32;

    public long ServerId { get; set; }

    public long UserId { get; set; }

    public User? User { get; set; }

    public string? Nickname { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    /// <summary>Until then the member may only read (Discord's timeout).</summary>
    public DateTimeOffset? TimeoutUntil { get; set; }

    /// <summary>Joined through a temporary invite: removed when their last gateway connection closes, unless given a role.</summary>
    public bool Temporary { get; set; }

    /// <summary>Server-muted by a moderator (MUTE_MEMBERS): heard by no one in any voice channel of the server until lifted.</summary>
    public bool VoiceMuted { get; set; }

    /// <summary>Server-deafened by a moderator (DEAFEN_MEMBERS): hears no one until lifted.</summary>
    public bool VoiceDeafened { get; set; }

    public List<MemberRole> Roles { get; } = [];

    public bool IsTimedOutAt(DateTimeOffset now) => TimeoutUntil is { } until && until > now;
}

/// <summary>A role given to a member (never @everyone, which every member has).</summary>
public sealed class MemberRole
{
    public long ServerId { get; set; }

    public long UserId { get; set; }

    public long RoleId { get; set; }
}
