using System.Collections.Concurrent;

namespace Together.Api.Features.Typing;

/// <summary>
/// Typing is announced at most once per <see cref="Interval"/> per user and channel: a client repeating itself
/// sooner changes nothing for anyone else, so the repeat is dropped quietly. (Refusing a flood with 429 is the
/// <c>typing</c> rate limit's job.) Per process: with several replicas a user's calls may land on different ones,
/// which only means a little more slack, never a lost announcement.
/// </summary>
public sealed class TypingLimiter(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(long UserId, long ChannelId), DateTimeOffset> _announced = new();

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
