using Together.MediaNode.Transport.Ice;

namespace Together.MediaNode.Transport.Peer;

/// <summary>
/// Where a peer's outbound datagrams go. The host implements it over its UDP socket and ICE-TCP connections; tests
/// implement it in memory. It is called from the receive loop and from DTLS handshake threads, so it must be
/// thread-safe, and it must not keep <paramref name="datagram"/> after returning.
/// </summary>
public interface IDatagramSink
{
    void Send(IceEndpoint destination, ReadOnlySpan<byte> datagram);
}
