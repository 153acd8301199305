using System.Globalization;
using Together.Api.Domain;

namespace Together.Api.Infrastructure;

/// <summary>
/// Discord's rate-limit headers: <c>X-RateLimit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c> (unix seconds, with
/// milliseconds), <c>-Reset-After</c> (seconds, with milliseconds) and <c>-Bucket</c> (the limit's name).
/// </summary>
public static class RateLimitResponses
{
    public static void WriteHeaders(HttpResponse response, int limit, int remaining, TimeSpan resetAfter, string? bucket)
    {
        var headers = response.Headers;
        var now = response.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = Seconds((now + resetAfter - DateTimeOffset.UnixEpoch).TotalSeconds);
        headers["X-RateLimit-Reset-After"] = Seconds(resetAfter.TotalSeconds);
        if (bucket is not null)
        {
            headers["X-RateLimit-Bucket"] = bucket;
        }
    }

    /// <summary>
    /// 429 problem details (<c>rate_limited</c>, <c>retryAfter</c> in seconds) with <c>Retry-After</c> (whole seconds,
    /// as HTTP wants) and the <c>X-RateLimit-*</c> headers.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int limit, TimeSpan retryAfter, string? bucket = null)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        WriteHeaders(context.Response, limit, 0, retryAfter, bucket);
        return context.WriteProblemAsync(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            "Too many attempts; try again later.",
            new Dictionary<string, object?> { ["retryAfter"] = Math.Round(Math.Max(0, retryAfter.TotalSeconds), 3) });
    }

    private static string Seconds(double seconds) => Math.Max(0, seconds).ToString("0.###", CultureInfo.InvariantCulture);
}
