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
        var (before, after) = tracker.Apply(context.Message);
        await TellOthersAsync(before, after, context.CancellationToken);
        tracker.Prune(after);
    }

    public async Task Consume(ConsumeContext<PresenceStatusChanged> context)
    {
        var (before, after) = tracker.Apply(context.Message);
        if (before.ForSelf != after.ForSelf)
        {
            dispatcher.Dispatch(GatewayGroups.User(after.UserId), GatewayEventTypes.PresenceUpdate, after.ForSelf);
        }

        await TellOthersAsync(before, after, context.CancellationToken);
    }

    private async Task TellOthersAsync(UserPresence before, UserPresence after, CancellationToken cancellationToken)
    {
        var payload = after.ForOthers;
        if (before.ForOthers == payload || !connections.Any)
        {
            return;
        }

        var serverIds = await db.Members.AsNoTracking().Where(member => member.UserId == after.UserId)
            .Select(member => member.ServerId).ToListAsync(cancellationToken);
        var told = new HashSet<GatewayConnection>();
        foreach (var serverId in serverIds)
        {
            foreach (var connection in connections.InGroup(GatewayGroups.Server(serverId)))
            {
                if (connection.UserId != after.UserId && told.Add(connection))
                {
                    dispatcher.Dispatch(connection, GatewayEventTypes.PresenceUpdate, payload);
                }
            }
        }
    }
}
