namespace Together.Api.Gateway;

/// <summary>The one path every server→client event takes: numbered per connection, queued, sent in order.</summary>
public sealed partial class GatewayDispatcher(GatewayConnections connections, ILogger<GatewayDispatcher> logger)
{
    /// <summary>To every connection of the group: the payload is serialised once per protocol (<see cref="SerializedPayload"/>).</summary>
    public void Dispatch(string group, string type, object data)
    {
        var shared = SerializedPayload.Of(data);
        foreach (var connection in connections.InGroup(group))
        {
            Dispatch(connection, type, shared);
        }
    }

    /// <summary>
    /// To one connection: for events whose audience is decided per connection (who may view a channel). A caller
    /// sending the same payload to several connections wraps it in <see cref="SerializedPayload"/> first.
    /// </summary>
    public void Dispatch(GatewayConnection connection, string type, object data)
    {
        if (!connection.Enqueue(type, data))
        {
            connections.Overflowed(connection);
            LogTooSlow(logger, connection.UserId, connection.SessionId, GatewayConnection.MaxQueuedEvents);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection of user {UserId} (session {SessionId}) closed: {MaxQueuedEvents} events waited unsent (or its resume buffer filled while it was away)")]
    private static partial void LogTooSlow(ILogger logger, long userId, long sessionId, int maxQueuedEvents);
}
