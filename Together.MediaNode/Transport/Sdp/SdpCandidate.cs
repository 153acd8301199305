using System.Globalization;

namespace Together.MediaNode.Transport.Sdp;

/// <summary>
/// A host candidate as the node announces it in SDP (RFC 8839 §5.1): UDP, or TCP passive for ICE-TCP
/// (RFC 6544 §4.5). Priorities follow RFC 8445 §5.1.2.1 with host type preference 126, and RFC 6544 §4.2
/// for TCP (passive direction preference 4), so UDP is always preferred.
/// </summary>
public sealed record SdpCandidate(string Foundation, string Protocol, uint Priority, string Address, int Port, string? TcpType = null)
{
    private const uint HostTypePreference = 126;
    private const int Component = 1;
    private const uint PassiveDirectionPreference = 4;

    public static SdpCandidate HostUdp(string foundation, string address, int port, ushort localPreference = ushort.MaxValue) =>
        new(foundation, "udp", ComputePriority(localPreference), address, port);

    public static SdpCandidate HostTcpPassive(string foundation, string address, int port, ushort otherPreference = 8191) =>
        new(foundation, "tcp", ComputePriority((ushort)((PassiveDirectionPreference << 13) | (otherPreference & 0x1FFFu))), address, port, "passive");

    private static uint ComputePriority(ushort localPreference) => (HostTypePreference << 24) | ((uint)localPreference << 8) | (256 - Component);

    /// <summary>The value of the a=candidate attribute.</summary>
    public string ToAttributeValue()
    {
        var value = string.Create(
            CultureInfo.InvariantCulture,
            $"{Foundation} {Component} {Protocol} {Priority} {Address} {Port} typ host");
        return TcpType is null ? value : $"{value} tcptype {TcpType}";
    }
}
