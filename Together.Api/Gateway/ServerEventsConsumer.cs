using System.Collections.Frozen;
using MassTransit;
using Together.Api.Domain;
using Together.Api.Features.Servers;

namespace Together.Api.Gateway;

/// <summary>
/// Server events, on every replica, for the connections this replica holds.
/// <para>
/// <b>Membership at runtime.</b> Whoever adds or ends a membership (creating a server, joining, leaving, a kick or
/// a ban) publishes <see cref="ServerMembershipChanged"/> after the commit. Here, each replica moves that user's
/// live connections (found through their user group) into or out of <see cref="GatewayGroups.Server"/> and tells
/// them: SERVER_CREATE with what they may see, or SERVER_DELETE. Gateway events are consumed one at a time in
/// publish order, so an event published after the membership ended no longer reaches the user's connections, and
/// one published after it began does. <see cref="ServerDeleted"/> empties the group after SERVER_DELETE.
/// </para>
/// </summary>
public sealed class ServerEventsConsumer(
    GatewayConnections connections, GatewayDispatcher dispatcher, ServerStateReader reader, ChannelVisibility visibility)
    : IConsumer<ServerMembershipChanged>, IConsumer<ServerUpdated>, IConsumer<ServerDeleted>, IConsumer<ServerPermissionsChanged>
{
    public async Task Consume(ConsumeContext<ServerMembershipChanged> context)
    {
        var (serverId, userId, isMember) = context.Message;
        var group = GatewayGroups.Server(serverId);
        var own = connections.InGroup(GatewayGroups.User(userId));
        if (own.IsEmpty)
        {
            return;
        }

        if (!isMember)
        {
            foreach (var connection in own)
            {
                connections.Leave(connection, group);
                if (connection.VisibleChannels.TryRemove(serverId, out _))
                {
                    dispatcher.Dispatch(connection, GatewayEventTypes.ServerDelete, new ServerDeletePayload(Snowflake.Format(serverId)));
                }
            }

            return;
        }

        // Read now, not when published: a membership that has ended again meanwhile is not announced.
        if (await reader.ForMemberAsync(serverId, userId, context.CancellationToken) is not { } state)
        {
            return;
        }

        var channelIds = state.Channels.Select(channel => long.Parse(channel.Id, System.Globalization.CultureInfo.InvariantCulture))
            .ToFrozenSet();
        var shared = SerializedPayload.Of(state);
        foreach (var connection in own)
        {
            if (connection.VisibleChannels.ContainsKey(serverId))
            {
                continue;
            }

            connection.VisibleChannels[serverId] = channelIds;
            if (connections.Join(connection, group))
            {
                dispatcher.Dispatch(connection, GatewayEventTypes.ServerCreate, shared);
            }
        }
    }

    public Task Consume(ConsumeContext<ServerUpdated> context)
    {
        dispatcher.Dispatch(GatewayGroups.Server(context.Message.ServerId), GatewayEventTypes.ServerUpdate, context.Message.Server);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ServerDeleted> context)
    {
        var serverId = context.Message.ServerId;
        var group = GatewayGroups.Server(serverId);
        var payload = SerializedPayload.Of(new ServerDeletePayload(Snowflake.Format(serverId)));
        foreach (var connection in connections.InGroup(group))
        {
            connections.Leave(connection, group);
            connection.VisibleChannels.TryRemove(serverId, out _);
            dispatcher.Dispatch(connection, GatewayEventTypes.ServerDelete, payload);
        }

        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ServerPermissionsChanged> context) =>
        visibility.SyncAsync(context.Message.ServerId, [], context.CancellationToken);
}
