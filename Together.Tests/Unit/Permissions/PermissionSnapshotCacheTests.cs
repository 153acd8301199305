using Together.Api.Permissions;

namespace Together.Tests.Unit.Permissions;

/// <summary>The cache's own rules: reuse until invalidated or old, and a load that races a change is not kept.</summary>
public sealed class PermissionSnapshotCacheTests
{
    private static readonly ServerSnapshot Before = new(1, 10, new Dictionary<long, RoleSnapshot>());
    private static readonly ServerSnapshot After = new(1, 11, new Dictionary<long, RoleSnapshot>());

    [Fact]
    public async Task An_entry_is_reused_until_invalidated()
    {
        var cache = new PermissionSnapshotCache(TimeProvider.System);
        var loads = 0;
        Task<ServerSnapshot?> Load() => Task.FromResult<ServerSnapshot?>(++loads == 1 ? Before : After);

        Assert.Same(Before, await cache.ServerAsync(1, Load));
        Assert.Same(Before, await cache.ServerAsync(1, Load));
        cache.Invalidate();
        Assert.Same(After, await cache.ServerAsync(1, Load));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task A_load_that_an_invalidation_overtakes_is_read_again_next_time()
    {
        var cache = new PermissionSnapshotCache(TimeProvider.System);
        var slowLoad = new TaskCompletionSource<ServerSnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loading = cache.ServerAsync(1, () => slowLoad.Task);

        // The change commits while the old rows are on their way back.
        cache.Invalidate();
        slowLoad.SetResult(Before);

        Assert.Same(Before, await loading);
        Assert.Same(After, await cache.ServerAsync(1, () => Task.FromResult<ServerSnapshot?>(After)));
    }

    [Fact]
    public async Task Absence_is_cached_like_presence_and_forgotten_alike()
    {
        var cache = new PermissionSnapshotCache(TimeProvider.System);
        var member = new MemberSnapshot(2, [], null);

        Assert.Null(await cache.MemberAsync(1, 2, () => Task.FromResult<MemberSnapshot?>(null)));
        Assert.Null(await cache.MemberAsync(1, 2, () => Task.FromResult<MemberSnapshot?>(member)));
        cache.Invalidate();
        Assert.Same(member, await cache.MemberAsync(1, 2, () => Task.FromResult<MemberSnapshot?>(member)));
    }

    [Fact]
    public async Task An_entry_older_than_MaxAge_is_read_again()
    {
        var time = new ManualTime();
        var cache = new PermissionSnapshotCache(time);
        await cache.ServerAsync(1, () => Task.FromResult<ServerSnapshot?>(Before));

        time.Advance(PermissionSnapshotCache.MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.Same(Before, await cache.ServerAsync(1, () => Task.FromResult<ServerSnapshot?>(After)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Same(After, await cache.ServerAsync(1, () => Task.FromResult<ServerSnapshot?>(After)));
    }

    /// <summary>A monotonic clock that moves only when told.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
