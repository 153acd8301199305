using System.Collections.Concurrent;

namespace Together.Api.Infrastructure.RateLimiting;

/// <summary>
/// Counts per key in fixed windows that start at a key's first count: past <see cref="RateLimitRule.PermitLimit"/>
/// the key is blocked until its window ends. The one counting mechanism of our own limits: actions
/// (<see cref="TryAcquire"/>, every attempt counts) and password failures (<see cref="RecordFailure"/>, only
/// failures count, successes are free). Per process, like ASP.NET's limiter.
/// </summary>
public sealed class FixedWindows(RateLimitRule rule, TimeProvider time)
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

    /// <summary>Counts one, whatever the count already is.</summary>
    public void RecordFailure(string key) => Count(key, refuseAtLimit: false);

    /// <summary>Counts one unless the key's window is full; says how many remain and when the window ends.</summary>
    public WindowCount TryAcquire(string key) => Count(key, refuseAtLimit: true);

    public void Reset(string key) => _windows.TryRemove(key, out _);

    private WindowCount Count(string key, bool refuseAtLimit)
    {
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(key, static (_, start) => new Window { Start = start }, now);
        WindowCount result;
        lock (window)
        {
            if (now - window.Start >= rule.Window)
            {
                window.Start = now;
                window.Count = 0;
            }

            var acquired = !refuseAtLimit || window.Count < rule.PermitLimit;
            if (acquired)
            {
                window.Count++;
            }

            result = new WindowCount(acquired, rule.PermitLimit, Math.Max(0, rule.PermitLimit - window.Count), window.Start + rule.Window);
        }

        if (_windows.Count > PruneAbove)
        {
            Prune(now);
        }

        return result;
    }

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

/// <summary>One count's outcome: whether it was allowed, how many of <see cref="Limit"/> remain, when the window ends.</summary>
public readonly record struct WindowCount(bool Acquired, int Limit, int Remaining, DateTimeOffset ResetAt);
