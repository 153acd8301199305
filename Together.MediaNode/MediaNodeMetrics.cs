using System.Diagnostics.Metrics;
using Together.MediaNode.Transport.Srtp;

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
    private readonly Counter<long> _packetsLost;
    private readonly Histogram<double> _participantJitter;
    private readonly Histogram<double> _participantRoundTrip;

    /// <param name="srtpRefusals">The transport's node-wide SRTP refusal counts; null (SFU tests without a transport) leaves them out.</param>
    public MediaNodeMetrics(IMeterFactory meterFactory, SrtpRefusalCounters? srtpRefusals = null)
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

        // Link quality as node-wide distributions, never per participant: /metrics may be public, and who is in which
        // room is the control API's to tell (authenticated).
        _packetsLost = Meter.CreateCounter<long>("together.media.packets.lost", "{packet}", "RTP packets publishers sent that never reached the node");
        _participantJitter = Meter.CreateHistogram<double>(
            "together.media.participant.jitter", "ms", "Interarrival jitter of publishers' streams at the node, sampled each second per participant");
        _participantRoundTrip = Meter.CreateHistogram<double>(
            "together.media.participant.rtt", "ms", "Round-trip time to participants from their RTCP reports, sampled each second per participant");
        if (srtpRefusals is not null)
        {
            ObserveSrtpRefusals(srtpRefusals);
        }
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

    /// <summary>One participant's link, once per RTCP report interval: what it lost since the last sample, jitter, RTT.</summary>
    public void ParticipantSampled(long newlyLost, TimeSpan? jitter, TimeSpan? roundTrip)
    {
        if (newlyLost > 0)
        {
            _packetsLost.Add(newlyLost);
        }

        if (jitter is { } j)
        {
            _participantJitter.Record(j.TotalMilliseconds);
        }

        if (roundTrip is { } rtt)
        {
            _participantRoundTrip.Record(rtt.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Observed rather than added to: the transport counts refusals with Interlocked, and a scrape reads the totals,
    /// so the packet path never touches the meter.
    /// </summary>
    private void ObserveSrtpRefusals(SrtpRefusalCounters refusals)
    {
        Meter.CreateObservableCounter("together.media.srtp.auth_failures", () => new[]
        {
            new Measurement<long>(refusals.RtpAuthenticationFailures, new KeyValuePair<string, object?>("packet", "rtp")),
            new Measurement<long>(refusals.RtcpAuthenticationFailures, new KeyValuePair<string, object?>("packet", "rtcp")),
        }, "{packet}", "Inbound SRTP/SRTCP packets refused because their authentication tag did not verify");
        Meter.CreateObservableCounter("together.media.srtp.replays", () => new[]
        {
            new Measurement<long>(refusals.RtpReplaysRejected, new KeyValuePair<string, object?>("packet", "rtp")),
            new Measurement<long>(refusals.RtcpReplaysRejected, new KeyValuePair<string, object?>("packet", "rtcp")),
        }, "{packet}", "Inbound SRTP/SRTCP packets refused as replays or older than the replay window");
    }
}
