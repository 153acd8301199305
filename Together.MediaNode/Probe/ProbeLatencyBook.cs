using System.Collections.Concurrent;

namespace Together.MediaNode.Probe;

/// <summary>
/// When each Opus payload left its sender. The SFU forwards payloads byte for byte, so a receiver in the same
/// process finds the send time by the payload alone: exact latency, unaffected by SSRC/sequence/timestamp rewriting.
/// </summary>
public sealed class ProbeLatencyBook
{
    private const int Capacity = 200_000;
    private readonly ConcurrentDictionary<ulong, long> _sent = new();

    public void Record(ReadOnlySpan<byte> payload, long timestamp)
    {
        if (_sent.Count >= Capacity)
        {
            _sent.Clear();
        }

        _sent.TryAdd(Hash(payload), timestamp);
    }

    public bool TryFind(ReadOnlySpan<byte> payload, out long sentAt) => _sent.TryGetValue(Hash(payload), out sentAt);

    /// <summary>FNV-1a: fast, allocation-free, and collisions only cost one latency sample.</summary>
    private static ulong Hash(ReadOnlySpan<byte> payload)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in payload)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
