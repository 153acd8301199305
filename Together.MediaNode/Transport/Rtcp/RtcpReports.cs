using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtcp;

/// <summary>The sender SSRC and sender info of an SR (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpSenderInfo(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    /// <summary>The sender info proper (NTP, RTP timestamp, counts), after the sender SSRC.</summary>
    public const int Length = 20;
}

/// <summary>The report blocks of an SR or RR, read on demand.</summary>
public readonly ref struct RtcpReportBlocks
{
    private readonly ReadOnlySpan<byte> _blocks;

    internal RtcpReportBlocks(ReadOnlySpan<byte> blocks, int count)
    {
        _blocks = blocks;
        Count = count;
    }

    public int Count { get; }

    public RtcpReportBlock this[int index] =>
        (uint)index < (uint)Count
            ? RtcpReportBlock.Read(_blocks.Slice(index * RtcpReportBlock.Length, RtcpReportBlock.Length))
            : throw new ArgumentOutOfRangeException(nameof(index));
}

/// <summary>Reads SR and RR packets; false when the body is shorter than its report count says.</summary>
public static class RtcpReports
{
    public static bool TryReadSenderReport(RtcpPacket packet, out RtcpSenderInfo sender, out RtcpReportBlocks blocks)
    {
        sender = default;
        blocks = default;
        var body = packet.Body;
        if (packet.Type != RtcpPacketType.SenderReport || body.Length < 4 + RtcpSenderInfo.Length + (packet.Count * RtcpReportBlock.Length))
        {
            return false;
        }

        sender = new RtcpSenderInfo(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        blocks = new RtcpReportBlocks(body[(4 + RtcpSenderInfo.Length)..], packet.Count);
        return true;
    }

    public static bool TryReadReceiverReport(RtcpPacket packet, out uint reporterSsrc, out RtcpReportBlocks blocks)
    {
        reporterSsrc = 0;
        blocks = default;
        var body = packet.Body;
        if (packet.Type != RtcpPacketType.ReceiverReport || body.Length < 4 + (packet.Count * RtcpReportBlock.Length))
        {
            return false;
        }

        reporterSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        blocks = new RtcpReportBlocks(body[4..], packet.Count);
        return true;
    }

    /// <summary>The SSRCs a BYE says are leaving.</summary>
    public static bool TryReadGoodbye(RtcpPacket packet, out ReadOnlySpan<byte> sources, out int count)
    {
        sources = default;
        count = 0;
        if (packet.Type != RtcpPacketType.Goodbye || packet.Body.Length < 4 * packet.Count)
        {
            return false;
        }

        count = packet.Count;
        sources = packet.Body[..(4 * count)];
        return true;
    }

    /// <summary>An RTPFB or PSFB packet (RFC 4585 §6.1): FMT is <see cref="RtcpPacket.Count"/>.</summary>
    public static bool TryReadFeedback(RtcpPacket packet, out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> feedbackControlInformation)
    {
        senderSsrc = 0;
        mediaSsrc = 0;
        feedbackControlInformation = default;
        if (packet.Type is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadSpecificFeedback) || packet.Body.Length < 8)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Body[4..]);
        feedbackControlInformation = packet.Body[8..];
        return true;
    }
}
