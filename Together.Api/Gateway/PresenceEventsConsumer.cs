using MassTransit;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Features.Presence;

namespace Together.Api.Gateway;

/// <summary>
/// PRESENCE_UPDATE, on every replica: applies the change to <see cref="PresenceTracker"/> and, when what others see
/// changed, tells the connections of every user who shares a server with the user; a chosen status also goes to
/// the user's own connections (their other devices). Each receiver gets one event, however many servers they share.
/// </summary>
public sealed class PresenceEventsConsumer(
    PresenceTracker tracker, GatewayConnections connections, GatewayDispatcher dispatcher, TogetherDbContext db)
    : IConsumer<PresenceConnectionChanged>, IConsumer<PresenceStatusChanged>
{
    public async Task Consume(ConsumeContext<PresenceConnectionChanged> context)
    {
        // The query comes first: should it fail, the change is not half applied.
        var serverIds = await ServersOfAsync(context.Message.UserId, context.CancellationToken);
        var (before, after) = tracker.Apply(context.Message);
        TellOthers(before, after, serverIds);
        tracker.Prune(after);
    }

    public async Task Consume(ConsumeContext<PresenceStatusChanged> context)
    {
        var serverIds = await ServersOfAsync(context.Message.UserId, context.CancellationToken);
        var (before, after) = tracker.Apply(context.Message);
        if (before.ForSelf != after.ForSelf)
        {
            dispatcher.Dispatch(GatewayGroups.User(after.UserId), GatewayEventTypes.PresenceUpdate, after.ForSelf);
        }

        TellOthers(before, after, serverIds);
    }

    /// <summary>The servers of the user, when this replica has any connection to tell; none otherwise.</summary>
    private async Task<List<long>> ServersOfAsync(long userId, CancellationToken cancellationToken) =>
        connections.Any
            ? await db.Members.AsNoTracking().Where(member => member.UserId == userId).Select(member => member.ServerId).ToListAsync(cancellationToken)
            : [];

    private void TellOthers(UserPresence before, UserPresence after, List<long> serverIds)
    {
        var payload = after.ForOthers;
        if (before.ForOthers == payload)
        {
            return;
        }

        var shared = SerializedPayload.Of(payload);
        var told = new HashSet<GatewayConnection>();
        foreach (var serverId in serverIds)
        {
            foreach (var connection in connections.InGroup(GatewayGroups.Server(serverId)))
            {
                if (connection.UserId != after.UserId && told.Add(connection))
                {
                    dispatcher.Dispatch(connection, GatewayEventTypes.PresenceUpdate, shared);
                }
            }
        }
    }
}
