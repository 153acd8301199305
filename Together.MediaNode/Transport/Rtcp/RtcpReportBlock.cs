using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtcp;

/// <summary>
/// A reception report block (RFC 3550 §6.4.1): what the reporter saw of one source. Cumulative loss is a
/// signed 24-bit count (duplicates can make it negative); LSR and DLSR are in NTP short format (1/65536 s).
/// </summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;
    private const int MaxCumulativeLost = 0x7FFFFF;
    private const int MinCumulativeLost = -0x800000;

    public static RtcpReportBlock Read(ReadOnlySpan<byte> block)
    {
        var lost = (block[5] << 16) | (block[6] << 8) | block[7];
        if ((lost & 0x800000) != 0)
        {
            lost |= unchecked((int)0xFF000000);
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            block[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }

    public void Write(Span<byte> block)
    {
        BinaryPrimitives.WriteUInt32BigEndian(block, Ssrc);
        block[4] = FractionLost;
        var lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        block[5] = (byte)(lost >> 16);
        block[6] = (byte)(lost >> 8);
        block[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(block[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(block[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(block[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(block[20..], DelaySinceLastSenderReport);
    }

    /// <summary>
    /// Round-trip time seen by whoever sent the SR this block answers (RFC 3550 §6.4.1): arrival − LSR − DLSR,
    /// all in NTP short format; null when the reporter has not received an SR yet.
    /// </summary>
    public TimeSpan? RoundTripTime(uint arrivalNtpShort)
    {
        if (LastSenderReport == 0)
        {
            return null;
        }

        var rtt = unchecked(arrivalNtpShort - LastSenderReport - DelaySinceLastSenderReport);
        return rtt > int.MaxValue ? TimeSpan.Zero : NtpTime.ShortToTimeSpan(rtt);
    }
}
