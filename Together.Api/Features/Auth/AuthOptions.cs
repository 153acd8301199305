using System.ComponentModel.DataAnnotations;

namespace Together.Api.Features.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    [Required]
    public string Issuer { get; set; } = "together";

    [Required]
    public string Audience { get; set; } = "together";

    /// <summary>
    /// Base64 of at least 32 random bytes for HS256. When unset, a key is generated on first run into
    /// <c>&lt;data&gt;/keys/jwt-signing.key</c>. Every Api replica must share it.
    /// </summary>
    public string? SigningKey { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sliding: a session that is not refreshed for this long ends.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Absolute: however often it is refreshed, a session ends this long after sign-in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long after a rotation the old refresh token may be exchanged again, as long as its successor is unused:
    /// the retry of a client whose answer was lost gets a fresh pair instead of counting as theft.
    /// </summary>
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a "this session is still active" answer is reused before asking the database again.</summary>
    public TimeSpan SessionCheckCacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}
