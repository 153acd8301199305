using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Peer;

namespace Together.MediaNode.Host;

/// <summary>
/// How the SFU obtains transports: register a peer with what signalling learned, get a <see cref="PeerTransport"/>
/// whose events go to the given handler. Knows nothing of rooms.
/// </summary>
public interface IPeerTransportRegistry
{
    /// <summary>For the SDP answer's a=fingerprint.</summary>
    DtlsFingerprint LocalFingerprint { get; }

    /// <summary>For the SDP answer's a=candidate lines: the UDP host candidate(s) and, when enabled, ICE-TCP passive ones.</summary>
    IReadOnlyList<MediaCandidate> LocalCandidates { get; }

    /// <summary>Creates and routes a peer; STUN carrying its local ufrag reaches it from now on.</summary>
    PeerTransport Register(PeerRegistration registration, IPeerTransportHandler handler);

    /// <summary>Closes the peer (close_notify when DTLS is up) and forgets its routes.</summary>
    void Remove(PeerTransport peer);
}
