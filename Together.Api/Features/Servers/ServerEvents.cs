namespace Together.Api.Features.Servers;

/// <summary>
/// A user's membership of a server began (they created it, joined it) or ended (they left, were kicked or banned).
/// Published after the commit by whoever changed the membership. Every Api replica consumes it and moves that
/// user's live gateway connections into or out of the server's group, then tells them (SERVER_CREATE with what
/// they may see, or SERVER_DELETE), so from then on they receive the server's events, or stop receiving them.
/// </summary>
public sealed record ServerMembershipChanged(long ServerId, long UserId, bool IsMember);

/// <summary>The server's name, description, icon or owner changed and was saved.</summary>
public sealed record ServerUpdated(long ServerId, ServerDto Server);

/// <summary>The server and everything in it is gone; its members' connections leave its group.</summary>
public sealed record ServerDeleted(long ServerId);

/// <summary>
/// Something that decides who may view which channel changed without a channel or role event saying so (a member's
/// roles, say): each connection in the server's group gets CHANNEL_CREATE or CHANNEL_DELETE for channels it now may
/// or may no longer view.
/// </summary>
public sealed record ServerPermissionsChanged(long ServerId);
