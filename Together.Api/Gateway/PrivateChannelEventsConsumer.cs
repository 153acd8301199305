using System.Globalization;
using MassTransit;
using Together.Api.Domain;
using Together.Api.Features.DirectMessages;
using Together.Api.Features.NotificationSettings;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>
/// DMs and group DMs at runtime, on every replica for the connections it holds: a participant's live connections
/// join the channel's group (<see cref="GatewayGroups.PrivateChannel"/>) and get CHANNEL_CREATE the first time,
/// CHANNEL_UPDATE afterwards; a removed participant's leave it after CHANNEL_DELETE. Gateway events are consumed in
/// publish order, so a DM's first MESSAGE_CREATE finds its participants already in the group. Also a user's
/// notification settings, to all their connections.
/// </summary>
public sealed class PrivateChannelEventsConsumer(GatewayConnections connections, GatewayDispatcher dispatcher) :
    IConsumer<PrivateChannelChanged>,
    IConsumer<NotificationSettingUpdated>
{
    public const string NotificationSettingsUpdate = "NOTIFICATION_SETTINGS_UPDATE";

    public Task Consume(ConsumeContext<PrivateChannelChanged> context)
    {
        var (channelId, channel, removedUserIds) = context.Message;
        var group = GatewayGroups.PrivateChannel(channelId);
        foreach (var userId in removedUserIds)
        {
            foreach (var connection in connections.InGroup(GatewayGroups.User(userId)))
            {
                if (connection.PrivateChannels.TryRemove(channelId, out _))
                {
                    connections.Leave(connection, group);
                    dispatcher.Dispatch(connection, GatewayEventTypes.ChannelDelete,
                        new PrivateChannelDeletePayload(Snowflake.Format(channelId)));
                }
            }
        }

        if (channel is null)
        {
            return Task.CompletedTask;
        }

        var shared = SerializedPayload.Of(channel);
        foreach (var recipient in channel.Recipients)
        {
            foreach (var connection in connections.InGroup(GatewayGroups.User(long.Parse(recipient.Id, CultureInfo.InvariantCulture))))
            {
                if (!connection.PrivateChannels.TryAdd(channelId, true))
                {
                    dispatcher.Dispatch(connection, GatewayEventTypes.ChannelUpdate, shared);
                }
                else if (connections.Join(connection, group))
                {
                    dispatcher.Dispatch(connection, GatewayEventTypes.ChannelCreate, shared);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<NotificationSettingUpdated> context)
    {
        dispatcher.Dispatch(GatewayGroups.User(context.Message.UserId), NotificationSettingsUpdate, context.Message.Setting);
        return Task.CompletedTask;
    }
}

/// <summary>CHANNEL_DELETE of a DM or group DM: only its id (it has no server).</summary>
[MessagePackObject]
public sealed record PrivateChannelDeletePayload([property: MessagePackKey("id")] string Id);
