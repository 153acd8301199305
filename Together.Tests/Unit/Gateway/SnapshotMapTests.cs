using Together.Api.Gateway;

namespace Together.Tests.Unit.Gateway;

public sealed class SnapshotMapTests
{
    [Fact]
    public async Task Concurrent_changes_are_all_kept_and_a_key_is_removed_once()
    {
        var map = new SnapshotMap<long, string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() =>
        {
            for (var key = writer * 1000L; key < writer * 1000L + 500; key++)
            {
                Assert.True(map.TryAdd(key, "added"));
                map[key] = "set";
            }
        })));
        var removals = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => map.TryRemove(42, out var _))));

        Assert.Equal(4000 - 1, map.Keys.Count());
        Assert.Single(removals, removed => removed);
        Assert.False(map.ContainsKey(42));
        Assert.Equal("set", map[1499]);
        Assert.False(map.TryAdd(1499, "again"));
        Assert.True(map.TryGetValue(7000, out var value) && value == "set");
        Assert.Null(map.GetValueOrDefault(500));
    }
}
