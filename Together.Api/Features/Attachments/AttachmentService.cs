using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Together.Api.Data;
using Together.Api.Domain;

namespace Together.Api.Features.Attachments;

/// <summary>
/// Uploads (streamed from a multipart body into staging, hashed on the way, typed and measured from their bytes)
/// and their binding to a message. A request's files are all stored or none: every file is staged first, then the
/// rows are saved, then the files committed; whatever fails before the end removes what was staged.
/// </summary>
public sealed partial class AttachmentService(
    TogetherDbContext db,
    IAttachmentStore store,
    SnowflakeGenerator ids,
    TimeProvider time,
    IOptions<AttachmentOptions> options,
    ILogger<AttachmentService> logger)
{
    /// <summary>Room for boundaries and part headers besides the files themselves.</summary>
    private const int MultipartOverheadBytes = 64 * 1024;

    private const int MaxPartHeaderBytes = 16 * 1024;

    /// <summary>Room for a message's content (4,000 characters of up to 4 bytes each) and more.</summary>
    private const int MaxFieldBytes = 32 * 1024;

    /// <summary>The largest body an upload of the most, largest files may be.</summary>
    public long MaxBodyBytes => (options.Value.MaxFileBytes * options.Value.MaxFilesPerMessage) + MultipartOverheadBytes;

    /// <param name="fields">When given, the text parts of these names are read into it (a message sent with its files).</param>
    public async Task<IReadOnlyList<Attachment>> UploadAsync(
        HttpRequest request, long uploaderId, CancellationToken cancellationToken, Dictionary<string, string?>? fields = null)
    {
        var limits = options.Value;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException(ErrorKind.UnsupportedType, ErrorCodes.UnsupportedMediaType,
                "Upload files as multipart/form-data.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw DomainException.Validation("body", "The multipart boundary is missing or too long.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw AttachmentErrors.FileTooLarge(limits.MaxFileBytes);
        }

        var staged = new List<(StagedBlob Blob, Attachment Row)>();
        try
        {
            try
            {
                await ReadPartsAsync(request.Body, boundary, uploaderId, staged, fields, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidDataException
                || (exception is IOException and not BadHttpRequestException && !cancellationToken.IsCancellationRequested))
            {
                throw DomainException.Validation("body", "The body is not well-formed multipart/form-data.");
            }

            if (staged.Count == 0)
            {
                throw DomainException.Validation("files", "Attach at least one file.");
            }

            db.Attachments.AddRange(staged.Select(file => file.Row));
            await db.SaveChangesAsync(CancellationToken.None);
            try
            {
                staged.ForEach(file => file.Blob.Commit());
            }
            catch
            {
                await DiscardAsync(staged.Select(file => file.Row));
                throw;
            }

            var bytes = staged.Sum(file => file.Blob.Size);
            LogUploaded(logger, uploaderId, staged.Count, bytes);
            return staged.Select(file => file.Row).ToList();
        }
        finally
        {
            staged.ForEach(file => file.Blob.Dispose());
        }
    }

    /// <summary>
    /// Stages every file part into <paramref name="staged"/> (the caller disposes them whatever happens) and reads
    /// the wanted text parts into <paramref name="fields"/>.
    /// </summary>
    private async Task ReadPartsAsync(
        Stream body,
        string boundary,
        long uploaderId,
        List<(StagedBlob Blob, Attachment Row)> staged,
        Dictionary<string, string?>? fields,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        // Files are limited by the store as they stream; the reader's own body limit would throw a bare error.
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = MaxPartHeaderBytes, BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            if (!disposition.IsFileDisposition())
            {
                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (fields is not null && field is not null && fields.ContainsKey(field))
                {
                    fields[field] = await ReadFieldAsync(section, field, cancellationToken);
                }

                continue;
            }

            if (staged.Count == limits.MaxFilesPerMessage)
            {
                throw AttachmentErrors.TooManyFiles(limits.MaxFilesPerMessage);
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            var blob = await store.StageAsync(section.Body, limits.MaxFileBytes, cancellationToken);
            try
            {
                staged.Add((blob, await DescribeAsync(blob, name, section.ContentType, uploaderId, cancellationToken)));
            }
            catch
            {
                blob.Dispose();
                throw;
            }
        }
    }

    /// <summary>A text part, UTF-8, at most <see cref="MaxFieldBytes"/>.</summary>
    private static async Task<string> ReadFieldAsync(MultipartSection section, string field, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = await section.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (length > MaxFieldBytes)
        {
            throw DomainException.Validation(field, $"Fields are at most {MaxFieldBytes} bytes.");
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    private async Task<Attachment> DescribeAsync(
        StagedBlob blob, string? name, string? declaredType, long uploaderId, CancellationToken cancellationToken)
    {
        if (blob.Size == 0)
        {
            throw DomainException.Validation("files", "Files must not be empty.");
        }

        await using var content = blob.OpenRead();
        var head = new byte[ContentSniffer.HeadBytes];
        var length = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var contentType = ContentSniffer.SniffSafe(head.AsSpan(0, length)) ?? DeclaredType(declaredType);
        (int Width, int Height)? size = null;
        if (ContentSniffer.SniffImage(head.AsSpan(0, length)) is not null)
        {
            content.Position = 0;
            size = await ContentSniffer.ImageSizeAsync(content, contentType, cancellationToken);
        }

        var id = ids.NewId();
        return new Attachment
        {
            Id = id,
            UploaderId = uploaderId,
            FileName = FileNames.Sanitize(name),
            ContentType = contentType,
            Size = blob.Size,
            ContentHash = blob.Hash,
            Width = size?.Width,
            Height = size?.Height,
            CreatedAt = time.GetUtcNow(),
        };
    }

    /// <summary>
    /// What the client said, when it is a well-formed type the bytes did not contradict: an image, audio or video
    /// type that sniffing did not confirm is a lie (or a format we do not show inline), so it becomes a plain download.
    /// </summary>
    private static string DeclaredType(string? declared)
    {
        if (!MediaTypeHeaderValue.TryParse(declared, out var parsed) || parsed.MediaType.Length > 100
            || parsed.MediaType.Value!.Contains('*'))
        {
            return "application/octet-stream";
        }

        var type = parsed.MediaType.Value.ToLowerInvariant();
        return type.StartsWith("image/", StringComparison.Ordinal) || type.StartsWith("audio/", StringComparison.Ordinal)
            || type.StartsWith("video/", StringComparison.Ordinal)
            ? "application/octet-stream"
            : type;
    }

    /// <summary>Deletes attachments not sent after all (their message was refused); the sweep frees their files.</summary>
    public async Task DiscardAsync(IEnumerable<Attachment> uploaded)
    {
        var rowIds = uploaded.Select(attachment => attachment.Id).ToList();
        await db.Attachments.Where(attachment => rowIds.Contains(attachment.Id) && attachment.MessageId == null)
            .ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>
    /// Parses <paramref name="attachmentIds"/> (decimal strings, at most <see cref="AttachmentOptions.MaxFilesPerMessage"/>,
    /// no repeats); null for none. Throws a validation error on <c>attachmentIds</c> otherwise.
    /// </summary>
    public IReadOnlyList<long>? ParseIds(IReadOnlyList<string>? attachmentIds)
    {
        if (attachmentIds is null || attachmentIds.Count == 0)
        {
            return null;
        }

        if (attachmentIds.Count > options.Value.MaxFilesPerMessage)
        {
            throw DomainException.Validation("attachmentIds", $"A message carries at most {options.Value.MaxFilesPerMessage} files.");
        }

        var parsed = new List<long>(attachmentIds.Count);
        foreach (var raw in attachmentIds)
        {
            if (!Snowflake.TryParse(raw, out var id) || parsed.Contains(id))
            {
                throw DomainException.Validation("attachmentIds", "Attachment ids are distinct decimal strings.");
            }

            parsed.Add(id);
        }

        return parsed;
    }

    /// <summary>
    /// Binds the uploader's own unsent attachments to the message, inside the caller's transaction; any id that is
    /// not one (someone else's, already sent, expired, unknown) fails the send.
    /// </summary>
    public async Task AttachToMessageAsync(long messageId, long uploaderId, IReadOnlyList<long> attachmentIds)
    {
        var bound = await db.Attachments
            .Where(attachment => attachmentIds.Contains(attachment.Id) && attachment.UploaderId == uploaderId && attachment.MessageId == null)
            .ExecuteUpdateAsync(setters => setters.SetProperty(attachment => attachment.MessageId, messageId), CancellationToken.None);
        if (bound != attachmentIds.Count)
        {
            throw DomainException.Validation("attachmentIds", "Each id must be a file you uploaded and have not sent yet.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} uploaded {Count} files ({Bytes} bytes)")]
    private static partial void LogUploaded(ILogger logger, long userId, int count, long bytes);
}
