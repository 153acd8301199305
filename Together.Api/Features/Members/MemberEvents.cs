using Together.Api.Features.Servers;

namespace Together.Api.Features.Members;

/// <summary>Someone joined the server and it was saved.</summary>
public sealed record MemberAdded(long ServerId, MemberDto Member);

/// <summary>A member's nickname, timeout or roles changed and it was saved; <see cref="Member"/> is the result.</summary>
public sealed record MemberUpdated(long ServerId, MemberDto Member);

/// <summary>
/// Someone is no longer a member. When <see cref="Reason"/> is not <see cref="MemberRemovalReason.Left"/> by their
/// own hand, their connections must stop hearing the server's events at once.
/// </summary>
public sealed record MemberRemoved(long ServerId, long UserId, MemberRemovalReason Reason);

public enum MemberRemovalReason
{
    Left,
    Kicked,
    Banned,

    /// <summary>Joined through a temporary invite and their last gateway connection closed without a role given.</summary>
    TemporaryExpired,
}

/// <summary>
/// A user was banned. The messages they sent in the server during the last <see cref="DeleteMessageSeconds"/>
/// before <see cref="BannedAt"/> are to be deleted: the messaging feature consumes this.
/// </summary>
public sealed record MemberBanned(long ServerId, long UserId, long ModeratorId, int DeleteMessageSeconds, DateTimeOffset BannedAt);
