using System.Collections.Concurrent;
using System.Collections.Immutable;
using MassTransit;
using Microsoft.Extensions.Options;
using Together.Api.Domain;
using Together.Api.Features.Presence;

namespace Together.Api.Gateway;

/// <summary>
/// Presence across replicas. Each replica counts its own connections per user and announces on the bus when a
/// user's first one opens and when the last one has been closed for <c>Gateway:OfflineGrace</c>
/// (<see cref="PresenceConnectionChanged"/>); chosen statuses travel as <see cref="PresenceStatusChanged"/>. Every
/// replica applies both (<see cref="PresenceEventsConsumer"/>), so each knows, per user, on which replicas they are
/// connected and what they chose: a user is online while any replica holds a connection of theirs. What a user chose
/// is kept in memory while the process runs (a replica started later learns it when it next changes), and a replica
/// that dies without closing its connections leaves its users online on the others until they reconnect and leave.
/// </summary>
public sealed partial class PresenceTracker(
    IBus bus, GatewayConnections connections, TimeProvider time, IOptions<GatewayOptions> options, ILogger<PresenceTracker> logger)
    : IOnlineMembers
{
    private readonly Guid _replica = Guid.NewGuid();
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Local> _local = [];
    private readonly ConcurrentDictionary<long, UserPresence> _users = new();
    private long _version;

    /// <summary>A connection of the user opened on this replica.</summary>
    public void Connected(long userId)
    {
        PresenceConnectionChanged? announcement = null;
        lock (_lock)
        {
            if (!_local.TryGetValue(userId, out var local))
            {
                _local[userId] = local = new Local();
                announcement = new PresenceConnectionChanged(userId, _replica, true, ++_version);
            }

            local.Connections++;
            local.Grace?.Dispose();
            local.Grace = null;
        }

        Announce(announcement);
    }

    /// <summary>A connection of the user closed on this replica; true when it was their last one here.</summary>
    public bool Disconnected(long userId)
    {
        PresenceConnectionChanged? announcement = null;
        lock (_lock)
        {
            if (!_local.TryGetValue(userId, out var local) || --local.Connections > 0)
            {
                return false;
            }

            if (options.Value.OfflineGrace <= TimeSpan.Zero)
            {
                _local.Remove(userId);
                announcement = new PresenceConnectionChanged(userId, _replica, false, ++_version);
            }
            else
            {
                var grace = ++local.Graces;
                local.Grace = time.CreateTimer(_ => GraceEnded(userId, local, grace), null, options.Value.OfflineGrace, Timeout.InfiniteTimeSpan);
            }
        }

        Announce(announcement);
        return true;
    }

    /// <summary>Applies a replica's announcement; returns the user's presence before and after.</summary>
    public (UserPresence Before, UserPresence After) Apply(PresenceConnectionChanged change)
    {
        var before = Get(change.UserId);
        if (before.Replicas.TryGetValue(change.ReplicaId, out var known) && known.Version > change.Version)
        {
            return (before, before);
        }

        var after = before with { Replicas = before.Replicas.SetItem(change.ReplicaId, new ReplicaState(change.Online, change.Version)) };
        _users[change.UserId] = after;
        return (before, after);
    }

    /// <summary>Forgets users offline everywhere with nothing chosen: all that is kept of them is the default.</summary>
    public void Prune(UserPresence user)
    {
        if (!user.IsConnected && user is { Status: PresenceStatus.Online, CustomStatus: null })
        {
            _users.TryRemove(KeyValuePair.Create(user.UserId, user));
        }
    }

    /// <summary>Applies a chosen status; returns the user's presence before and after.</summary>
    public (UserPresence Before, UserPresence After) Apply(PresenceStatusChanged change)
    {
        var before = Get(change.UserId);
        var after = before with { Status = change.Status, CustomStatus = change.CustomStatus };
        _users[change.UserId] = after;
        return (before, after);
    }

    public UserPresence Get(long userId) => _users.GetValueOrDefault(userId) ?? UserPresence.Default(userId);

    /// <summary>
    /// The user's presence as others see it now. A connection of this replica counts at once, before its
    /// announcement has come back from the bus, so what this replica answers never lags its own connections.
    /// </summary>
    public PresenceDto ForOthers(long userId)
    {
        var user = Get(userId);
        bool local;
        lock (_lock)
        {
            local = _local.ContainsKey(userId);
        }

        return user.SeenByOthers(local || user.IsConnected);
    }

    /// <summary>The users others may see online now (any status but offline), as far as this replica knows.</summary>
    public IReadOnlyList<long> VisiblyOnline()
    {
        List<long> local;
        lock (_lock)
        {
            local = [.. _local.Keys];
        }

        return _users.Keys.Concat(local).Distinct().Where(userId => StatusOf(userId) != PresenceStatus.Offline).ToList();
    }

    public int CountOnline(long serverId) =>
        connections.InGroup(GatewayGroups.Server(serverId)).Select(connection => connection.UserId).Distinct()
            .Count(userId => StatusOf(userId) != PresenceStatus.Offline);

    public string StatusOf(long userId) => ForOthers(userId).Status;

    /// <summary>A grace ran out: offline unless a connection came back, or this is an older grace's timer firing late.</summary>
    private void GraceEnded(long userId, Local local, int grace)
    {
        PresenceConnectionChanged announcement;
        lock (_lock)
        {
            if (local.Connections > 0 || local.Graces != grace || !_local.TryGetValue(userId, out var current) || current != local)
            {
                return;
            }

            local.Grace?.Dispose();
            _local.Remove(userId);
            announcement = new PresenceConnectionChanged(userId, _replica, false, ++_version);
        }

        Announce(announcement);
    }

    private void Announce(PresenceConnectionChanged? announcement)
    {
        if (announcement is not null)
        {
            _ = PublishAsync(announcement);
        }
    }

    private async Task PublishAsync(PresenceConnectionChanged announcement)
    {
        try
        {
            await bus.Publish(announcement);
        }
        catch (Exception exception)
        {
            LogPublishFailed(logger, exception, announcement.UserId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing the presence of user {UserId} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long userId);

    private sealed class Local
    {
        public int Connections;

        public ITimer? Grace;

        /// <summary>Graces begun, so a timer disposed too late to stop its callback is recognised.</summary>
        public int Graces;
    }
}

public sealed record ReplicaState(bool Online, long Version);

/// <summary>What a replica knows of a user's presence: where they are connected, and what they chose.</summary>
public sealed record UserPresence(long UserId, ImmutableDictionary<Guid, ReplicaState> Replicas, string Status, CustomStatus? CustomStatus)
{
    public static UserPresence Default(long userId) => new(userId, ImmutableDictionary<Guid, ReplicaState>.Empty, PresenceStatus.Online, null);

    public bool IsConnected => Replicas.Values.Any(replica => replica.Online);

    /// <summary>As others see it: offline when not connected or invisible, and then without custom status.</summary>
    public PresenceDto ForOthers => SeenByOthers(IsConnected);

    public PresenceDto SeenByOthers(bool connected) => connected && Status != PresenceStatus.Invisible
        ? new PresenceDto(Snowflake.Format(UserId), Status, CustomStatus)
        : new PresenceDto(Snowflake.Format(UserId), PresenceStatus.Offline, null);

    /// <summary>As the user's own connections see it: what they chose.</summary>
    public PresenceDto ForSelf => new(Snowflake.Format(UserId), Status, CustomStatus);
}
