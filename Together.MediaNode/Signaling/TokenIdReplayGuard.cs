namespace Together.MediaNode.Signaling;

/// <summary>
/// Remembers each token id until its token expires, so a token is accepted once. Bounded: entries leave at expiry,
/// and a flood beyond <see cref="Capacity"/> live tokens is refused rather than growing memory without limit.
/// </summary>
public sealed class TokenIdReplayGuard(TimeProvider time, TimeSpan longestRemembered)
{
    public const int Capacity = 100_000;

    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public bool TryAdd(string tokenId, DateTimeOffset forgetAfter)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now >= _nextSweep || _expiries.Count >= Capacity)
            {
                Sweep(now);
            }

            if (_expiries.TryGetValue(tokenId, out var expiry) && expiry > now)
            {
                return false;
            }

            if (_expiries.Count >= Capacity)
            {
                return false;
            }

            _expiries[tokenId] = forgetAfter < now + longestRemembered ? forgetAfter : now + longestRemembered;
            return true;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, expiry) in _expiries)
        {
            if (expiry <= now)
            {
                _expiries.Remove(id);
            }
        }

        _nextSweep = now + TimeSpan.FromSeconds(10);
    }
}
