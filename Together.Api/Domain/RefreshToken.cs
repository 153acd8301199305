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

    /// <summary>When it was exchanged for its successor; null while it is the family's live token.</summary>
    public DateTimeOffset? RotatedAt { get; set; }
}
