namespace Together.MediaNode.Transport.Ice;

public enum TransportProtocol
{
    Udp,

    /// <summary>ICE-TCP (RFC 6544), each STUN/DTLS/SRTP packet framed with a 2-byte length (RFC 4571).</summary>
    Tcp,
}
