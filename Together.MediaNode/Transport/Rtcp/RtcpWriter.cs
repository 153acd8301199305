using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtcp;

/// <summary>
/// Builds the RTCP packets the node sends: SR to subscribers, RR to publishers, SDES CNAME and BYE. Write them
/// one after another into one buffer for a compound packet. Each returns false when the buffer is too small.
/// </summary>
public static class RtcpWriter
{
    public const int MaxReportBlocks = 31;

    public static bool TryWriteSenderReport(Span<byte> destination, RtcpSenderInfo sender, ReadOnlySpan<RtcpReportBlock> blocks, out int length)
    {
        length = RtcpPacket.HeaderLength + 4 + RtcpSenderInfo.Length + (blocks.Length * RtcpReportBlock.Length);
        if (blocks.Length > MaxReportBlocks || destination.Length < length)
        {
            length = 0;
            return false;
        }

        WriteHeader(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sender.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], sender.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], sender.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], sender.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], sender.OctetCount);
        WriteBlocks(destination[28..], blocks);
        return true;
    }

    public static bool TryWriteReceiverReport(Span<byte> destination, uint reporterSsrc, ReadOnlySpan<RtcpReportBlock> blocks, out int length)
    {
        length = RtcpPacket.HeaderLength + 4 + (blocks.Length * RtcpReportBlock.Length);
        if (blocks.Length > MaxReportBlocks || destination.Length < length)
        {
            length = 0;
            return false;
        }

        WriteHeader(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], reporterSsrc);
        WriteBlocks(destination[8..], blocks);
        return true;
    }

    /// <summary>One SDES chunk with one CNAME item (RFC 3550 §6.5.1), zero-terminated and padded.</summary>
    public static bool TryWriteSourceDescription(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int length)
    {
        var chunk = 4 + 2 + cname.Length + 1;
        length = RtcpPacket.HeaderLength + ((chunk + 3) & ~3);
        if (cname.IsEmpty || cname.Length > byte.MaxValue || destination.Length < length)
        {
            length = 0;
            return false;
        }

        WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = RtcpSdesReader.CnameItem;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);
        destination[(10 + cname.Length)..length].Clear();
        return true;
    }

    public static bool TryWriteGoodbye(Span<byte> destination, uint ssrc, out int length)
    {
        length = RtcpPacket.HeaderLength + 4;
        if (destination.Length < length)
        {
            length = 0;
            return false;
        }

        WriteHeader(destination, 1, RtcpPacketType.Goodbye, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return true;
    }

    private static void WriteHeader(Span<byte> destination, int count, RtcpPacketType type, int length)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }

    private static void WriteBlocks(Span<byte> destination, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(i * RtcpReportBlock.Length)..]);
        }
    }
}
