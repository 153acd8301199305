using Together.Api.Domain;
using Together.Api.Features.Auth;

namespace Together.Api.Features.Presence;

/// <summary>
/// <c>UpdatePresence</c> calls per user (DESIGN §5: presence is rate limited): each one reaches every co-member's
/// connections, so a client toggling idle in a loop must not flood them. Per process, like the typing limit.
/// </summary>
public sealed class PresenceLimiter(TimeProvider time)
{
    public static readonly RateLimitRule Limit = new() { PermitLimit = 10, Window = TimeSpan.FromSeconds(60) };

    private readonly FailureWindows _calls = new(Limit, time);

    /// <summary>Counts one call of the user; throws <see cref="RateLimitedException"/> past <see cref="Limit"/>.</summary>
    public void Count(long userId)
    {
        var key = Snowflake.Format(userId);
        if (_calls.BlockedFor(key) is { } left)
        {
            throw new RateLimitedException(Limit.PermitLimit, left);
        }

        _calls.RecordFailure(key);
    }
}
