namespace Together.Api.Domain;

/// <summary>
/// One refresh token of a session's family, stored only as its SHA-256. Rotated tokens are kept (until the
/// session goes) so that presenting one again is recognised as reuse rather than as an unknown token.
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; set; }

    public long SessionId { get; set; }

    public Session? Session { get; set; }

    public required byte[] TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When it stopped being the family's live token: exchanged for its successor, or discarded unused because its
    /// predecessor came back within the grace period. Null while it is the live token.
    /// </summary>
    public DateTimeOffset? RotatedAt { get; set; }

    /// <summary>
    /// The token this one was exchanged for, which is what lets a retry within the grace period find the successor
    /// to replace. Null while it is live, and for a successor discarded by such a retry: that one has no grace.
    /// </summary>
    public long? ReplacedById { get; set; }
}
