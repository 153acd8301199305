using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;

namespace Together.Api.Gateway;

/// <summary>
/// The gateway connections of this process and the groups the server put them in (<see cref="GatewayGroups"/>).
/// SignalR groups are not used for sending: a group send delivers one message to every member, while each
/// connection needs its own sequence number. Every replica consumes every gateway event (see the bus), so the
/// connections this process knows are exactly the ones it must serve.
/// </summary>
public sealed partial class GatewayConnections(
    IHubContext<GatewayHub, IGatewayClient> hub, ILogger<GatewayConnections> logger)
{
    private readonly ConcurrentDictionary<string, ImmutableHashSet<GatewayConnection>> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<GatewayConnection, ImmutableArray<string>> _groupsOf = new();

    /// <summary>Puts the connection in its groups and starts sending what it has queued.</summary>
    public void Add(GatewayConnection connection, params ImmutableArray<string> groups)
    {
        _groupsOf[connection] = groups;
        foreach (var group in groups)
        {
            _members.AddOrUpdate(group, _ => [connection], (_, members) => members.Add(connection));
        }

        _ = PumpAsync(connection);
    }

    /// <summary>Forgets the connection everywhere and ends its queue.</summary>
    public void Remove(GatewayConnection connection)
    {
        connection.Close();
        if (!_groupsOf.TryRemove(connection, out var groups))
        {
            return;
        }

        foreach (var group in groups)
        {
            RemoveFromGroup(connection, group);
        }
    }

    /// <summary>
    /// Puts a live connection in one more group (a server it has just become a member of). False when the connection
    /// has closed meanwhile. A close racing the join never leaves the closed connection in the group: whichever runs
    /// second sees the other's change and takes it out.
    /// </summary>
    public bool Join(GatewayConnection connection, string group)
    {
        while (_groupsOf.TryGetValue(connection, out var groups))
        {
            if (groups.Contains(group))
            {
                return true;
            }

            if (_groupsOf.TryUpdate(connection, groups.Add(group), groups))
            {
                _members.AddOrUpdate(group, _ => [connection], (_, members) => members.Add(connection));
                if (!_groupsOf.ContainsKey(connection))
                {
                    RemoveFromGroup(connection, group);
                    return false;
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Takes a connection out of one group (a server it is no longer a member of); from now on it gets none of its events.</summary>
    public void Leave(GatewayConnection connection, string group)
    {
        while (_groupsOf.TryGetValue(connection, out var groups) && groups.Contains(group)
               && !_groupsOf.TryUpdate(connection, groups.Remove(group), groups))
        {
        }

        RemoveFromGroup(connection, group);
    }

    private void RemoveFromGroup(GatewayConnection connection, string group)
    {
        var members = _members.AddOrUpdate(group, _ => [], (_, current) => current.Remove(connection));
        if (members.IsEmpty)
        {
            // Only if nobody joined meanwhile: a join replaces the set, and removal compares the very instance.
            _members.TryRemove(KeyValuePair.Create(group, members));
        }
    }

    public ImmutableHashSet<GatewayConnection> InGroup(string group) =>
        _members.TryGetValue(group, out var members) ? members : [];

    private async Task PumpAsync(GatewayConnection connection)
    {
        try
        {
            await connection.PumpAsync(hub.Clients.Client(connection.ConnectionId));
        }
        catch (Exception exception)
        {
            LogSendFailed(logger, exception, connection.UserId, connection.SessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to the gateway connection of user {UserId} (session {SessionId}) failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long userId, long sessionId);
}
