using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Together.Api.Gateway;

/// <summary>
/// A map a connection keeps for its whole life, read on every dispatch and changed rarely: an immutable snapshot
/// swapped atomically, so reads take no lock. Empty, it is one small object where a ConcurrentDictionary holds
/// about half a KiB of bucket and lock arrays, which every idle connection would pay.
/// </summary>
public sealed class SnapshotMap<TKey, TValue> where TKey : notnull
{
    private ImmutableDictionary<TKey, TValue> _items = ImmutableDictionary<TKey, TValue>.Empty;

    public IEnumerable<TKey> Keys => Volatile.Read(ref _items).Keys;

    public TValue this[TKey key]
    {
        get => Volatile.Read(ref _items)[key];
        set => ImmutableInterlocked.AddOrUpdate(ref _items, key, value, (_, _) => value);
    }

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => Volatile.Read(ref _items).TryGetValue(key, out value);

    public bool ContainsKey(TKey key) => Volatile.Read(ref _items).ContainsKey(key);

    public TValue? GetValueOrDefault(TKey key) => Volatile.Read(ref _items).GetValueOrDefault(key);

    public bool TryAdd(TKey key, TValue value) => ImmutableInterlocked.TryAdd(ref _items, key, value);

    public bool TryRemove(TKey key, [MaybeNullWhen(false)] out TValue value) => ImmutableInterlocked.TryRemove(ref _items, key, out value);
}
