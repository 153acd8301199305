using System.Diagnostics.Metrics;

namespace Together.MediaNode;

/// <summary>
/// The node's instruments on the meter "Together.MediaNode", exported on /metrics by the service defaults.
/// Counters are cheap enough for the packet path (no allocation per Add without tags).
/// </summary>
public sealed class MediaNodeMetrics
{
    public const string MeterName = "Together.MediaNode";

    private readonly Counter<long> _packetsIn;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _packetsOut;
    private readonly Counter<long> _bytesOut;
    private readonly Counter<long> _packetsDropped;
    private readonly Counter<long> _dtlsFailures;
    private readonly Histogram<double> _dtlsDuration;
    private readonly Counter<long> _signalingErrors;

    public MediaNodeMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _packetsIn = Meter.CreateCounter<long>("together.media.packets.in", "{packet}", "RTP packets received from publishers");
        _bytesIn = Meter.CreateCounter<long>("together.media.bytes.in", "By", "RTP payload bytes received from publishers");
        _packetsOut = Meter.CreateCounter<long>("together.media.packets.out", "{packet}", "RTP packets forwarded to subscribers");
        _bytesOut = Meter.CreateCounter<long>("together.media.bytes.out", "By", "RTP payload bytes forwarded to subscribers");
        _packetsDropped = Meter.CreateCounter<long>("together.media.packets.dropped", "{packet}", "RTP packets not forwarded: malformed, muted or send failed");
        _dtlsFailures = Meter.CreateCounter<long>("together.media.dtls.failures", "{handshake}", "DTLS handshakes that failed or timed out");
        _dtlsDuration = Meter.CreateHistogram<double>("together.media.dtls.duration", "ms", "DTLS handshake duration");
        _signalingErrors = Meter.CreateCounter<long>("together.media.signaling.errors", "{message}", "Signalling messages refused");
    }

    public Meter Meter { get; }

    public void PacketReceived(int payloadBytes)
    {
        _packetsIn.Add(1);
        _bytesIn.Add(payloadBytes);
    }

    public void PacketForwarded(int payloadBytes)
    {
        _packetsOut.Add(1);
        _bytesOut.Add(payloadBytes);
    }

    public void PacketDropped() => _packetsDropped.Add(1);

    public void DtlsHandshakeFailed() => _dtlsFailures.Add(1);

    public void DtlsHandshakeCompleted(TimeSpan duration) => _dtlsDuration.Record(duration.TotalMilliseconds);

    public void SignalingRefused() => _signalingErrors.Add(1);
}
