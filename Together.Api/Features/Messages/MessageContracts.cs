using System.ComponentModel.DataAnnotations;
using Together.Api.Domain;
using Together.Api.Features.Attachments;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.Messages;

/// <summary>
/// POST /channels/{id}/messages. <c>content</c> is 1–4,000 characters once trimmed (may be empty with attachments);
/// <c>replyTo</c> a message of the same channel; <c>nonce</c> comes back in the answer and in MESSAGE_CREATE, so a
/// client can match its own sends; <c>attachmentIds</c> the sender's uploads not sent yet (POST /attachments).
/// </summary>
public sealed record CreateMessageRequest(
    string? Content,
    [StringLength(20)] string? ReplyTo,
    [StringLength(MessageRules.NonceMaxLength)] string? Nonce,
    IReadOnlyList<string>? AttachmentIds = null);

/// <summary>PATCH /channels/{id}/messages/{messageId}: new content, with the same rules as sending.</summary>
public sealed record UpdateMessageRequest(string? Content);

/// <summary>POST /channels/{id}/messages/bulk-delete: 1–100 ids of live messages of the channel.</summary>
public sealed record BulkDeleteMessagesRequest([Required] IReadOnlyList<string>? Messages);

/// <summary>
/// A message as its channel's members see it. <c>mentions</c> and <c>mentionRoles</c> are what counted when it was
/// sent or last edited (members of the server, roles that could be mentioned); <c>reactions</c> are in the order
/// they were first added, <c>me</c> telling whether the caller is among them (always false in gateway events:
/// clients keep their own from MESSAGE_REACTION_ADD/REMOVE). <c>nonce</c> only in the answer to sending and in
/// MESSAGE_CREATE.
/// </summary>
[MessagePackObject]
public sealed record MessageDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("channelId")] string ChannelId,
    [property: MessagePackKey("author")] MessageAuthorDto Author,
    [property: MessagePackKey("content")] string Content,
    [property: MessagePackKey("createdAt")] DateTimeOffset CreatedAt,
    [property: MessagePackKey("editedAt")] DateTimeOffset? EditedAt,
    [property: MessagePackKey("replyTo")] MessageReferenceDto? ReplyTo,
    [property: MessagePackKey("mentions")] IReadOnlyList<string> Mentions,
    [property: MessagePackKey("mentionRoles")] IReadOnlyList<string> MentionRoles,
    [property: MessagePackKey("mentionEveryone")] bool MentionEveryone,
    [property: MessagePackKey("pinned")] bool Pinned,
    [property: MessagePackKey("reactions")] IReadOnlyList<ReactionCountDto> Reactions,
    [property: MessagePackKey("attachments")] IReadOnlyList<AttachmentDto> Attachments,
    [property: MessagePackKey("nonce")] string? Nonce);

[MessagePackObject]
public sealed record MessageAuthorDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("username")] string Username,
    [property: MessagePackKey("displayName")] string? DisplayName);

/// <summary>
/// The message a reply answers: its author and the start of its content. Both are null once it was deleted (the
/// reply keeps pointing at it, as Discord shows "original message was deleted").
/// </summary>
[MessagePackObject]
public sealed record MessageReferenceDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("author")] MessageAuthorDto? Author,
    [property: MessagePackKey("content")] string? Content);

[MessagePackObject]
public sealed record ReactionCountDto(
    [property: MessagePackKey("emoji")] string Emoji,
    [property: MessagePackKey("count")] int Count,
    [property: MessagePackKey("me")] bool Me);

/// <summary>
/// A file sent with a message (or uploaded to be). <c>width</c> and <c>height</c> for PNG, JPEG, GIF and WebP images;
/// <c>url</c> is signed and expires (docs/api.md, "Attachment URLs").
/// </summary>
[MessagePackObject]
public sealed record AttachmentDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("filename")] string Filename,
    [property: MessagePackKey("contentType")] string ContentType,
    [property: MessagePackKey("size")] long Size,
    [property: MessagePackKey("width")] int? Width,
    [property: MessagePackKey("height")] int? Height,
    [property: MessagePackKey("url")] string Url);

public static class MessageMappings
{
    public static MessageAuthorDto ToAuthorDto(this User user) =>
        new(Snowflake.Format(user.Id), user.Username, user.DisplayName);

    public static AttachmentDto ToDto(this Attachment attachment, AttachmentUrls urls) =>
        new(Snowflake.Format(attachment.Id), attachment.FileName, attachment.ContentType, attachment.Size,
            attachment.Width, attachment.Height, urls.For(attachment));
}
