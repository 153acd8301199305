using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Features.Typing;

public static class TypingApi
{
    public static RouteHandlerBuilder MapTypingApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/channels/{id:long}/typing", StartAsync)
            .WithTags("Messages")
            .WithSummary("Say the caller is typing in the channel (SEND_MESSAGES); others see TYPING_START for 10 s")
            .RequireAuthorization()
            .RequireRateLimit(RateLimitBucket.Typing)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<NoContent> StartAsync(
        long id, HttpContext httpContext, TypingService typing, CancellationToken cancellationToken)
    {
        await typing.StartAsync(id, httpContext.User.GetUserId(), cancellationToken);
        return TypedResults.NoContent();
    }
}
