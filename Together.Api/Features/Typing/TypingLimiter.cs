using System.Collections.Concurrent;
using Together.Api.Domain;
using Together.Api.Features.Auth;

namespace Together.Api.Features.Typing;

/// <summary>
/// Typing is announced at most once per <see cref="Interval"/> per user and channel: a client repeating itself
/// sooner changes nothing for anyone else, so the repeat is dropped quietly. A user calling more than
/// <see cref="Flood"/> allows (over REST and the hub together, any channel) is refused with 429 instead.
/// Per process: with several replicas a user's calls may land on different ones, which only means a little more
/// slack, never a lost announcement.
/// </summary>
public sealed class TypingLimiter(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static readonly RateLimitRule Flood = new() { PermitLimit = 10, Window = TimeSpan.FromSeconds(10) };

    private const int PruneAbove = 10_000;

    private readonly FailureWindows _calls = new(Flood, time);
    private readonly ConcurrentDictionary<(long UserId, long ChannelId), DateTimeOffset> _announced = new();

    /// <summary>Counts one call of the user; throws <see cref="RateLimitedException"/> past <see cref="Flood"/>.</summary>
    public void Count(long userId)
    {
        var key = Snowflake.Format(userId);
        if (_calls.BlockedFor(key) is { } left)
        {
            throw new RateLimitedException(Flood.PermitLimit, left);
        }

        _calls.RecordFailure(key);
    }

    /// <summary>True when this call should be announced; false when one was announced less than <see cref="Interval"/> ago.</summary>
    public bool TryAnnounce(long userId, long channelId)
    {
        var now = time.GetUtcNow();
        var announce = false;
        _announced.AddOrUpdate((userId, channelId), _ =>
        {
            announce = true;
            return now;
        }, (_, last) =>
        {
            announce = now - last >= Interval;
            return announce ? now : last;
        });

        if (_announced.Count > PruneAbove)
        {
            foreach (var (key, last) in _announced)
            {
                if (now - last >= Interval)
                {
                    _announced.TryRemove(KeyValuePair.Create(key, last));
                }
            }
        }

        return announce;
    }
}
