namespace Together.MediaNode.Transport.Peer;

/// <summary>What <see cref="PeerTransport.Receive"/> did with a datagram; the host uses it for routing and metrics.</summary>
public enum PeerReceiveOutcome
{
    /// <summary>Dropped: unknown kind, unvalidated source, failed authentication, replay, or the peer is closed.</summary>
    Dropped,

    /// <summary>A STUN check passed: the source may now be routed to this peer by address.</summary>
    EndpointValidated,

    /// <summary>A STUN request refused with an error response.</summary>
    StunRejected,

    Dtls,

    /// <summary>SRTP/SRTCP decrypted and delivered, or held until the keys arrive.</summary>
    Media,
}
