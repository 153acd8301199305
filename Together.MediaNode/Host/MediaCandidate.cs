using System.Net;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Sdp;

namespace Together.MediaNode.Host;

/// <summary>One local host candidate of the node: its one UDP port, or its ICE-TCP passive port.</summary>
public sealed record MediaCandidate(TransportProtocol Protocol, IPAddress Address, int Port)
{
    /// <summary>The SDP form; UDP gets the higher priority, so browsers use TCP only when UDP fails.</summary>
    public SdpCandidate ToSdpCandidate(string foundation) => Protocol == TransportProtocol.Udp
        ? SdpCandidate.HostUdp(foundation, Address.ToString(), Port)
        : SdpCandidate.HostTcpPassive(foundation, Address.ToString(), Port);
}
