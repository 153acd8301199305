using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Together.Api.Domain;

namespace Together.Api.Gateway;

/// <summary>
/// The gateway sessions of this process (<see cref="GatewayConnection"/>: connected, or waiting to be resumed) and
/// the groups the server put them in (<see cref="GatewayGroups"/>). SignalR groups are not used for sending: a group
/// send delivers one message to every member, while each session needs its own sequence number. Every replica
/// consumes every gateway event (see the bus), so the sessions this process knows are exactly the ones it must serve.
/// </summary>
public sealed partial class GatewayConnections(
    IHubContext<GatewayHub, IGatewayClient> hub, TimeProvider time, IOptions<GatewayOptions> options, ILogger<GatewayConnections> logger)
{
    private readonly ConcurrentDictionary<string, ImmutableHashSet<GatewayConnection>> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<GatewayConnection, Membership> _memberships = new();
    private readonly ConcurrentDictionary<long, GatewayConnection> _sessions = new();

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
        var expiry = time.CreateTimer(_ => End(connection, ErrorCodes.TokenExpired), null, UntilExpiry(tokenExpiresAt), Timeout.InfiniteTimeSpan);
        _memberships[connection] = new Membership(groups, new Lifetime(expiry));
        _sessions[connection.Id] = connection;
        foreach (var group in groups)
        {
            _members.AddOrUpdate(group, _ => [connection], (_, members) => members.Add(connection));
        }

        _ = PumpAsync(connection);
    }

    /// <summary>Forgets the session everywhere and frees its events.</summary>
    public void Remove(GatewayConnection connection)
    {
        connection.Close();
        Forget(connection);
    }

    /// <summary>
    /// The connection <paramref name="context"/> of the session closed. A session that may be resumed stays, in its
    /// groups and queuing, for <c>Gateway:ResumeTimeout</c>; then it is removed unless a connection took it over.
    /// </summary>
    public void Detach(GatewayConnection connection, HubCallerContext context)
    {
        if (!connection.Detach(context))
        {
            Remove(connection);
            return;
        }

        if (connection.IsDetached && _memberships.TryGetValue(connection, out var membership))
        {
            var retire = time.CreateTimer(_ => Retire(connection), null, options.Value.ResumeTimeout, Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref membership.Lifetime.Retire, retire)?.Dispose();
        }
    }

    /// <summary>
    /// <paramref name="current"/>'s connection (<paramref name="context"/>, whose token expires at
    /// <paramref name="tokenExpiresAt"/>) takes over the session <paramref name="sessionId"/> of the same user,
    /// which sends what the client missed after <paramref name="lastSeq"/>, then RESUMED; <paramref name="current"/>
    /// is let go. Null, and nothing changes, when that cannot be done exactly (docs/api.md, "Resuming").
    /// </summary>
    public GatewayConnection? Resume(
        GatewayConnection current, long sessionId, long lastSeq, HubCallerContext context, long authSessionId, DateTimeOffset tokenExpiresAt)
    {
        if (!_sessions.TryGetValue(sessionId, out var old) || ReferenceEquals(old, current) || old.UserId != current.UserId
            || !current.MayResumeAnother || !_memberships.TryGetValue(old, out var membership)
            || !old.TryResume(context, authSessionId, lastSeq, out var previous))
        {
            return null;
        }

        membership.Lifetime.Expiry.Change(UntilExpiry(tokenExpiresAt), Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref membership.Lifetime.Retire, null)?.Dispose();
        Remove(current);
        previous?.Abort();
        _ = PumpAsync(old);
        return old;
    }

    /// <summary>A session too far behind: one waiting to be resumed is let go, a connected one is disconnected (and then let go).</summary>
    public void Overflowed(GatewayConnection connection)
    {
        if (connection.IsDetached)
        {
            Remove(connection);
        }
        else
        {
            connection.AbortCurrent();
        }
    }

    /// <summary>Whether the user has a session on this process: connected, or waiting to be resumed.</summary>
    public bool HasSession(long userId) => !InGroup(GatewayGroups.User(userId)).IsEmpty;

    /// <summary>Whether this process has any session at all.</summary>
    public bool Any => !_memberships.IsEmpty;

    private void Retire(GatewayConnection connection)
    {
        if (connection.CloseIfDetached())
        {
            Forget(connection);
        }
    }

    private TimeSpan UntilExpiry(DateTimeOffset tokenExpiresAt)
    {
        var untilExpiry = tokenExpiresAt - time.GetUtcNow() + ExpiryMargin;
        return untilExpiry > TimeSpan.Zero ? untilExpiry : TimeSpan.Zero;
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

        _sessions.TryRemove(KeyValuePair.Create(connection.Id, connection));
        membership.Lifetime.Expiry.Dispose();
        Interlocked.Exchange(ref membership.Lifetime.Retire, null)?.Dispose();
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
            var generation = connection.Generation;
            if (connection.ConnectionId is { } connectionId)
            {
                await connection.PumpAsync(hub.Clients.Client(connectionId), generation);
            }
        }
        catch (Exception exception)
        {
            LogSendFailed(logger, exception, connection.UserId, connection.SessionId);
        }
    }

    private sealed record Membership(ImmutableArray<string> Groups, Lifetime Lifetime);

    /// <summary>The timers of a session: its token's expiry, and while it waits to be resumed, its end.</summary>
    private sealed class Lifetime(ITimer expiry)
    {
        public ITimer Expiry { get; } = expiry;

        public ITimer? Retire;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to the gateway connection of user {UserId} (session {SessionId}) failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long userId, long sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway connection of user {UserId} (session {SessionId}) closed by the server: {Code}")]
    private static partial void LogEnded(ILogger logger, long userId, long sessionId, string code);
}
