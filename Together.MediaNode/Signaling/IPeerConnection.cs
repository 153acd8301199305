using Together.MediaNode.Sfu;
using Together.MediaNode.Transport.Sdp;

namespace Together.MediaNode.Signaling;

/// <summary>
/// One participant's WebRTC connection as signalling drives it: SDP in and out, ICE+DTLS+SRTP underneath.
/// Decrypted media and the end of the connection are reported to the <see cref="IPeerConnectionSink"/>.
/// </summary>
public interface IPeerConnection : IMediaLink, IDisposable
{
    /// <summary>Answers the client's first offer; false (with a reason safe to show) when it is unusable.</summary>
    bool TryAnswer(string offerSdp, out string answerSdp, out AudioRtpParameters rtp, out string error);

    /// <summary>
    /// Answers a later client offer on the same transport (no ICE restart), keeping every m-line and the node's
    /// streams as last negotiated; anything but <see cref="SdpReofferOutcome.Answered"/> leaves the session as it was.
    /// </summary>
    SdpReofferOutcome TryAnswerReoffer(string offerSdp, out string answerSdp, out string error);

    /// <summary>A node offer: the client's m-lines plus one sendonly m-line per offered stream.</summary>
    string CreateOffer(NodeOffer offer);

    /// <summary>Checks the client's answer to the last node offer; false when it does not fit the offer.</summary>
    bool TryApplyAnswer(string answerSdp, out string error);
}

/// <summary>Where a peer connection delivers what arrives. Called on the receive path: must not block.</summary>
public interface IPeerConnectionSink
{
    void OnRtp(ReadOnlySpan<byte> packet);

    void OnRtcp(ReadOnlySpan<byte> packet);

    void OnClosed(string reason);
}

/// <summary>Creates peer connections bound to this node's UDP/TCP host.</summary>
public interface IPeerConnectionFactory
{
    IPeerConnection Create(IPeerConnectionSink sink);
}
