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

    /// <summary>
    /// Every live connection of a DM's or group DM's participants: joined on connect for each, changed at runtime
    /// through <c>PrivateChannelChanged</c> (see <see cref="PrivateChannelEventsConsumer"/>).
    /// </summary>
    public static string PrivateChannel(long channelId) => $"dm:{Snowflake.Format(channelId)}";

    /// <summary>Where a channel's events go: its server's group, or its participants' for a DM (no server).</summary>
    public static string Audience(long? serverId, long channelId) =>
        serverId is { } id ? Server(id) : PrivateChannel(channelId);
}
