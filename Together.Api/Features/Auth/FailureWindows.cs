using System.Collections.Concurrent;

namespace Together.Api.Features.Auth;

/// <summary>
/// Counts failures per key in fixed windows that start at a key's first failure: past <see cref="RateLimitRule.PermitLimit"/>
/// failures the key is blocked until its window ends. Unlike a token bucket, successes cost nothing.
/// </summary>
internal sealed class FailureWindows(RateLimitRule rule, TimeProvider time)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public RateLimitRule Rule => rule;

    /// <summary>How long <paramref name="key"/> stays blocked, or null when it may try.</summary>
    public TimeSpan? BlockedFor(string key)
    {
        if (!_windows.TryGetValue(key, out var window))
        {
            return null;
        }

        lock (window)
        {
            var left = window.Start + rule.Window - time.GetUtcNow();
            return window.Count >= rule.PermitLimit && left > TimeSpan.Zero ? left : null;
        }
    }

    public void RecordFailure(string key)
    {
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(key, static (_, start) => new Window { Start = start }, now);
        lock (window)
        {
            if (now - window.Start >= rule.Window)
            {
                window.Start = now;
                window.Count = 0;
            }

            window.Count++;
        }

        if (_windows.Count > PruneAbove)
        {
            Prune(now);
        }
    }

    public void Reset(string key) => _windows.TryRemove(key, out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
        {
            if (now - window.Start >= rule.Window)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Count { get; set; }
    }
}
