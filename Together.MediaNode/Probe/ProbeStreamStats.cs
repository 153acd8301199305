using Concentus;
using Together.MediaNode.Transport.Rtcp;

namespace Together.MediaNode.Probe;

/// <summary>What one probe received on one stream: counts, RFC 3550 loss and jitter, latency samples, audio energy.</summary>
public sealed class ProbeStreamStats
{
    private const int RtpClockRate = 48_000;
    private readonly RtpReceiveStatistics _statistics;
    private readonly List<double> _latencies = [];
    private readonly IOpusDecoder? _decoder;
    private readonly short[] _pcm = new short[5760];
    private readonly Lock _gate = new();
    private double _energy;
    private long _decodedSamples;

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

    /// <summary>Root-mean-square level of the decoded audio, 0–1 (0 when not decoding).</summary>
    public double Rms { get { lock (_gate) { return _decodedSamples == 0 ? 0 : Math.Sqrt(_energy / _decodedSamples); } } }

    public IReadOnlyList<double> LatenciesMilliseconds { get { lock (_gate) { return [.. _latencies]; } } }

    internal void OnPacket(ushort sequence, uint timestamp, TimeSpan arrival, ReadOnlySpan<byte> payload, double? latencyMilliseconds)
    {
        lock (_gate)
        {
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
}
