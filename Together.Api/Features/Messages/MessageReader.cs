using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Attachments;

namespace Together.Api.Features.Messages;

/// <summary>
/// Reads live messages of a channel as their readers see them: history pages, one message, pins. Deleted messages
/// are never returned. A page costs a fixed number of queries whatever its size (messages with authors, then
/// mentions, reactions, replied-to messages and attachments for the whole page at once).
/// </summary>
public sealed class MessageReader(TogetherDbContext db, AttachmentUrls urls)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary>
    /// Newest first. <paramref name="page"/> says where: before an id, after an id (the <c>limit</c> oldest after
    /// it), around an id (it, if live, and up to half the limit on each side), or the newest.
    /// </summary>
    public async Task<IReadOnlyList<MessageDto>> HistoryAsync(
        long channelId, HistoryPage page, int limit, long viewerId, CancellationToken cancellationToken)
    {
        var live = Live(channelId);
        List<Message> messages;
        switch (page.Kind)
        {
            case HistoryPageKind.Before:
                messages = await live.Where(message => message.Id < page.Anchor).OrderByDescending(message => message.Id)
                    .Take(limit).ToListAsync(cancellationToken);
                break;
            case HistoryPageKind.After:
                messages = await live.Where(message => message.Id > page.Anchor).OrderBy(message => message.Id)
                    .Take(limit).ToListAsync(cancellationToken);
                messages.Reverse();
                break;
            case HistoryPageKind.Around:
                var newer = await live.Where(message => message.Id > page.Anchor).OrderBy(message => message.Id)
                    .Take(limit / 2).ToListAsync(cancellationToken);
                var older = await live.Where(message => message.Id <= page.Anchor).OrderByDescending(message => message.Id)
                    .Take(limit - newer.Count).ToListAsync(cancellationToken);
                newer.Reverse();
                messages = [.. newer, .. older];
                break;
            default:
                messages = await live.OrderByDescending(message => message.Id).Take(limit).ToListAsync(cancellationToken);
                break;
        }

        return await ToDtosAsync(messages, viewerId, cancellationToken);
    }

    public async Task<MessageDto> GetAsync(long channelId, long messageId, long viewerId, CancellationToken cancellationToken)
    {
        var message = await Live(channelId).SingleOrDefaultAsync(candidate => candidate.Id == messageId, cancellationToken)
            ?? throw DomainException.NotFound("The message");
        return (await ToDtosAsync([message], viewerId, cancellationToken))[0];
    }

    /// <summary>The channel's pinned messages, most recently pinned first.</summary>
    public async Task<IReadOnlyList<MessageDto>> PinsAsync(long channelId, long viewerId, CancellationToken cancellationToken)
    {
        var messages = await Live(channelId).Where(message => message.PinnedAt != null)
            .OrderByDescending(message => message.PinnedAt).Take(Message.MaxPinsPerChannel).ToListAsync(cancellationToken);
        return await ToDtosAsync(messages, viewerId, cancellationToken);
    }

    /// <summary>
    /// Messages (authors loaded) as <paramref name="viewerId"/> sees them, in the given order;
    /// <paramref name="viewerId"/> 0 for no one in particular (gateway events: <c>me</c> is false).
    /// </summary>
    public async Task<IReadOnlyList<MessageDto>> ToDtosAsync(
        IReadOnlyList<Message> messages, long viewerId, CancellationToken cancellationToken, string? nonce = null)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var ids = messages.Select(message => message.Id).ToList();
        var mentions = (await db.Mentions.AsNoTracking().Where(mention => ids.Contains(mention.MessageId))
            .ToListAsync(cancellationToken)).ToLookup(mention => mention.MessageId);
        var reactions = (await db.Reactions.AsNoTracking().Where(reaction => ids.Contains(reaction.MessageId))
            .GroupBy(reaction => new { reaction.MessageId, reaction.Emoji })
            .Select(group => new
            {
                group.Key.MessageId,
                group.Key.Emoji,
                Count = group.Count(),
                Mine = group.Count(reaction => reaction.UserId == viewerId),
                First = group.Min(reaction => reaction.CreatedAt),
            })
            .ToListAsync(cancellationToken)).ToLookup(reaction => reaction.MessageId);
        var attachments = (await db.Attachments.AsNoTracking().Where(attachment => attachment.MessageId != null && ids.Contains(attachment.MessageId.Value))
            .OrderBy(attachment => attachment.Id).ToListAsync(cancellationToken)).ToLookup(attachment => attachment.MessageId!.Value);
        var replyIds = messages.Where(message => message.ReplyToId is not null).Select(message => message.ReplyToId!.Value).Distinct().ToList();
        var replies = replyIds.Count == 0 ? []
            : await db.Messages.AsNoTracking().Include(message => message.Author).Where(message => replyIds.Contains(message.Id))
                .ToDictionaryAsync(message => message.Id, cancellationToken);

        return messages.Select(message => ToDto(
            message,
            message.ReplyToId is { } replyId ? Reference(replyId, replies.GetValueOrDefault(replyId)) : null,
            mentions[message.Id],
            reactions[message.Id].OrderBy(reaction => reaction.First).ThenBy(reaction => reaction.Emoji, StringComparer.Ordinal)
                .Select(reaction => new ReactionCountDto(reaction.Emoji, reaction.Count, reaction.Mine > 0)).ToList(),
            attachments[message.Id],
            nonce)).ToList();
    }

    /// <summary>
    /// A message just sent (author and mentions loaded): it has no reactions yet, so only its files and the message
    /// it answers are read, and only when it has them.
    /// </summary>
    public async Task<MessageDto> ForNewMessageAsync(Message message, bool hasFiles, string? nonce)
    {
        var files = !hasFiles ? []
            : await db.Attachments.AsNoTracking().Where(attachment => attachment.MessageId == message.Id)
                .OrderBy(attachment => attachment.Id).ToListAsync(CancellationToken.None);
        var reply = message.ReplyToId is { } replyId
            ? Reference(replyId, await db.Messages.AsNoTracking().Include(replied => replied.Author)
                .SingleOrDefaultAsync(replied => replied.Id == replyId, CancellationToken.None))
            : null;
        return ToDto(message, reply, message.Mentions, [], files, nonce);
    }

    private MessageDto ToDto(
        Message message, MessageReferenceDto? reply, IEnumerable<Mention> mentions, IReadOnlyList<ReactionCountDto> reactions,
        IEnumerable<Attachment> attachments, string? nonce) => new(
        Snowflake.Format(message.Id),
        Snowflake.Format(message.ChannelId),
        message.Author!.ToAuthorDto(),
        message.Content,
        message.CreatedAt,
        message.EditedAt,
        reply,
        mentions.Where(mention => mention.Type == MentionType.User).Select(mention => Snowflake.Format(mention.TargetId)).ToList(),
        mentions.Where(mention => mention.Type == MentionType.Role).Select(mention => Snowflake.Format(mention.TargetId)).ToList(),
        message.MentionsEveryone,
        message.PinnedAt is not null,
        reactions,
        attachments.Select(attachment => attachment.ToDto(urls)).ToList(),
        nonce);

    private IQueryable<Message> Live(long channelId) =>
        db.Messages.AsNoTracking().Include(message => message.Author)
            .Where(message => message.ChannelId == channelId && message.DeletedAt == null);

    private static MessageReferenceDto Reference(long id, Message? replied) =>
        replied is null || replied.DeletedAt is not null
            ? new MessageReferenceDto(Snowflake.Format(id), null, null)
            : new MessageReferenceDto(Snowflake.Format(id), replied.Author!.ToAuthorDto(), MessageRules.Snippet(replied.Content));
}

public enum HistoryPageKind
{
    Newest,
    Before,
    After,
    Around,
}

/// <summary>Where a history page is anchored; <see cref="Anchor"/> is a message id (it need not exist).</summary>
public readonly record struct HistoryPage(HistoryPageKind Kind, long Anchor);
