using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.ReadStates;

public static class ReadStatesApi
{
    public static RouteGroupBuilder MapReadStatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api")
            .WithTags("Read states")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/channels/{id:long}/ack/{messageId:long}", AckAsync)
            .WithSummary("Mark the channel read up to a message and clear the caller's unread mentions there")
            .RequireChannelPermission(Permission.None)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/users/@me/read-states", ListAsync)
            .WithSummary("Unread state of every text channel the caller may view");
        return group;
    }

    private static async Task<Ok<ReadStateDto>> AckAsync(
        long id, long messageId, HttpContext httpContext, ReadStateService readStates, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var userId = httpContext.GetChannelAccess().UserId;
        var state = await readStates.AckAsync(userId, id, messageId, cancellationToken);
        await events.Publish(new ReadStateUpdated(userId, state), CancellationToken.None);
        return TypedResults.Ok(state);
    }

    private static async Task<Ok<IReadOnlyList<ReadStateDto>>> ListAsync(
        ClaimsPrincipal principal, ReadStateService readStates, CancellationToken cancellationToken) =>
        TypedResults.Ok(await readStates.ForUserAsync(principal.GetUserId(), cancellationToken));
}
