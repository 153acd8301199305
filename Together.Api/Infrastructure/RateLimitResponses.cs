using System.Globalization;
using Together.Api.Domain;

namespace Together.Api.Infrastructure;

public static class RateLimitResponses
{
    /// <summary>429 problem details with <c>Retry-After</c> and <c>X-RateLimit-*</c> (limit, remaining, reset seconds).</summary>
    public static Task WriteAsync(HttpContext context, int limit, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        context.Response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Remaining"] = "0";
        context.Response.Headers["X-RateLimit-Reset"] = seconds;
        return context.WriteProblemAsync(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
            "Too many attempts; try again later.");
    }
}
