using System.Collections.Concurrent;

namespace Together.Api.Permissions;

/// <summary>
/// The rows <see cref="PermissionService"/> reads for every request (a server's owner and roles, a member's roles and
/// timeout, a channel's overwrites), kept between requests: without it they are 4–5 queries per message sent or page
/// read. Permissions are computed from them per request, so a timeout still ends on time.
/// </summary>
/// <remarks>
/// Correctness rests on <see cref="Invalidate"/>, called after any committed change that can alter a snapshot: by
/// <see cref="PermissionChangeInterceptor"/> for every tracked change of servers, members, their roles, roles,
/// overwrites, channels and deleted users, by the few bulk deletes of members, and on every replica by
/// <c>Gateway.PermissionCacheInvalidation</c> when such a change is announced. An entry loaded while a change
/// commits carries the generation from before it and is read again. <see cref="MaxAge"/> bounds what is left: a
/// change made outside any running process (the admin CLI) is seen within it.
/// </remarks>
public sealed class PermissionSnapshotCache(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>Past this many entries of one kind, the kind starts over rather than growing without bound.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<long, Entry<ServerSnapshot?>> _servers = new();
    private readonly ConcurrentDictionary<(long ServerId, long UserId), Entry<MemberSnapshot?>> _members = new();
    private readonly ConcurrentDictionary<long, Entry<CachedChannel?>> _channels = new();
    private long _generation;

    /// <summary>Forgets everything: whatever is read from now on comes from the database.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _servers.Clear();
        _members.Clear();
        _channels.Clear();
    }

    /// <summary>The server's owner and roles; null when it does not exist.</summary>
    public Task<ServerSnapshot?> ServerAsync(long serverId, Func<Task<ServerSnapshot?>> load) =>
        GetAsync(_servers, serverId, load);

    /// <summary>The user's membership of the server; null when they are not a member.</summary>
    public Task<MemberSnapshot?> MemberAsync(long serverId, long userId, Func<Task<MemberSnapshot?>> load) =>
        GetAsync(_members, (serverId, userId), load);

    /// <summary>The channel's server, kind and overwrites in force; null when it does not exist.</summary>
    public Task<CachedChannel?> ChannelAsync(long channelId, Func<Task<CachedChannel?>> load) =>
        GetAsync(_channels, channelId, load);

    private async Task<T> GetAsync<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> entries, TKey key, Func<Task<T>> load)
        where TKey : notnull
    {
        // Read before loading: a change committed while this loads makes the entry stale at once.
        var generation = Interlocked.Read(ref _generation);
        if (entries.TryGetValue(key, out var entry) && entry.Generation == generation
            && time.GetElapsedTime(entry.LoadedAt) < MaxAge)
        {
            return entry.Value;
        }

        var loadedAt = time.GetTimestamp();
        var value = await load();
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[key] = new Entry<T>(value, generation, loadedAt);
        return value;
    }

    private sealed record Entry<T>(T Value, long Generation, long LoadedAt);
}

/// <summary>A channel as permissions need it: the server it is in (null outside servers) and its snapshot.</summary>
public sealed record CachedChannel(long? ServerId, ChannelSnapshot Snapshot);
