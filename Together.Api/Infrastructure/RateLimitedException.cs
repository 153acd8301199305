namespace Together.Api.Infrastructure;

/// <summary>Thrown by handlers whose limit depends on the body (per account); answered like the limiter's 429.</summary>
public sealed class RateLimitedException(int limit, TimeSpan retryAfter)
    : Exception("Too many attempts; try again later.")
{
    public int Limit { get; } = limit;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
