using Concentus;
using Together.MediaNode.Transport.Rtcp;

namespace Together.MediaNode.Probe;

/// <summary>
/// What one probe received on one stream: counts, RFC 3550 loss and jitter, duplicates and late arrivals, the node's
/// own count for this leg from its sender reports, latency samples, audio energy.
/// </summary>
public sealed class ProbeStreamStats
{
    private const int RtpClockRate = 48_000;

    /// <summary>Sequence numbers remembered for duplicate detection: far more than any reordering on a path.</summary>
    private const int SeenWindow = 1024;

    private readonly ulong[] _seen = new ulong[SeenWindow / 64];
    private ushort _highest;
    private bool _any;
    private readonly RtpReceiveStatistics _statistics;
    private readonly List<double> _latencies = [];
    private readonly IOpusDecoder? _decoder;
    private readonly short[] _pcm = new short[5760];
    private readonly Lock _gate = new();
    private readonly Dictionary<ProbeParticipant, long> _packetsBySender = [];
    private double _energy;
    private long _decodedSamples;
    private long _duplicates;
    private long _reordered;
    private (long NodeSent, long Received)? _atSenderReport;

    internal ProbeStreamStats(uint ssrc, bool decode, long firstSeen)
    {
        FirstSeen = firstSeen;
        _statistics = new RtpReceiveStatistics(ssrc, RtpClockRate);
        Ssrc = ssrc;
        if (decode)
        {
            _decoder = OpusCodecFactory.CreateDecoder(48_000, 1);
        }
    }

    public uint Ssrc { get; }
    public long FirstSeen { get; }
    public string? Mid { get; internal set; }
    public long Packets { get { lock (_gate) { return _statistics.PacketsReceived; } } }
    public long Lost { get { lock (_gate) { return Math.Max(0, _statistics.CumulativeLost); } } }
    public double JitterMilliseconds { get { lock (_gate) { return _statistics.Jitter * 1000.0 / RtpClockRate; } } }

    /// <summary>Packets whose sequence number arrived before (within the last 1,024): counted in <see cref="Packets"/> too.</summary>
    public long Duplicates { get { lock (_gate) { return _duplicates; } } }

    /// <summary>Packets that arrived after a higher sequence number (late, not duplicated).</summary>
    public long Reordered { get { lock (_gate) { return _reordered; } } }

    /// <summary>
    /// The node's packet count for this leg from its latest RTCP sender report, and <see cref="Packets"/> when that
    /// report arrived: the two sides of the leg compared at one instant (null before the first report).
    /// </summary>
    public (long NodeSent, long Received)? AtLastSenderReport { get { lock (_gate) { return _atSenderReport; } } }

    /// <summary>Root-mean-square level of the decoded audio, 0–1 (0 when not decoding).</summary>
    public double Rms { get { lock (_gate) { return _decodedSamples == 0 ? 0 : Math.Sqrt(_energy / _decodedSamples); } } }

    /// <summary>
    /// Who sent the payloads that arrived on this stream, by the shared <see cref="ProbeLatencyBook"/>; payloads it does
    /// not know (another process's speakers) are not counted here.
    /// </summary>
    public IReadOnlyDictionary<ProbeParticipant, long> PacketsBySender { get { lock (_gate) { return new Dictionary<ProbeParticipant, long>(_packetsBySender); } } }

    public IReadOnlyList<double> LatenciesMilliseconds { get { lock (_gate) { return [.. _latencies]; } } }

    internal void OnPacket(
        ushort sequence, uint timestamp, TimeSpan arrival, ReadOnlySpan<byte> payload, double? latencyMilliseconds, ProbeParticipant? sender)
    {
        lock (_gate)
        {
            if (sender is not null)
            {
                _packetsBySender[sender] = _packetsBySender.GetValueOrDefault(sender) + 1;
            }

            CountOrder(sequence);
            _statistics.OnPacket(sequence, timestamp, arrival);
            if (latencyMilliseconds is { } latency)
            {
                _latencies.Add(latency);
            }

            if (_decoder is not null && payload.Length > 0)
            {
                var samples = _decoder.Decode(payload, _pcm, _pcm.Length, false);
                for (var i = 0; i < samples; i++)
                {
                    var sample = _pcm[i] / 32768.0;
                    _energy += sample * sample;
                }

                _decodedSamples += samples;
            }
        }
    }

    internal void OnSenderReport(uint packetCount)
    {
        lock (_gate)
        {
            _atSenderReport = (packetCount, _statistics.PacketsReceived);
        }
    }

    private void CountOrder(ushort sequence)
    {
        if (!_any)
        {
            _any = true;
            _highest = sequence;
            Mark(sequence);
            return;
        }

        var ahead = (short)(sequence - _highest);
        if (ahead > 0)
        {
            // Forget the numbers the window slides past, so a wrap-around never reads as a duplicate.
            for (var skipped = 1; skipped <= Math.Min((int)ahead, SeenWindow); skipped++)
            {
                Clear((ushort)(_highest + skipped));
            }

            _highest = sequence;
        }
        else if (-ahead >= SeenWindow)
        {
            return;
        }
        else if (IsMarked(sequence))
        {
            _duplicates++;
            return;
        }
        else
        {
            _reordered++;
        }

        Mark(sequence);
    }

    private void Mark(ushort sequence) => _seen[(sequence % SeenWindow) >> 6] |= 1UL << (sequence & 63);

    private void Clear(ushort sequence) => _seen[(sequence % SeenWindow) >> 6] &= ~(1UL << (sequence & 63));

    private bool IsMarked(ushort sequence) => (_seen[(sequence % SeenWindow) >> 6] & (1UL << (sequence & 63))) != 0;
}
