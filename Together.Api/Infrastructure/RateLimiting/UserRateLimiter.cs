using Microsoft.Extensions.Options;
using Together.Api.Domain;

namespace Together.Api.Infrastructure.RateLimiting;

/// <summary>What a signed-in user does that is limited; the lower-case name is the <c>X-RateLimit-Bucket</c>.</summary>
public enum RateLimitBucket
{
    Messages,
    Typing,
    Presence,
    Uploads,
}

/// <summary>
/// The limits of <see cref="RateLimitOptions"/>, for REST routes (<see cref="RateLimitEndpointExtensions"/>) and hub
/// methods alike: an action counts against its account and, where configured, its client address; the first full
/// window refuses it with <see cref="RateLimitedException"/> (429 over REST, <c>rate_limited:</c> on the hub).
/// </summary>
public sealed partial class UserRateLimiter
{
    private readonly Dictionary<RateLimitBucket, (FixedWindows PerUser, FixedWindows? PerAddress)> _buckets;
    private readonly FixedWindows _restPerAddress;
    private readonly TimeProvider _time;
    private readonly ILogger<UserRateLimiter> _logger;

    public UserRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time, ILogger<UserRateLimiter> logger)
    {
        var limits = options.Value;
        _buckets = new Dictionary<RateLimitBucket, (FixedWindows, FixedWindows?)>
        {
            [RateLimitBucket.Messages] = (new FixedWindows(limits.MessagesPerUser, time), new FixedWindows(limits.MessagesPerIp, time)),
            [RateLimitBucket.Typing] = (new FixedWindows(limits.TypingPerUser, time), null),
            [RateLimitBucket.Presence] = (new FixedWindows(limits.PresencePerUser, time), null),
            [RateLimitBucket.Uploads] = (new FixedWindows(limits.UploadsPerUser, time), new FixedWindows(limits.UploadsPerIp, time)),
        };
        _restPerAddress = new FixedWindows(limits.RestPerIp, time);
        _time = time;
        _logger = logger;
    }

    /// <summary>Counts one <paramref name="bucket"/> action; returns the tighter of its windows, or throws when one is full.</summary>
    public RateLimitState Acquire(RateLimitBucket bucket, long userId, string clientAddress)
    {
        var (perUser, perAddress) = _buckets[bucket];
        var name = Name(bucket);
        var state = Count(perUser, Snowflake.Format(userId), name, clientAddress);
        if (perAddress is not null && Count(perAddress, clientAddress, name, clientAddress) is { } address
            && address.Remaining < state.Remaining)
        {
            state = address;
        }

        return state;
    }

    /// <summary>Counts one authenticated REST request from <paramref name="clientAddress"/>.</summary>
    public RateLimitState AcquireRequest(string clientAddress) => Count(_restPerAddress, clientAddress, "requests", clientAddress);

    public static string Name(RateLimitBucket bucket) => bucket.ToString().ToLowerInvariant();

    private RateLimitState Count(FixedWindows windows, string key, string bucket, string clientAddress)
    {
        var count = windows.TryAcquire(key);
        var state = new RateLimitState(bucket, count.Limit, count.Remaining, count.ResetAt);
        if (!count.Acquired)
        {
            var retryAfter = count.ResetAt - _time.GetUtcNow();
            LogLimited(_logger, bucket, key, clientAddress, retryAfter);
            throw new RateLimitedException(count.Limit, retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.Zero, bucket);
        }

        return state;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many {Bucket} by {Key} (from {ClientAddress}): refused for {RetryAfter}")]
    private static partial void LogLimited(ILogger logger, string bucket, string key, string clientAddress, TimeSpan retryAfter);
}

/// <summary>Where a caller stands in a bucket after a permitted action, for the <c>X-RateLimit-*</c> headers.</summary>
public readonly record struct RateLimitState(string Bucket, int Limit, int Remaining, DateTimeOffset ResetAt);
