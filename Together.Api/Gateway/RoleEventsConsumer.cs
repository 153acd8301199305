using MassTransit;
using Together.Api.Domain;
using Together.Api.Features.Roles;

namespace Together.Api.Gateway;

/// <summary>
/// ROLE_CREATE/UPDATE/DELETE to the server's members, then the channel views they change: a role that gains or
/// loses VIEW_CHANNEL reveals or hides channels (<see cref="ChannelVisibility"/>).
/// </summary>
public sealed class RoleEventsConsumer(GatewayDispatcher dispatcher, ChannelVisibility visibility) : IConsumer<RolesChanged>
{
    public async Task Consume(ConsumeContext<RolesChanged> context)
    {
        var message = context.Message;
        var group = GatewayGroups.Server(message.ServerId);
        var serverId = Snowflake.Format(message.ServerId);
        foreach (var role in message.Created)
        {
            dispatcher.Dispatch(group, GatewayEventTypes.RoleCreate, new RolePayload(serverId, role));
        }

        foreach (var role in message.Updated)
        {
            dispatcher.Dispatch(group, GatewayEventTypes.RoleUpdate, new RolePayload(serverId, role));
        }

        foreach (var roleId in message.Deleted)
        {
            dispatcher.Dispatch(group, GatewayEventTypes.RoleDelete, new RoleDeletePayload(serverId, Snowflake.Format(roleId)));
        }

        await visibility.SyncAsync(message.ServerId, [], context.CancellationToken);
    }
}
