namespace Together.Api.Features.Auth;

/// <summary>
/// Sessions of a user ended (logout, revocation, password change, refresh-token reuse) and the end is committed.
/// Names the sessions rather than "all but one", so a session started meanwhile is never caught by it.
/// </summary>
public sealed record SessionsEnded(long UserId, IReadOnlyList<long> SessionIds, string Reason);
