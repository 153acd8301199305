using Together.Api.Features.Auth.Tokens;

namespace Together.Api.Infrastructure.RateLimiting;

public static class RateLimitEndpointExtensions
{
    public static IServiceCollection AddTogetherRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UserRateLimiter>();
        return services;
    }

    /// <summary>
    /// Counts each call of the route against <paramref name="bucket"/> (the caller's account and address) before
    /// anything else runs, and answers every call with the bucket's <c>X-RateLimit-*</c> headers.
    /// </summary>
    public static TBuilder RequireRateLimit<TBuilder>(this TBuilder builder, RateLimitBucket bucket)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var state = http.RequestServices.GetRequiredService<UserRateLimiter>()
                .Acquire(bucket, http.User.GetUserId(), http.GetClientAddress());
            // Written as the response starts, so they survive the exception handler clearing headers for a 4xx;
            // a 429 raised later (slowmode) keeps its own.
            http.Response.OnStarting(() =>
            {
                if (http.Response.StatusCode != StatusCodes.Status429TooManyRequests)
                {
                    var time = http.RequestServices.GetRequiredService<TimeProvider>();
                    RateLimitResponses.WriteHeaders(http.Response, state.Limit, state.Remaining,
                        state.ResetAt - time.GetUtcNow(), state.Bucket);
                }

                return Task.CompletedTask;
            });
            return await next(context);
        });

    /// <summary>The per-address ceiling on authenticated REST requests (<see cref="RateLimitOptions.RestPerIp"/>).</summary>
    public static IApplicationBuilder UseAuthenticatedRequestLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && context.Request.Path.StartsWithSegments("/api"))
            {
                context.RequestServices.GetRequiredService<UserRateLimiter>().AcquireRequest(context.GetClientAddress());
            }

            await next(context);
        });
}
