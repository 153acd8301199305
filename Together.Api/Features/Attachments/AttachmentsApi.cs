using System.Globalization;
using MassTransit;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Messages;
using Together.Api.Infrastructure.RateLimiting;
using Together.Api.Permissions;

namespace Together.Api.Features.Attachments;

public static class AttachmentsApi
{
    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/attachments").WithTags("Attachments");

        group.MapPost("/", UploadAsync)
            .WithSummary("Upload up to 10 files (multipart/form-data, one part per file) to send with a message (signed in)")
            .RequireAuthorization()
            .RequireRateLimit(RateLimitBucket.Uploads)
            .DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // Anonymous on purpose: a browser's <img src> carries no bearer token, so the signed URL is the permission
        // (or, without one, a bearer token of someone who may view the message's channel).
        group.MapGet("/{id:long}/{filename}", DownloadAsync)
            .WithSummary("An attachment's bytes, by its signed URL or for someone who may view its message's channel")
            .AllowAnonymous()
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        // The same route as sending JSON; requests are routed to this one by their multipart content type. OpenAPI
        // describes one operation per path and method, so this variant is documented in docs/api.md only.
        app.MapPost("/api/channels/{id:long}/messages", SendWithFilesAsync)
            .ExcludeFromDescription()
            .WithTags("Messages")
            .RequireRateLimit(RateLimitBucket.Messages)
            .WithSummary("Send a message with its files in one multipart request: text parts content, replyTo, nonce, and file parts (SEND_MESSAGES, ATTACH_FILES)")
            .RequireAuthorization()
            .RequireChannelPermission(Permission.SendMessages)
            .DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        return app;
    }

    private static async Task<Created<MessageDto>> SendWithFilesAsync(
        long id,
        HttpContext httpContext,
        AttachmentService attachments,
        MessageService messages,
        MessageReader reader,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = MessagesApi.TextChannelAccess(httpContext);
        if (!access.Has(Permission.AttachFiles))
        {
            // Before reading megabytes that could not be sent anyway.
            throw DomainException.Forbidden(ErrorCodes.MissingPermission, "You need the ATTACH_FILES permission for this.");
        }

        RaiseBodyLimit(httpContext, attachments);
        var fields = new Dictionary<string, string?> { ["content"] = null, ["replyTo"] = null, ["nonce"] = null };
        var uploaded = await attachments.UploadAsync(httpContext.Request, access.UserId, cancellationToken, fields);
        try
        {
            if (fields["nonce"] is { Length: > MessageRules.NonceMaxLength })
            {
                throw DomainException.Validation("nonce", $"Nonces are at most {MessageRules.NonceMaxLength} characters.");
            }

            var request = new CreateMessageRequest(fields["content"], fields["replyTo"], fields["nonce"],
                uploaded.Select(attachment => Snowflake.Format(attachment.Id)).ToList());
            return await MessagesApi.SendAsync(id, request, httpContext, messages, reader, events, cancellationToken);
        }
        catch
        {
            await attachments.DiscardAsync(uploaded);
            throw;
        }
    }

    /// <summary>
    /// Kestrel's default (about 28.6 MiB) would cut off uploads the configuration allows, or let through more than it
    /// does; past this the server stops reading and the 413 comes from the exception handler.
    /// </summary>
    private static void RaiseBodyLimit(HttpContext httpContext, AttachmentService attachments)
    {
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = attachments.MaxBodyBytes;
        }
    }

    private static async Task<Created<IReadOnlyList<AttachmentDto>>> UploadAsync(
        HttpContext httpContext, AttachmentService attachments, AttachmentUrls urls, CancellationToken cancellationToken)
    {
        RaiseBodyLimit(httpContext, attachments);
        var uploaded = await attachments.UploadAsync(httpContext.Request, httpContext.User.GetUserId(), cancellationToken);
        IReadOnlyList<AttachmentDto> dtos = uploaded.Select(attachment => attachment.ToDto(urls)).ToList();
        return TypedResults.Created((string?)null, dtos);
    }

    private static async Task<IResult> DownloadAsync(
        long id,
        string filename,
        string? ex,
        string? sig,
        HttpContext httpContext,
        TogetherDbContext db,
        AttachmentUrls urls,
        IAttachmentStore store,
        PermissionService permissions,
        CancellationToken cancellationToken)
    {
        var found = await db.Attachments.AsNoTracking().Where(attachment => attachment.Id == id)
            .Select(attachment => new
            {
                Attachment = attachment,
                Message = db.Messages.Where(message => message.Id == attachment.MessageId)
                    .Select(message => new { message.ChannelId, message.DeletedAt }).SingleOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !string.Equals(found.Attachment.FileName, filename, StringComparison.Ordinal)
            || found.Message is { DeletedAt: not null })
        {
            throw DomainException.NotFound("The attachment");
        }

        var signature = urls.Check(id, ex, sig);
        if (signature != UrlCheck.Valid
            && !await CallerMayViewAsync(httpContext, found.Attachment, found.Message?.ChannelId, permissions, cancellationToken))
        {
            throw signature == UrlCheck.Expired
                ? DomainException.Forbidden(ErrorCodes.UrlExpired, "This link has expired; read the message again for a fresh one.")
                : DomainException.NotFound("The attachment");
        }

        var content = store.Open(found.Attachment.ContentHash) ?? throw DomainException.NotFound("The attachment");
        var inline = ContentSniffer.IsSafeInline(found.Attachment.ContentType);
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(found.Attachment.FileName);
        var headers = httpContext.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.CacheControl = signature == UrlCheck.Valid
            ? $"private, max-age={Math.Max(0, long.Parse(ex!, CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow.ToUnixTimeSeconds())}"
            : "private, no-cache";
        return TypedResults.File(content, found.Attachment.ContentType,
            entityTag: new EntityTagHeaderValue($"\"{found.Attachment.ContentHash}\""), enableRangeProcessing: true);
    }

    /// <summary>Signed in as someone who may view the message's channel, or as the uploader of a file not sent yet.</summary>
    private static async Task<bool> CallerMayViewAsync(
        HttpContext httpContext, Attachment attachment, long? channelId, PermissionService permissions, CancellationToken cancellationToken)
    {
        if (httpContext.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var userId = httpContext.User.GetUserId();
        return channelId is { } channel
            ? await permissions.GetChannelAccessAsync(channel, userId, cancellationToken) is not null
            : attachment.UploaderId == userId;
    }
}
