using System.Net;

namespace Together.MediaNode.Transport.Ice;

/// <summary>
/// The remote half of a 5-tuple: the node has one local address per protocol, so the remote address, port and
/// protocol identify a candidate pair.
/// </summary>
public readonly record struct IceEndpoint(TransportProtocol Protocol, IPEndPoint Address)
{
    public static IceEndpoint Udp(IPEndPoint address) => new(TransportProtocol.Udp, address);

    public static IceEndpoint Tcp(IPEndPoint address) => new(TransportProtocol.Tcp, address);

    public override string ToString() => $"{Protocol.ToString().ToUpperInvariant()} {Address}";
}
