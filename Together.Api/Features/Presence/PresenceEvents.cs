namespace Together.Api.Features.Presence;

/// <summary>A user chose a status (<c>UpdatePresence</c>); every replica keeps it and tells whom it concerns.</summary>
public sealed record PresenceStatusChanged(long UserId, string Status, CustomStatus? CustomStatus);

/// <summary>
/// A user's first gateway connection on replica <paramref name="ReplicaId"/> opened (<paramref name="Online"/>), or
/// the last one closed and its grace ran out. <paramref name="Version"/> increases per replica, so a replica applies
/// each replica's announcements in the order they were made even if two of them crossed on the way.
/// </summary>
public sealed record PresenceConnectionChanged(long UserId, Guid ReplicaId, bool Online, long Version);
