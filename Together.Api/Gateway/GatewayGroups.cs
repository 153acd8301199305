using Together.Api.Domain;

namespace Together.Api.Gateway;

/// <summary>SignalR group names; the server alone decides who joins which.</summary>
public static class GatewayGroups
{
    public static string User(long userId) => $"user:{Snowflake.Format(userId)}";
}
