using System.Globalization;
using System.Net;
using Together.MediaNode.Transport.Ice;

namespace Together.MediaNode.Host;

/// <summary>One local host candidate of the node.</summary>
public sealed record MediaCandidate(TransportProtocol Protocol, IPAddress Address, int Port)
{
    /// <summary>RFC 8445 §5.1.2.1 priority of a host candidate: UDP above TCP, so browsers fall back to TCP only.</summary>
    public uint Priority => Protocol == TransportProtocol.Udp ? (126u << 24) | (65535u << 8) | 255u : (90u << 24) | (65535u << 8) | 255u;

    /// <summary>The SDP attribute value after "a=candidate:".</summary>
    public string ToSdpValue(int foundation) => Protocol == TransportProtocol.Udp
        ? string.Create(CultureInfo.InvariantCulture, $"{foundation} 1 udp {Priority} {Address} {Port} typ host")
        : string.Create(CultureInfo.InvariantCulture, $"{foundation} 1 tcp {Priority} {Address} {Port} typ host tcptype passive");
}
