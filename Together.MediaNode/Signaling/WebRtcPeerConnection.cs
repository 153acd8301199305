using System.Security.Cryptography;
using Together.MediaNode.Host;
using Together.MediaNode.Sfu;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Sdp;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Signaling;

/// <summary>
/// One participant's WebRTC connection: the SDP offer/answer state (Transport/Sdp) over a registered
/// <see cref="PeerTransport"/> (ICE-lite, DTLS, SRTP on the node's shared UDP port). Signalling calls the SDP side
/// one message at a time; the transport side is called from the receive loop.
/// </summary>
internal sealed class WebRtcPeerConnection : IPeerConnection, IPeerTransportHandler
{
    private const string Cname = "together";

    private readonly IPeerTransportRegistry _registry;
    private readonly IPeerConnectionSink _sink;
    private readonly MediaNodeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly IceCredentials _credentials = IceCredentials.Generate();
    private readonly SdpLocalTransport _local;
    private readonly long _createdAt;
    private SdpNegotiation? _current;
    private SdpPendingOffer? _pending;
    private PeerTransport? _transport;

    public WebRtcPeerConnection(IPeerTransportRegistry registry, IPeerConnectionSink sink, MediaNodeMetrics metrics, TimeProvider time)
    {
        _registry = registry;
        _sink = sink;
        _metrics = metrics;
        _time = time;
        _createdAt = time.GetTimestamp();
        var candidates = registry.LocalCandidates
            .Select((candidate, index) => candidate.ToSdpCandidate($"{index + 1}"))
            .ToArray();
        _local = new SdpLocalTransport(
            _credentials.Ufrag,
            _credentials.Password,
            registry.LocalFingerprint.Value,
            candidates,
            (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue));
    }

    public bool TryAnswer(string offerSdp, out string answerSdp, out AudioRtpParameters rtp, out string error)
    {
        answerSdp = "";
        rtp = default;
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var parseError))
        {
            error = parseError ?? "unreadable SDP";
            return false;
        }

        if (!SdpAnswerer.TryCreateAnswer(offer, _local, 1, null, out var negotiation, out var answerError))
        {
            error = answerError ?? "the offer cannot be answered";
            return false;
        }

        var microphone = negotiation.Media.FirstOrDefault(m => m.Accepted && m.Media == "audio");
        if (microphone is null)
        {
            error = "the offer has no audio m-line with Opus, BUNDLE and rtcp-mux";
            return false;
        }

        var remote = negotiation.Remote;
        if (!DtlsFingerprint.TryParse($"{remote.FingerprintAlgorithm} {remote.Fingerprint}", out var fingerprint))
        {
            error = "the offer's a=fingerprint is not a certificate fingerprint";
            return false;
        }

        _current = negotiation;
        _transport = _registry.Register(new PeerRegistration(_credentials, remote.IceUfrag, fingerprint!), this);
        rtp = new AudioRtpParameters(microphone.OpusPayloadType, microphone.Extensions.AudioLevel, microphone.Extensions.Mid);
        answerSdp = negotiation.Local.ToString();
        error = "";
        return true;
    }

    public SdpReofferOutcome TryAnswerReoffer(string offerSdp, out string answerSdp, out string error)
    {
        answerSdp = "";
        if (_current is null || _pending is not null)
        {
            throw new InvalidOperationException("A client re-offer needs a completed negotiation and no node offer in flight.");
        }

        if (!SessionDescription.TryParse(offerSdp, out var offer, out var parseError))
        {
            error = parseError ?? "unreadable SDP";
            return SdpReofferOutcome.Unusable;
        }

        var outcome = SdpClientReoffer.TryAnswer(_current, offer, _local, out var negotiation, out error);
        if (outcome == SdpReofferOutcome.Answered)
        {
            _current = negotiation;
            answerSdp = negotiation!.Local.ToString();
        }

        return outcome;
    }

    public string CreateOffer(NodeOffer offer)
    {
        var slots = offer.Streams
            .Select(stream => new SdpSpeakerSlot(
                stream.Mid,
                stream.PublisherUserId is null
                    ? null
                    : new SdpSendingStream(stream.Ssrc, Cname, $"together-{stream.Mid}", $"voice-{stream.Ssrc}")))
            .ToArray();
        if (_current is null)
        {
            throw new InvalidOperationException("No node offer before the first negotiation completed.");
        }

        if (!SdpNodeOffer.TryCreate(_current, _local, slots, out var pending, out var error))
        {
            throw new InvalidOperationException($"No node offer could be made: {error}");
        }

        _pending = pending;
        return pending.Offer.ToString();
    }

    public bool TryApplyAnswer(string answerSdp, out string error)
    {
        if (_pending is null)
        {
            error = "no node offer is awaiting an answer";
            return false;
        }

        var pending = _pending;
        _pending = null;
        if (!SessionDescription.TryParse(answerSdp, out var answer, out var parseError))
        {
            error = parseError ?? "unreadable SDP";
            return false;
        }

        if (!SdpNodeOffer.TryApplyAnswer(pending, answer, out var negotiation, out var applyError))
        {
            error = applyError ?? "the answer does not fit the offer";
            return false;
        }

        _current = negotiation;
        error = "";
        return true;
    }

    public bool TrySendRtp(Span<byte> buffer, int length) => _transport?.TrySendRtp(buffer, length) == true;

    public bool TrySendRtcp(Span<byte> buffer, int length) => _transport?.TrySendRtcp(buffer, length) == true;

    void IPeerTransportHandler.OnConnected(PeerTransport peer, SrtpProfile profile) =>
        _metrics.DtlsHandshakeCompleted(_time.GetElapsedTime(_createdAt));

    void IPeerTransportHandler.OnDisconnected(PeerTransport peer, PeerDisconnectReason reason, string? detail)
    {
        if (reason == PeerDisconnectReason.DtlsFailed)
        {
            _metrics.DtlsHandshakeFailed();
        }

        if (reason != PeerDisconnectReason.Closed)
        {
            _sink.OnClosed(detail is null ? reason.ToString() : $"{reason}: {detail}");
        }
    }

    void IPeerTransportHandler.OnRtp(PeerTransport peer, Span<byte> packet) => _sink.OnRtp(packet);

    void IPeerTransportHandler.OnRtcp(PeerTransport peer, Span<byte> packet) => _sink.OnRtcp(packet);

    public void Dispose()
    {
        var transport = Interlocked.Exchange(ref _transport, null);
        if (transport is not null)
        {
            _registry.Remove(transport);
        }
    }
}

/// <summary>Creates <see cref="WebRtcPeerConnection"/>s on this node's transport.</summary>
internal sealed class WebRtcPeerConnectionFactory(IPeerTransportRegistry registry, MediaNodeMetrics metrics, TimeProvider time)
    : IPeerConnectionFactory
{
    public IPeerConnection Create(IPeerConnectionSink sink) => new WebRtcPeerConnection(registry, sink, metrics, time);
}
