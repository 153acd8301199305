using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Servers;

namespace Together.Api.Features.ReadStates;

/// <summary>
/// How far each user has read each channel, and their unread mentions there. Both writes are single upserts
/// (<c>INSERT … ON CONFLICT DO UPDATE</c>, the same SQL on SQLite and PostgreSQL), so concurrent sends and acks
/// never lose a count or fail on a row another request created first.
/// </summary>
public sealed class ReadStateService(TogetherDbContext db, ServerStateReader servers)
{
    /// <summary>Rows per statement: two parameters each, far below either provider's limit.</summary>
    private const int UpsertBatch = 200;

    /// <summary>Raises the mention count of each user in the channel by one; part of the caller's transaction.</summary>
    public async Task RaiseMentionCountsAsync(long channelId, IReadOnlyList<long> userIds, CancellationToken cancellationToken)
    {
        foreach (var batch in userIds.Chunk(UpsertBatch))
        {
            var sql = new StringBuilder("INSERT INTO read_states (\"UserId\", \"ChannelId\", \"LastReadMessageId\", \"MentionCount\") VALUES ");
            var parameters = new object[batch.Length + 1];
            parameters[0] = channelId;
            for (var index = 0; index < batch.Length; index++)
            {
                sql.Append(index == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({{{index + 1}}}, {{0}}, 0, 1)");
                parameters[index + 1] = batch[index];
            }

            sql.Append(" ON CONFLICT (\"UserId\", \"ChannelId\") DO UPDATE SET \"MentionCount\" = read_states.\"MentionCount\" + 1");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }
    }

    /// <summary>
    /// Marks the channel read up to <paramref name="messageId"/> (a message of the channel, deleted or not; an older
    /// one marks later messages unread again) and clears the user's unread mentions there.
    /// </summary>
    public async Task<ReadStateDto> AckAsync(long userId, long channelId, long messageId, CancellationToken cancellationToken)
    {
        if (!await db.Messages.AnyAsync(message => message.Id == messageId && message.ChannelId == channelId, cancellationToken))
        {
            throw DomainException.NotFound("The message");
        }

        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO read_states (\"UserId\", \"ChannelId\", \"LastReadMessageId\", \"MentionCount\") VALUES ({0}, {1}, {2}, 0) "
            + "ON CONFLICT (\"UserId\", \"ChannelId\") DO UPDATE SET \"LastReadMessageId\" = excluded.\"LastReadMessageId\", \"MentionCount\" = 0",
            [userId, channelId, messageId], cancellationToken);
        var lastMessageId = await db.Channels.AsNoTracking().Where(channel => channel.Id == channelId)
            .Select(channel => channel.LastMessageId).SingleAsync(cancellationToken);
        return new ReadStateDto(Snowflake.Format(channelId), Snowflake.Format(messageId), 0,
            lastMessageId is { } last ? Snowflake.Format(last) : null, lastMessageId > messageId);
    }

    /// <summary>Every text channel the user may view in their servers, and their DMs, with how far they read it.</summary>
    public async Task<IReadOnlyList<ReadStateDto>> ForUserAsync(long userId, CancellationToken cancellationToken) =>
        await ForServersAsync(userId, await servers.ForUserAsync(userId, cancellationToken), cancellationToken);

    /// <summary>
    /// The same for servers already read as the user sees them (READY has them), so they are not read twice and the
    /// read states cover exactly the channels READY lists; the user's DMs and group DMs are added.
    /// </summary>
    public async Task<IReadOnlyList<ReadStateDto>> ForServersAsync(
        long userId, IReadOnlyList<ServerStateDto> memberships, CancellationToken cancellationToken)
    {
        var visible = memberships
            .SelectMany(server => server.Channels)
            .Where(channel => channel.Type == "text")
            .Select(channel => long.Parse(channel.Id, CultureInfo.InvariantCulture))
            .ToList();
        visible.AddRange(await db.ChannelRecipients.AsNoTracking().Where(recipient => recipient.UserId == userId)
            .Select(recipient => recipient.ChannelId).ToListAsync(cancellationToken));
        var channels = await db.Channels.AsNoTracking().Where(channel => visible.Contains(channel.Id))
            .Select(channel => new { channel.Id, channel.LastMessageId }).ToDictionaryAsync(channel => channel.Id, cancellationToken);
        var states = await db.ReadStates.AsNoTracking()
            .Where(state => state.UserId == userId && visible.Contains(state.ChannelId))
            .ToDictionaryAsync(state => state.ChannelId, cancellationToken);
        return visible.Where(channels.ContainsKey).Select(channelId =>
        {
            var lastMessageId = channels[channelId].LastMessageId;
            var state = states.GetValueOrDefault(channelId);
            var lastRead = state?.LastReadMessageId ?? 0;
            return new ReadStateDto(Snowflake.Format(channelId), lastRead == 0 ? null : Snowflake.Format(lastRead),
                state?.MentionCount ?? 0, lastMessageId is { } last ? Snowflake.Format(last) : null, lastMessageId > lastRead);
        }).ToList();
    }
}
