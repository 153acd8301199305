using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Domain;
using Together.Api.Infrastructure;
using Together.Api.Infrastructure.RateLimiting;
using Together.Api.Permissions;

namespace Together.Api.Features.Messages;

public static class MessagesApi
{
    /// <summary>Every route answers 400 <c>not_text_channel</c> for a voice channel or a category.</summary>
    public static RouteGroupBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/channels/{id:long}")
            .WithTags("Messages")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/messages", SendAsync)
            .WithSummary("Send a message (SEND_MESSAGES; slowmode applies unless MANAGE_MESSAGES or MANAGE_CHANNELS)")
            .RequireRateLimit(RateLimitBucket.Messages)
            .RequireChannelPermission(Permission.SendMessages)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/messages", HistoryAsync)
            .WithSummary("A page of the channel's messages, newest first (READ_MESSAGE_HISTORY)")
            .RequireChannelPermission(Permission.ReadMessageHistory)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/messages/{messageId:long}", GetAsync)
            .WithSummary("One message (READ_MESSAGE_HISTORY)")
            .RequireChannelPermission(Permission.ReadMessageHistory)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPatch("/messages/{messageId:long}", EditAsync)
            .WithSummary("Edit a message (its author only)")
            .RequireChannelPermission(Permission.None)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/messages/{messageId:long}", DeleteAsync)
            .WithSummary("Delete a message (its author, or MANAGE_MESSAGES)")
            .RequireChannelPermission(Permission.None)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/messages/bulk-delete", BulkDeleteAsync)
            .WithSummary("Delete up to 100 messages of the channel at once (MANAGE_MESSAGES)")
            .RequireChannelPermission(Permission.ManageMessages)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/pins", PinsAsync)
            .WithSummary("The channel's pinned messages, most recently pinned first (READ_MESSAGE_HISTORY)")
            .RequireChannelPermission(Permission.ReadMessageHistory)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPut("/pins/{messageId:long}", PinAsync)
            .WithSummary("Pin a message (MANAGE_MESSAGES, any participant in a DM; at most 50 per channel)")
            .RequireChannelPermission(Permission.ManageMessages, inPrivateChannel: Permission.SendMessages)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/pins/{messageId:long}", UnpinAsync)
            .WithSummary("Unpin a message (MANAGE_MESSAGES, any participant in a DM)")
            .RequireChannelPermission(Permission.ManageMessages, inPrivateChannel: Permission.SendMessages)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        return group;
    }

    /// <summary>Also the end of a multipart send (AttachmentsApi), once its files are uploaded.</summary>
    internal static async Task<Created<MessageDto>> SendAsync(
        long id,
        CreateMessageRequest request,
        HttpContext httpContext,
        MessageService messages,
        MessageReader reader,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        var message = await messages.SendAsync(access, access.UserId, request.Content, request.ReplyTo, cancellationToken,
            request.AttachmentIds);
        var dto = await reader.ForNewMessageAsync(message, request.AttachmentIds is { Count: > 0 }, request.Nonce);
        // Only after the commit, and not cancelled with the request: the message is saved whether or not its
        // sender still waits, so everyone else must hear of it.
        await events.Publish(new MessageCreated(access.Server?.ServerId, id, dto), CancellationToken.None);
        return TypedResults.Created($"/api/channels/{Snowflake.Format(id)}/messages/{dto.Id}", dto);
    }

    private static async Task<Ok<IReadOnlyList<MessageDto>>> HistoryAsync(
        long id,
        string? before,
        string? after,
        string? around,
        string? limit,
        HttpContext httpContext,
        MessageReader reader,
        CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        var page = HistoryQuery.Page(before, after, around);
        var size = HistoryQuery.Limit(limit);
        return TypedResults.Ok(await reader.HistoryAsync(id, page, size, access.UserId, cancellationToken));
    }

    private static async Task<Ok<MessageDto>> GetAsync(
        long id, long messageId, HttpContext httpContext, MessageReader reader, CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        return TypedResults.Ok(await reader.GetAsync(id, messageId, access.UserId, cancellationToken));
    }

    private static async Task<Ok<MessageDto>> EditAsync(
        long id,
        long messageId,
        UpdateMessageRequest request,
        HttpContext httpContext,
        MessageService messages,
        MessageReader reader,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        access.RequireNotBlocked();
        var message = await messages.EditAsync(access, access.UserId, messageId, request.Content, cancellationToken);
        return TypedResults.Ok(await PublishUpdateAsync(access, message, reader, events));
    }

    private static async Task<NoContent> DeleteAsync(
        long id, long messageId, HttpContext httpContext, MessageService messages, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        await messages.DeleteAsync(access, access.UserId, messageId, cancellationToken);
        await events.Publish(new MessageDeleted(access.Server?.ServerId, id, messageId), CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> BulkDeleteAsync(
        long id,
        BulkDeleteMessagesRequest request,
        HttpContext httpContext,
        MessageService messages,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        var deleted = await messages.BulkDeleteAsync(access, access.UserId, request.Messages, cancellationToken);
        await events.Publish(new MessagesBulkDeleted(access.ServerId, id, deleted), CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<MessageDto>>> PinsAsync(
        long id, HttpContext httpContext, MessageReader reader, CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        return TypedResults.Ok(await reader.PinsAsync(id, access.UserId, cancellationToken));
    }

    private static async Task<NoContent> PinAsync(
        long id, long messageId, HttpContext httpContext, MessageService messages, MessageReader reader, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        if (await messages.PinAsync(access, access.UserId, messageId, cancellationToken) is { } pinned)
        {
            await PublishUpdateAsync(access, pinned, reader, events);
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> UnpinAsync(
        long id, long messageId, HttpContext httpContext, MessageService messages, MessageReader reader, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = TextChannelAccess(httpContext);
        if (await messages.UnpinAsync(access, access.UserId, messageId, cancellationToken) is { } unpinned)
        {
            await PublishUpdateAsync(access, unpinned, reader, events);
        }

        return TypedResults.NoContent();
    }

    /// <summary>MESSAGE_UPDATE with the message as the caller sees it, less <c>me</c> (nobody's in an event); returns the caller's view.</summary>
    private static async Task<MessageDto> PublishUpdateAsync(
        ChannelAccess access, Domain.Message message, MessageReader reader, IPublishEndpoint events)
    {
        var dto = (await reader.ToDtosAsync([message], access.UserId, CancellationToken.None))[0];
        var forEveryone = dto with { Reactions = dto.Reactions.Select(reaction => reaction with { Me = false }).ToList() };
        await events.Publish(new MessageUpdated(access.Server?.ServerId, access.ChannelId, forEveryone), CancellationToken.None);
        return dto;
    }

    /// <summary>The caller's access to a text channel or DM; categories and voice channels hold no messages.</summary>
    public static ChannelAccess TextChannelAccess(HttpContext httpContext)
    {
        var access = httpContext.GetChannelAccess();
        if (!access.Channel.Type.HoldsMessages())
        {
            throw new DomainException(ErrorKind.Validation, ErrorCodes.NotTextChannel, "Only text channels hold messages.");
        }

        return access;
    }
}
