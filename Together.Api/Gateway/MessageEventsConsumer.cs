using MassTransit;
using Together.Api.Domain;
using Together.Api.Features.Messages;
using Together.Api.Features.Reactions;
using Together.Api.Features.ReadStates;

namespace Together.Api.Gateway;

/// <summary>
/// Messaging events to the connections that may view the channel now: a DM's participants (its own group), or those
/// in the server's group whose view of
/// the server (<see cref="GatewayConnection.VisibleChannels"/>, kept current by <see cref="ChannelVisibility"/> as
/// roles and overwrites change, in the same ordered stream) holds the channel. No database read per event, so a busy
/// channel costs a set lookup per connection. Read states go to the user's own connections.
/// </summary>
public sealed class MessageEventsConsumer(GatewayConnections connections, GatewayDispatcher dispatcher) :
    IConsumer<MessageCreated>,
    IConsumer<MessageUpdated>,
    IConsumer<MessageDeleted>,
    IConsumer<MessagesBulkDeleted>,
    IConsumer<ReactionAdded>,
    IConsumer<ReactionRemoved>,
    IConsumer<ReadStateUpdated>
{
    public Task Consume(ConsumeContext<MessageCreated> context) =>
        ToViewers(context.Message.ServerId, context.Message.ChannelId, MessageEventTypes.MessageCreate, context.Message.Message);

    public Task Consume(ConsumeContext<MessageUpdated> context) =>
        ToViewers(context.Message.ServerId, context.Message.ChannelId, MessageEventTypes.MessageUpdate, context.Message.Message);

    public Task Consume(ConsumeContext<MessageDeleted> context)
    {
        var (serverId, channelId, messageId) = context.Message;
        return ToViewers(serverId, channelId, MessageEventTypes.MessageDelete,
            new MessageDeletePayload(Snowflake.Format(messageId), Snowflake.Format(channelId), ServerIdText(serverId)));
    }

    public Task Consume(ConsumeContext<MessagesBulkDeleted> context)
    {
        var (serverId, channelId, messageIds) = context.Message;
        return ToViewers(serverId, channelId, MessageEventTypes.MessageDeleteBulk,
            new MessageDeleteBulkPayload(messageIds.Select(Snowflake.Format).ToList(), Snowflake.Format(channelId),
                ServerIdText(serverId)));
    }

    public Task Consume(ConsumeContext<ReactionAdded> context)
    {
        var (serverId, channelId, messageId, userId, emoji) = context.Message;
        return ToViewers(serverId, channelId, MessageEventTypes.ReactionAdd, Reaction(serverId, channelId, messageId, userId, emoji));
    }

    public Task Consume(ConsumeContext<ReactionRemoved> context)
    {
        var (serverId, channelId, messageId, userId, emoji) = context.Message;
        return ToViewers(serverId, channelId, MessageEventTypes.ReactionRemove, Reaction(serverId, channelId, messageId, userId, emoji));
    }

    public Task Consume(ConsumeContext<ReadStateUpdated> context)
    {
        dispatcher.Dispatch(GatewayGroups.User(context.Message.UserId), MessageEventTypes.ReadStateUpdate, context.Message.State);
        return Task.CompletedTask;
    }

    private Task ToViewers(long? serverId, long channelId, string type, object data)
    {
        var shared = SerializedPayload.Of(data);
        foreach (var connection in connections.InGroup(GatewayGroups.Audience(serverId, channelId)))
        {
            if (connection.CanView(serverId, channelId))
            {
                dispatcher.Dispatch(connection, type, shared);
            }
        }

        return Task.CompletedTask;
    }

    private static ReactionPayload Reaction(long? serverId, long channelId, long messageId, long userId, string emoji) =>
        new(Snowflake.Format(userId), Snowflake.Format(channelId), Snowflake.Format(messageId), ServerIdText(serverId), emoji);

    /// <summary>A DM's events carry no server.</summary>
    private static string? ServerIdText(long? serverId) => serverId is { } id ? Snowflake.Format(id) : null;
}
