using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Attachments;
using Together.Api.Features.AuditLog;
using Together.Api.Features.ReadStates;
using Together.Api.Permissions;

namespace Together.Api.Features.Messages;

/// <summary>
/// Sending, editing, deleting and pinning messages. Callers have checked the route's permission
/// (<see cref="ChannelAccess"/>); what depends on the message (its author, slowmode) is checked here.
/// </summary>
/// <remarks>
/// Writes run with <see cref="CancellationToken.None"/> once they start: a write the client gave up on half-way
/// might still commit, and a committed change must always be announced (its event is published after the commit).
/// </remarks>
public sealed class MessageService(
    TogetherDbContext db,
    TimeProvider time,
    MentionResolver mentions,
    AuditLogWriter audit,
    AttachmentService attachments,
    MessageWriter writer)
{
    public const int MaxBulkDelete = 100;

    /// <summary>
    /// Checks and resolves the send here, then hands it to <see cref="MessageWriter"/>: one transaction holds the
    /// message, its mentions, the channel's newest id and the raised mention counts (with whatever else was sent at
    /// the same moment), so a message is either wholly there or not at all, and it is acknowledged only after the commit.
    /// </summary>
    public async Task<Message> SendAsync(
        ChannelAccess access, long authorId, string? content, string? replyTo, CancellationToken cancellationToken,
        IReadOnlyList<string>? attachmentIds = null)
    {
        var files = attachments.ParseIds(attachmentIds);
        if (files is not null && !access.Has(Permission.AttachFiles))
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission, "You need the ATTACH_FILES permission for this.");
        }

        var text = files is null ? MessageRules.RequireContent(content) : MessageRules.OptionalContent(content);
        long? replyToId = null;
        if (replyTo is not null)
        {
            if (!Snowflake.TryParse(replyTo, out var repliedId)
                || !await db.Messages.AnyAsync(message => message.Id == repliedId && message.ChannelId == access.ChannelId
                    && message.DeletedAt == null, cancellationToken))
            {
                throw DomainException.Validation("replyTo", "Replies answer a message of the same channel.");
            }

            replyToId = repliedId;
        }

        var resolved = await mentions.ResolveAsync(access, text, cancellationToken);
        var notified = await mentions.NotifiedAsync(access, resolved, authorId, cancellationToken);
        return await writer.WriteAsync(new PendingMessage(access, authorId, text, replyToId, resolved, notified, files), cancellationToken);
    }

    /// <summary>Only the author may edit; mentions are read again from the new content (nobody is notified anew).</summary>
    public async Task<Message> EditAsync(ChannelAccess access, long editorId, long messageId, string? content, CancellationToken cancellationToken)
    {
        var message = await FindLiveAsync(access.ChannelId, messageId, cancellationToken);
        if (message.AuthorId != editorId)
        {
            throw DomainException.Forbidden(ErrorCodes.NotMessageAuthor, "Only its author may edit a message.");
        }

        var text = MessageRules.RequireContent(content);
        var resolved = await mentions.ResolveAsync(access, text, cancellationToken);
        message.Content = text;
        message.EditedAt = time.GetUtcNow();
        message.MentionsEveryone = resolved.Everyone;
        AddMentions(message, resolved);

        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await db.Mentions.Where(mention => mention.MessageId == messageId).ExecuteDeleteAsync(CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return message;
    }

    /// <summary>
    /// The author may delete their message; anyone else needs MANAGE_MESSAGES, and is audit-logged. The row stays
    /// (replies and read states point at it) with its content, mentions, reactions and pin gone.
    /// </summary>
    public async Task DeleteAsync(ChannelAccess access, long actorId, long messageId, CancellationToken cancellationToken)
    {
        var message = await FindLiveAsync(access.ChannelId, messageId, cancellationToken);
        if (message.AuthorId != actorId)
        {
            RequireManageMessages(access);
            audit.Record(access.ServerId, actorId, AuditLogActions.MessageDelete, message.AuthorId,
                new AuditChanges().Add("channelId", (long?)null, access.ChannelId).Add("messageId", (long?)null, messageId));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await ClearAsync([messageId]);
        SoftDelete(message);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Deletes up to <see cref="MaxBulkDelete"/> live messages of the channel at once (one audit entry). Any id that
    /// is not one fails the whole request, and nothing is deleted.
    /// </summary>
    public async Task<IReadOnlyList<long>> BulkDeleteAsync(
        ChannelAccess access, long actorId, IReadOnlyList<string>? messageIds, CancellationToken cancellationToken)
    {
        if (messageIds is null || messageIds.Count == 0 || messageIds.Count > MaxBulkDelete)
        {
            throw DomainException.Validation("messages", $"Give 1 to {MaxBulkDelete} message ids.");
        }

        var wanted = new HashSet<long>();
        foreach (var raw in messageIds)
        {
            if (!Snowflake.TryParse(raw, out var id))
            {
                throw DomainException.Validation("messages", "Message ids are decimal strings.");
            }

            wanted.Add(id);
        }

        var messages = await db.Messages
            .Where(message => message.ChannelId == access.ChannelId && message.DeletedAt == null && wanted.Contains(message.Id))
            .ToListAsync(cancellationToken);
        if (messages.Count != wanted.Count)
        {
            throw DomainException.Validation("messages", "Every id must be a message of this channel that is not deleted.");
        }

        var deleted = messages.Select(message => message.Id).Order().ToList();
        audit.Record(access.ServerId, actorId, AuditLogActions.MessageBulkDelete, access.ChannelId,
            new AuditChanges().Add("count", 0, deleted.Count));
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await ClearAsync(deleted);
        messages.ForEach(SoftDelete);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return deleted;
    }

    /// <summary>
    /// Deletes what <paramref name="authorId"/> wrote in the server's channels since <paramref name="since"/> (a
    /// ban's "delete their recent messages"), in one transaction; returns the deleted ids per channel.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, List<long>>> DeleteRecentByAuthorAsync(
        long serverId, long authorId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Ids carry their creation time, so "since" is an id range on the author index.
        var firstId = Snowflake.Compose(Snowflake.MillisecondsSinceEpoch(since), workerId: 0, sequence: 0);
        var messages = await db.Messages
            .Where(message => message.AuthorId == authorId && message.Id >= firstId && message.DeletedAt == null
                && db.Channels.Any(channel => channel.Id == message.ChannelId && channel.ServerId == serverId))
            .ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            return new Dictionary<long, List<long>>();
        }

        var deleted = messages.Select(message => message.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await ClearAsync(deleted);
        messages.ForEach(SoftDelete);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return messages.GroupBy(message => message.ChannelId)
            .ToDictionary(channel => channel.Key, channel => channel.Select(message => message.Id).Order().ToList());
    }

    /// <summary>Pins a live message (at most <see cref="Message.MaxPinsPerChannel"/> per channel); null when it already was.</summary>
    public async Task<Message?> PinAsync(ChannelAccess access, long actorId, long messageId, CancellationToken cancellationToken)
    {
        var message = await FindLiveAsync(access.ChannelId, messageId, cancellationToken);
        if (message.PinnedAt is not null)
        {
            return null;
        }

        var pinned = await db.Messages.CountAsync(candidate => candidate.ChannelId == access.ChannelId
            && candidate.PinnedAt != null && candidate.DeletedAt == null, cancellationToken);
        if (pinned >= Message.MaxPinsPerChannel)
        {
            throw DomainException.Conflict(ErrorCodes.TooManyPins,
                $"A channel holds at most {Message.MaxPinsPerChannel} pins; unpin one first.");
        }

        message.PinnedAt = time.GetUtcNow();
        if (access.Server is { } server)
        {
            audit.Record(server.ServerId, actorId, AuditLogActions.MessagePin, message.AuthorId,
                new AuditChanges().Add("channelId", (long?)null, access.ChannelId).Add("messageId", (long?)null, messageId));
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return message;
    }

    /// <summary>Unpins a live message; null when it was not pinned.</summary>
    public async Task<Message?> UnpinAsync(ChannelAccess access, long actorId, long messageId, CancellationToken cancellationToken)
    {
        var message = await FindLiveAsync(access.ChannelId, messageId, cancellationToken);
        if (message.PinnedAt is null)
        {
            return null;
        }

        message.PinnedAt = null;
        if (access.Server is { } server)
        {
            audit.Record(server.ServerId, actorId, AuditLogActions.MessageUnpin, message.AuthorId,
                new AuditChanges().Add("channelId", (long?)null, access.ChannelId).Add("messageId", (long?)null, messageId));
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return message;
    }

    private static void RequireManageMessages(ChannelAccess access)
    {
        if (!access.Has(Permission.ManageMessages))
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                "You need the MANAGE_MESSAGES permission for this.");
        }
    }

    /// <summary>A live message of the channel, tracked, with its author; 404 otherwise (also for other channels' ids).</summary>
    private async Task<Message> FindLiveAsync(long channelId, long messageId, CancellationToken cancellationToken) =>
        await db.Messages.Include(message => message.Author)
            .SingleOrDefaultAsync(message => message.Id == messageId && message.ChannelId == channelId && message.DeletedAt == null,
                cancellationToken)
        ?? throw DomainException.NotFound("The message");

    /// <summary>
    /// Slowmode: one message per <see cref="Channel.SlowmodeSeconds"/> per member, unless they moderate the channel.
    /// Deleting a message does not shorten the wait.
    /// </summary>
    internal static void AddMentions(Message message, ResolvedMentions resolved)
    {
        message.Mentions.AddRange(resolved.UserIds.Select(userId =>
            new Mention { MessageId = message.Id, TargetId = userId, Type = MentionType.User }));
        message.Mentions.AddRange(resolved.RoleIds.Select(roleId =>
            new Mention { MessageId = message.Id, TargetId = roleId, Type = MentionType.Role }));
    }

    private async Task ClearAsync(IReadOnlyList<long> messageIds)
    {
        await db.Mentions.Where(mention => messageIds.Contains(mention.MessageId)).ExecuteDeleteAsync(CancellationToken.None);
        await db.Reactions.Where(reaction => messageIds.Contains(reaction.MessageId)).ExecuteDeleteAsync(CancellationToken.None);
        // Their files go with them (the sweep deletes the bytes once nothing else refers to them).
        await db.Attachments.Where(attachment => messageIds.Contains(attachment.MessageId!.Value)).ExecuteDeleteAsync(CancellationToken.None);
    }

    private void SoftDelete(Message message)
    {
        message.Content = "";
        message.PinnedAt = null;
        message.MentionsEveryone = false;
        message.DeletedAt = time.GetUtcNow();
    }
}
