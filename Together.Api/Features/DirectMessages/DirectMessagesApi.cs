using System.Globalization;
using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.DirectMessages;

/// <summary>
/// DMs and group DMs: <c>/api/users/@me/channels</c> and a group DM's participants. Their messages use the message
/// routes; GET and PATCH <c>/api/channels/{id}</c> answer for them too (<see cref="Channels.ChannelsApi"/>).
/// </summary>
public static class DirectMessagesApi
{
    public static IEndpointRouteBuilder MapDirectMessagesApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/users/@me/channels")
            .WithTags("Direct messages")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        mine.MapGet("", ListAsync)
            .WithSummary("The caller's DMs and group DMs, newest activity first");
        mine.MapPost("", OpenAsync)
            .WithSummary("Open the DM with one user (200 when it exists) or create a group DM with 2 to 9 others")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var recipients = app.MapGroup("/api/channels/{id:long}/recipients/{userId:long}")
            .WithTags("Direct messages")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        recipients.MapPut("", AddRecipientAsync)
            .WithSummary("Add someone to a group DM (its owner)")
            .RequireChannelPermission(Permission.ViewChannel);
        recipients.MapDelete("", RemoveRecipientAsync)
            .WithSummary("Remove someone from a group DM (its owner), or leave it (yourself)")
            .RequireChannelPermission(Permission.ViewChannel);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<PrivateChannelDto>>> ListAsync(
        ClaimsPrincipal principal, PrivateChannelService channels, CancellationToken cancellationToken) =>
        TypedResults.Ok(await channels.ListAsync(principal.GetUserId(), cancellationToken));

    private static async Task<Results<Ok<PrivateChannelDto>, Created<PrivateChannelDto>>> OpenAsync(
        OpenPrivateChannelRequest request,
        ClaimsPrincipal principal,
        PrivateChannelService channels,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var (channel, created) = await channels.OpenAsync(principal.GetUserId(), request, cancellationToken);
        if (!created)
        {
            return TypedResults.Ok(channel);
        }

        await events.Publish(new PrivateChannelChanged(long.Parse(channel.Id, CultureInfo.InvariantCulture), channel, []), CancellationToken.None);
        return TypedResults.Created($"/api/channels/{channel.Id}", channel);
    }

    private static async Task<NoContent> AddRecipientAsync(
        long userId, HttpContext httpContext, PrivateChannelService channels, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        if (await channels.AddRecipientAsync(access, userId, cancellationToken) is { } channel)
        {
            await events.Publish(new PrivateChannelChanged(access.ChannelId, channel, []), CancellationToken.None);
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveRecipientAsync(
        long userId, HttpContext httpContext, PrivateChannelService channels, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        var channel = await channels.RemoveRecipientAsync(access, userId, cancellationToken);
        await events.Publish(new PrivateChannelChanged(access.ChannelId, channel, [userId]), CancellationToken.None);
        return TypedResults.NoContent();
    }
}
