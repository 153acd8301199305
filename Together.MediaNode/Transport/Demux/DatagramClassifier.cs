namespace Together.MediaNode.Transport.Demux;

/// <summary>
/// Tells the protocols sharing one port apart by the first byte (RFC 7983 §7): 0–3 STUN, 20–63 DTLS,
/// 128–191 RTP or RTCP; RTCP when the second byte (the packet type) is 192–223 (RFC 5761 §4).
/// </summary>
public static class DatagramClassifier
{
    private const int MinimumRtpLength = 12;
    private const int MinimumRtcpLength = 8;
    private const int MinimumDtlsRecordLength = 13;
    private const int MinimumStunLength = 20;

    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Unknown;
        }

        byte first = datagram[0];
        return first switch
        {
            <= 3 => datagram.Length >= MinimumStunLength ? DatagramKind.Stun : DatagramKind.Unknown,
            >= 20 and <= 63 => datagram.Length >= MinimumDtlsRecordLength ? DatagramKind.Dtls : DatagramKind.Unknown,
            >= 128 and <= 191 => ClassifyRtpFamily(datagram),
            _ => DatagramKind.Unknown,
        };
    }

    private static DatagramKind ClassifyRtpFamily(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < MinimumRtcpLength)
        {
            return DatagramKind.Unknown;
        }

        if (datagram[1] is >= 192 and <= 223)
        {
            return DatagramKind.Rtcp;
        }

        return datagram.Length >= MinimumRtpLength ? DatagramKind.Rtp : DatagramKind.Unknown;
    }
}
