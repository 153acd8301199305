using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Domain;
using Together.Api.Features.Messages;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.Reactions;

/// <summary>Reactions under /api/channels/{id}/messages/{messageId}/reactions/{emoji}; the emoji is URL-encoded.</summary>
public static class ReactionsApi
{
    public static RouteGroupBuilder MapReactionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/channels/{id:long}/messages/{messageId:long}/reactions/{emoji}")
            .WithTags("Reactions")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        group.MapPut("/@me", AddAsync)
            .WithSummary("React with an emoji (READ_MESSAGE_HISTORY; ADD_REACTIONS to start a new one)")
            .RequireChannelPermission(Permission.ReadMessageHistory)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/@me", RemoveOwnAsync)
            .WithSummary("Take back one's own reaction (READ_MESSAGE_HISTORY)")
            .RequireChannelPermission(Permission.ReadMessageHistory);
        group.MapDelete("/{userId:long}", RemoveAsync)
            .WithSummary("Remove someone's reaction (MANAGE_MESSAGES)")
            .RequireChannelPermission(Permission.ManageMessages);
        group.MapGet("", UsersAsync)
            .WithSummary("Who reacted with the emoji, by user id (READ_MESSAGE_HISTORY)")
            .RequireChannelPermission(Permission.ReadMessageHistory);

        return group;
    }

    private static async Task<NoContent> AddAsync(
        long id, long messageId, string emoji, HttpContext httpContext, ReactionService reactions, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = MessagesApi.TextChannelAccess(httpContext);
        access.RequireNotBlocked();
        var userId = access.UserId;
        if (await reactions.AddAsync(access, userId, messageId, emoji, cancellationToken))
        {
            await events.Publish(new ReactionAdded(access.Server?.ServerId, id, messageId, userId, emoji), CancellationToken.None);
        }

        return TypedResults.NoContent();
    }

    private static Task<NoContent> RemoveOwnAsync(
        long id, long messageId, string emoji, HttpContext httpContext, ReactionService reactions, IPublishEndpoint events,
        CancellationToken cancellationToken) =>
        RemoveForAsync(httpContext.GetChannelAccess().UserId, id, messageId, emoji, httpContext, reactions, events,
            cancellationToken);

    private static Task<NoContent> RemoveAsync(
        long id, long messageId, string emoji, long userId, HttpContext httpContext, ReactionService reactions,
        IPublishEndpoint events, CancellationToken cancellationToken) =>
        RemoveForAsync(userId, id, messageId, emoji, httpContext, reactions, events, cancellationToken);

    private static async Task<Ok<IReadOnlyList<MessageAuthorDto>>> UsersAsync(
        long id, long messageId, string emoji, string? after, string? limit, HttpContext httpContext, ReactionService reactions,
        CancellationToken cancellationToken)
    {
        MessagesApi.TextChannelAccess(httpContext);
        var afterUserId = 0L;
        if (after is not null && !Snowflake.TryParse(after, out afterUserId))
        {
            throw DomainException.Validation("after", "Not a user id.");
        }

        var size = HistoryQuery.Limit(limit, ReactionService.DefaultUsersLimit, ReactionService.MaxUsersLimit);
        return TypedResults.Ok(await reactions.UsersAsync(id, messageId, emoji, afterUserId, size, cancellationToken));
    }

    private static async Task<NoContent> RemoveForAsync(
        long userId, long id, long messageId, string emoji, HttpContext httpContext, ReactionService reactions,
        IPublishEndpoint events, CancellationToken cancellationToken)
    {
        var access = MessagesApi.TextChannelAccess(httpContext);
        access.RequireNotBlocked();
        if (await reactions.RemoveAsync(id, userId, messageId, emoji, cancellationToken))
        {
            await events.Publish(new ReactionRemoved(access.Server?.ServerId, id, messageId, userId, emoji), CancellationToken.None);
        }

        return TypedResults.NoContent();
    }
}
