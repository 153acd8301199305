using Together.Api.Features.Presence;

namespace Together.Api.Gateway;

/// <summary>Online members are the distinct users with a connection in the server's group on this replica.</summary>
public sealed class GatewayOnlineMembers(GatewayConnections connections) : IOnlineMembers
{
    public int CountOnline(long serverId) =>
        connections.InGroup(GatewayGroups.Server(serverId)).Select(connection => connection.UserId).Distinct().Count();
}
