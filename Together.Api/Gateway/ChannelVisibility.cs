using System.Collections.Frozen;
using Together.Api.Domain;
using Together.Api.Features.Channels;
using Together.Api.Features.Servers;

namespace Together.Api.Gateway;

/// <summary>
/// Channel events go only to connections whose user may view the channel at dispatch time. For each connection in
/// the server's group this compares the channels it was last told about with what the calculator says it may view
/// now: newly viewable channels (created, or revealed by a permission change) are sent as CHANNEL_CREATE, channels
/// it may no longer view (deleted, or hidden) as CHANNEL_DELETE, and <c>updated</c> channels it still views as
/// CHANNEL_UPDATE. Comparing with the current state, rather than trusting each event's idea of it, makes a late or
/// repeated event harmless and catches every cause of a change (overwrites, roles, a member's roles, a new category).
/// </summary>
public sealed class ChannelVisibility(
    GatewayConnections connections, GatewayDispatcher dispatcher, ServerStateReader reader, TimeProvider time)
{
    public async Task SyncAsync(long serverId, IReadOnlyCollection<long> updated, CancellationToken cancellationToken)
    {
        var audience = connections.InGroup(GatewayGroups.Server(serverId));
        if (audience.IsEmpty
            || await reader.PermissionsAsync(serverId, cancellationToken) is not { } permissions)
        {
            // A deleted server is announced by its own event.
            return;
        }

        var members = await reader.MembersAsync(serverId, audience.Select(connection => connection.UserId).Distinct().ToList(),
            cancellationToken);
        var now = time.GetUtcNow();
        foreach (var connection in audience)
        {
            if (!members.TryGetValue(connection.UserId, out var member))
            {
                // The membership is ending: its own event takes the connection out of the group.
                continue;
            }

            var before = connection.VisibleChannels.GetValueOrDefault(serverId) ?? FrozenSet<long>.Empty;
            var visible = permissions.Visible(member, now).ToList();
            foreach (var channel in visible)
            {
                var type = !before.Contains(channel.Id) ? GatewayEventTypes.ChannelCreate
                    : updated.Contains(channel.Id) ? GatewayEventTypes.ChannelUpdate
                    : null;
                if (type is not null)
                {
                    dispatcher.Dispatch(connection, type, channel.ToDto(permissions.EffectiveOverwrites(channel)));
                }
            }

            var viewable = visible.Select(channel => channel.Id).ToFrozenSet();
            foreach (var gone in before.Where(id => !viewable.Contains(id)).Order())
            {
                dispatcher.Dispatch(connection, GatewayEventTypes.ChannelDelete,
                    new ChannelDeletePayload(Snowflake.Format(gone), Snowflake.Format(serverId)));
            }

            connection.VisibleChannels[serverId] = viewable;
        }
    }
}
