using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Together.Api.Domain;

namespace Together.Api.Gateway;

/// <summary>
/// The gateway connections of this process and the groups the server put them in (<see cref="GatewayGroups"/>).
/// SignalR groups are not used for sending: a group send delivers one message to every member, while each
/// connection needs its own sequence number. Every replica consumes every gateway event (see the bus), so the
/// connections this process knows are exactly the ones it must serve.
/// </summary>
public sealed partial class GatewayConnections(
    IHubContext<GatewayHub, IGatewayClient> hub, TimeProvider time, ILogger<GatewayConnections> logger)
{
    private readonly ConcurrentDictionary<string, ImmutableHashSet<GatewayConnection>> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<GatewayConnection, Membership> _memberships = new();

    /// <summary>
    /// Timers count whole milliseconds on the monotonic clock, tokens expire on the wall clock: end a connection a
    /// moment after its token's expiry, never a moment before.
    /// </summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Puts the connection in its groups and starts sending what it has queued. The connection is ended when its
    /// access token expires (<paramref name="tokenExpiresAt"/>): one timer each, so nothing scans the connections.
    /// </summary>
    public void Add(GatewayConnection connection, DateTimeOffset tokenExpiresAt, params ImmutableArray<string> groups)
    {
        // Should it fire before the connection is registered (a token within its clock skew), the connection still
        // ends: it takes no more events, and the disconnect that follows unregisters it.
        var untilExpiry = tokenExpiresAt - time.GetUtcNow() + ExpiryMargin;
        var expiry = time.CreateTimer(_ => End(connection, ErrorCodes.TokenExpired), null,
            untilExpiry > TimeSpan.Zero ? untilExpiry : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        _memberships[connection] = new Membership(groups, expiry);
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
        Forget(connection);
    }

    /// <summary>
    /// Closes the connection from the server's side with <paramref name="code"/> as the reason. It leaves its groups
    /// after it stopped taking events, so no dispatch reaches it afterwards, wherever that dispatch stood.
    /// </summary>
    public void End(GatewayConnection connection, string code)
    {
        connection.End(code);
        Forget(connection);
        LogEnded(logger, connection.UserId, connection.SessionId, code);
    }

    /// <summary>Ends this process's connections of the given sessions of the user.</summary>
    public void EndSessions(long userId, IReadOnlySet<long> sessionIds, string code)
    {
        foreach (var connection in InGroup(GatewayGroups.User(userId)))
        {
            if (sessionIds.Contains(connection.SessionId))
            {
                End(connection, code);
            }
        }
    }

    public ImmutableHashSet<GatewayConnection> InGroup(string group) =>
        _members.TryGetValue(group, out var members) ? members : [];

    private void Forget(GatewayConnection connection)
    {
        if (!_memberships.TryRemove(connection, out var membership))
        {
            return;
        }

        membership.Expiry.Dispose();
        foreach (var group in membership.Groups)
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
        while (_memberships.TryGetValue(connection, out var membership))
        {
            if (membership.Groups.Contains(group))
            {
                return true;
            }

            if (_memberships.TryUpdate(connection, membership with { Groups = membership.Groups.Add(group) }, membership))
            {
                _members.AddOrUpdate(group, _ => [connection], (_, members) => members.Add(connection));
                if (!_memberships.ContainsKey(connection))
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
        while (_memberships.TryGetValue(connection, out var membership) && membership.Groups.Contains(group)
               && !_memberships.TryUpdate(connection, membership with { Groups = membership.Groups.Remove(group) }, membership))
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

    private sealed record Membership(ImmutableArray<string> Groups, ITimer Expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to the gateway connection of user {UserId} (session {SessionId}) failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long userId, long sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway connection of user {UserId} (session {SessionId}) closed by the server: {Code}")]
    private static partial void LogEnded(ILogger logger, long userId, long sessionId, string code);
}
