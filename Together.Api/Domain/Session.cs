namespace Together.Api.Domain;

/// <summary>
/// One signed-in device: a family of refresh tokens where each use replaces the token with the next one. The
/// access tokens issued for it carry its id, so revoking the session ends them too.
/// </summary>
public sealed class Session
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public User? User { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>Sliding: every refresh pushes it out by the refresh-token lifetime.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public string? UserAgent { get; set; }

    public string? IpAddress { get; set; }

    public List<RefreshToken> RefreshTokens { get; } = [];

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
