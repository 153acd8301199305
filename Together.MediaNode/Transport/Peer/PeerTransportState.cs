namespace Together.MediaNode.Transport.Peer;

public enum PeerTransportState
{
    /// <summary>Registered; waiting for the first authenticated STUN check.</summary>
    Checking,

    /// <summary>ICE has a validated path; the DTLS handshake has not finished.</summary>
    Securing,

    /// <summary>SRTP keys installed: media flows both ways.</summary>
    Connected,

    Closed,
}
