using Together.Api.Domain;

namespace Together.Api.Gateway;

/// <summary>SignalR group names; the server alone decides who joins which.</summary>
public static class GatewayGroups
{
    public static string User(long userId) => $"user:{Snowflake.Format(userId)}";

    /// <summary>
    /// Every live connection of the server's members. Joined on connect for each membership; changed at runtime only
    /// through <c>ServerMembershipChanged</c> and <c>ServerDeleted</c> on the bus (see <see cref="ServerEventsConsumer"/>),
    /// so every replica moves its own connections.
    /// </summary>
    public static string Server(long serverId) => $"server:{Snowflake.Format(serverId)}";
}
