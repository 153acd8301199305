using Together.Api.Domain;
using Together.Api.Permissions;

namespace Together.Api.Features.Messages;

/// <summary>A send checked and resolved by <see cref="MessageService"/>, waiting for <see cref="MessageWriter"/>.</summary>
public sealed class PendingMessage(
    ChannelAccess access, long authorId, string content, long? replyToId, ResolvedMentions mentions,
    IReadOnlyList<long> notified, IReadOnlyList<long>? attachmentIds)
{
    private readonly TaskCompletionSource<Message> _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChannelAccess Access => access;

    public long AuthorId => authorId;

    public IReadOnlyList<long> Notified => notified;

    public IReadOnlyList<long>? AttachmentIds => attachmentIds;

    /// <summary>The committed message, or why it was not written.</summary>
    public Task<Message> Written => _written.Task;

    public bool IsAnswered => _written.Task.IsCompleted;

    /// <summary>The row to insert under <paramref name="id"/> (a fresh one each attempt, so a retried batch starts clean).</summary>
    public Message ToMessage(long id)
    {
        var message = new Message
        {
            Id = id,
            ChannelId = access.ChannelId,
            AuthorId = authorId,
            Content = content,
            ReplyToId = replyToId,
            MentionsEveryone = mentions.Everyone,
            // The id's own time (milliseconds), so both agree and read back the same from either database.
            CreatedAt = Snowflake.CreatedAt(id),
        };
        MessageService.AddMentions(message, mentions);
        return message;
    }

    public void Complete(Message message) => _written.TrySetResult(message);

    public void Fail(Exception exception) => _written.TrySetException(exception);
}
