using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Permissions;

namespace Together.Api.Features.Search;

public static class SearchApi
{
    public static RouteHandlerBuilder MapSearchApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/servers/{id:long}/messages/search", SearchAsync)
            .WithTags("Messages")
            .WithSummary("Search the server's messages the caller may read (VIEW_CHANNEL and READ_MESSAGE_HISTORY), newest first")
            .RequireAuthorization()
            .RequireServerPermission(Permission.None)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Ok<MessageSearchResults>> SearchAsync(
        long id,
        string? q,
        string? channelId,
        string? authorId,
        string? has,
        string? mentions,
        string? before,
        string? after,
        string? limit,
        string? offset,
        HttpContext httpContext,
        MessageSearch search,
        CancellationToken cancellationToken)
    {
        var query = MessageSearchQuery.Parse(q, channelId, authorId, has, mentions, before, after, limit, offset);
        return TypedResults.Ok(await search.SearchAsync(httpContext.GetServerAccess(), query, cancellationToken));
    }
}
