using MassTransit;
using Together.Api.Features.Members;

namespace Together.Api.Features.Messages;

/// <summary>
/// Applies a ban's <c>deleteMessageSeconds</c>: the banned user's messages of that window, in every channel of the
/// server, are deleted, and each channel hears MESSAGE_DELETE_BULK. One replica does it (a shared queue); running
/// it twice deletes nothing more.
/// </summary>
public sealed partial class MemberBannedConsumer(MessageService messages, ILogger<MemberBannedConsumer> logger)
    : IConsumer<MemberBanned>
{
    public async Task Consume(ConsumeContext<MemberBanned> context)
    {
        var ban = context.Message;
        if (ban.DeleteMessageSeconds <= 0)
        {
            return;
        }

        var since = ban.BannedAt - TimeSpan.FromSeconds(ban.DeleteMessageSeconds);
        var deleted = await messages.DeleteRecentByAuthorAsync(ban.ServerId, ban.UserId, since, context.CancellationToken);
        foreach (var (channelId, messageIds) in deleted)
        {
            await context.Publish(new MessagesBulkDeleted(ban.ServerId, channelId, messageIds), CancellationToken.None);
        }

        var count = deleted.Values.Sum(ids => ids.Count);
        LogDeleted(logger, count, ban.UserId, ban.ServerId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} recent message(s) of user {UserId}, banned from server {ServerId}")]
    private static partial void LogDeleted(ILogger logger, int count, long userId, long serverId);
}
