using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Messages;
using Together.Api.Features.Servers;
using Together.Api.Permissions;

namespace Together.Api.Features.Search;

/// <summary>
/// Searches a server's messages the caller may read: live messages of text channels where they hold VIEW_CHANNEL
/// and READ_MESSAGE_HISTORY, newest first (as Discord orders them). The words go to each database's full-text index
/// (PostgreSQL: the GIN-indexed <c>SearchVector</c>; SQLite: the FTS5 table <c>messages_fts</c>, see the
/// <c>MessageSearch</c> migrations); the filters narrow the same query, so the count and the page agree.
/// </summary>
public sealed class MessageSearch(TogetherDbContext db, ServerStateReader servers, MessageReader reader, TimeProvider time)
{
    /// <summary>
    /// Counting stops here: a word in most of a big server's messages would otherwise cost a count of them all, and
    /// <see cref="MessageSearchQuery.MaxOffset"/> keeps pages long before it anyway.
    /// </summary>
    public const int MaxCounted = 10_000;

    private const Permission Readable = Permission.ViewChannel | Permission.ReadMessageHistory;

    private static string? s_fts5Select;

    public async Task<MessageSearchResults> SearchAsync(ServerAccess access, MessageSearchQuery query, CancellationToken cancellationToken)
    {
        var channelIds = await ReadableChannelsAsync(access, cancellationToken);
        if (query.ChannelId is { } only)
        {
            // A channel the caller may not read looks like one without matches: its existence does not leak.
            channelIds = channelIds.Contains(only) ? [only] : [];
        }

        if (channelIds.Count == 0)
        {
            return new MessageSearchResults(0, []);
        }

        var matching = Filter(query.Terms is null ? db.Messages : Matching(query.Terms), access, query, channelIds);
        var total = await matching.Take(MaxCounted).CountAsync(cancellationToken);
        var page = total <= query.Offset
            ? []
            : await matching.Include(message => message.Author).OrderByDescending(message => message.Id)
                .Skip(query.Offset).Take(query.Limit).ToListAsync(cancellationToken);
        var messages = await reader.ToDtosAsync(page, access.UserId, cancellationToken);
        return new MessageSearchResults(total,
            messages.Select(message => new MessageSearchHit(message, query.Terms?.Highlight(message.Content) ?? [])).ToList());
    }

    private async Task<List<long>> ReadableChannelsAsync(ServerAccess access, CancellationToken cancellationToken)
    {
        var permissions = await servers.PermissionsAsync(access.ServerId, cancellationToken) ?? throw DomainException.NotFound("The server");
        var now = time.GetUtcNow();
        return permissions.Channels
            .Where(channel => channel.Type == ChannelType.Text && (permissions.ForChannel(access.Member, channel, now) & Readable) == Readable)
            .Select(channel => channel.Id).ToList();
    }

    /// <summary>The messages whose content holds every chunk of <paramref name="terms"/>, from the full-text index.</summary>
    private IQueryable<Message> Matching(SearchTerms terms) => db.Database.IsNpgsql()
        ? db.Messages.FromSql($"""SELECT * FROM messages WHERE "SearchVector" @@ plainto_tsquery('simple', {terms.Text})""")
        : db.Messages.FromSqlRaw(s_fts5Select ??= Fts5Select(db), terms.ToFts5Query());

    /// <summary>
    /// The matches with their id read from the FTS5 table's rowid, not from messages: then "newest first" is the
    /// index's own reverse order and a page costs its size, where ordering by messages.Id would sort every match
    /// (1.1 s against 13 ms for a word in each of 1 M messages). The other columns come from the model, so the
    /// statement follows it.
    /// </summary>
    private static string Fts5Select(TogetherDbContext db)
    {
        var columns = db.Model.FindEntityType(typeof(Message))!.GetProperties()
            .Select(property => property.GetColumnName())
            .Select(column => column == nameof(Message.Id) ? "messages_fts.rowid AS \"Id\"" : "m.\"" + column + "\"");
        return "SELECT " + string.Join(", ", columns)
            + " FROM messages_fts JOIN messages AS m ON m.\"Id\" = messages_fts.rowid WHERE messages_fts MATCH {0}";
    }

    private IQueryable<Message> Filter(IQueryable<Message> messages, ServerAccess access, MessageSearchQuery query, List<long> channelIds)
    {
        messages = messages.AsNoTracking().Where(message => channelIds.Contains(message.ChannelId) && message.DeletedAt == null);
        if (query.AuthorId is { } authorId)
        {
            messages = messages.Where(message => message.AuthorId == authorId);
        }

        if (query.Before is { } before)
        {
            messages = messages.Where(message => message.Id < before);
        }

        if (query.After is { } after)
        {
            messages = messages.Where(message => message.Id > after);
        }

        if (query.HasAttachment)
        {
            // Driven by the attachments' message index: messages with files are few among all.
            messages = messages.Where(message => db.Attachments.Where(attachment => attachment.MessageId != null)
                .Select(attachment => attachment.MessageId!.Value).Contains(message.Id));
        }

        if (query.MentionsMe)
        {
            // The caller by name or one of their roles (ids never collide); @everyone and @here are not "mentions me".
            List<long> targets = [access.UserId, .. access.Member.RoleIds];
            messages = messages.Where(message => db.Mentions.Where(mention => targets.Contains(mention.TargetId))
                .Select(mention => mention.MessageId).Contains(message.Id));
        }

        return messages;
    }
}
