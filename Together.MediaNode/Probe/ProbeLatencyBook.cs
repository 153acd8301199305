using System.Collections.Concurrent;

namespace Together.MediaNode.Probe;

/// <summary>
/// When and by whom each Opus payload was sent. The SFU forwards payloads byte for byte, so a receiver in the same
/// process finds the send time and the sender by the payload alone: exact latency, unaffected by
/// SSRC/sequence/timestamp rewriting, and proof of where a packet came from (speakers with different tones send
/// different payloads).
/// </summary>
public sealed class ProbeLatencyBook
{
    private const int Capacity = 200_000;
    private readonly ConcurrentDictionary<ulong, (long SentAt, ProbeParticipant Sender)> _sent = new();

    internal void Record(ReadOnlySpan<byte> payload, long timestamp, ProbeParticipant sender)
    {
        if (_sent.Count >= Capacity)
        {
            _sent.Clear();
        }

        _sent.TryAdd(Hash(payload), (timestamp, sender));
    }

    internal bool TryFind(ReadOnlySpan<byte> payload, out long sentAt, out ProbeParticipant? sender)
    {
        var found = _sent.TryGetValue(Hash(payload), out var entry);
        (sentAt, sender) = entry;
        return found;
    }

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
