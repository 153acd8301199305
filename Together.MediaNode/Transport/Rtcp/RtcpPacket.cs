using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtcp;

/// <summary>
/// One RTCP packet of a compound packet: its common header (RFC 3550 §6.4) and its body without padding.
/// <see cref="Count"/> is the reception-report count, SDES chunk count, BYE source count or feedback FMT,
/// depending on <see cref="Type"/>.
/// </summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    internal RtcpPacket(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        Raw = packet;
        Body = body;
    }

    /// <summary>The whole packet: header, body and padding.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>Everything after the 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Body { get; }

    public int Count => Raw[0] & 0x1F;
    public RtcpPacketType Type => (RtcpPacketType)Raw[1];

    /// <summary>The first SSRC of the body (sender of SR/RR/feedback/APP/XR, first chunk or source of SDES/BYE).</summary>
    public bool TryGetSenderSsrc(out uint ssrc)
    {
        ssrc = Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;
        return Body.Length >= 4;
    }

    /// <summary>True when the second byte is an RTCP packet type (RFC 5761 §4: 192–223), so not RTP on a muxed port.</summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && datagram[0] >> 6 == 2 && datagram[1] is >= 192 and <= 223;
}
