using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Transport.Peer;

/// <summary>
/// What a <see cref="PeerTransport"/> reports, always without the peer's lock held. Media comes from the thread that
/// called <see cref="PeerTransport.Receive"/>; state changes from that thread, the timer's, or the thread that
/// finished the DTLS handshake. The packet spans are the caller's receive buffer, decrypted in place: valid only
/// during the call.
/// </summary>
public interface IPeerTransportHandler
{
    void OnConnected(PeerTransport peer, SrtpProfile profile);

    void OnDisconnected(PeerTransport peer, PeerDisconnectReason reason, string? detail);

    void OnRtp(PeerTransport peer, Span<byte> packet);

    void OnRtcp(PeerTransport peer, Span<byte> packet);
}
