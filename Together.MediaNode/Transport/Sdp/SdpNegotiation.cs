using Together.MediaNode.Transport.Rtp;

namespace Together.MediaNode.Transport.Sdp;

/// <summary>The peer's transport parameters, read from its offer or answer.</summary>
public sealed record SdpRemoteTransport(string IceUfrag, string IcePwd, string FingerprintAlgorithm, string Fingerprint);

/// <summary>
/// One m-line as negotiated, from the node's point of view: whether it is accepted, what the node does on it
/// (<see cref="LocalDirection"/>), the Opus payload type and extension ids to use for it, the SSRCs the peer
/// announced on it, and the stream the node sends on it. <see cref="IsNodeSlot"/> marks the m-lines the node
/// added for remote speakers.
/// </summary>
public sealed record SdpNegotiatedMedia(
    string Mid,
    string Media,
    bool Accepted,
    SdpDirection LocalDirection,
    byte OpusPayloadType,
    RtpExtensionIds Extensions,
    IReadOnlyList<uint> RemoteSsrcs,
    SdpSendingStream? Sending,
    bool IsNodeSlot);

/// <summary>The outcome of one offer/answer exchange: the SDP the node wrote and what it means.</summary>
public sealed record SdpNegotiation(
    SessionDescription Local,
    SdpRemoteTransport Remote,
    IReadOnlyList<SdpNegotiatedMedia> Media,
    ulong SessionVersion,
    bool ExtmapAllowMixed)
{
    public SdpNegotiatedMedia? FindByMid(string mid) => Media.FirstOrDefault(media => media.Mid == mid);
}

/// <summary>An m-line the node adds to carry one remote speaker; a null stream leaves it inactive for reuse.</summary>
public sealed record SdpSpeakerSlot(string Mid, SdpSendingStream? Stream);
