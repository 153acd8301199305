using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtp;

/// <summary>What a sender puts in the fixed header of a new packet, and the audio level it announces.</summary>
public readonly record struct RtpPacketFields(
    byte PayloadType,
    bool Marker,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    bool VoiceActivity = false,
    byte AudioLevel = 127);

/// <summary>Builds a fresh RTP packet (the probe client and tests send these).</summary>
public static class RtpPacketWriter
{
    public static bool TryWrite(
        Span<byte> destination,
        RtpPacketFields fields,
        RtpExtensionIds extensions,
        ReadOnlySpan<byte> mid,
        ReadOnlySpan<byte> payload,
        out int length)
    {
        length = 0;
        if (fields.PayloadType > 127 || fields.AudioLevel > 127)
        {
            return false;
        }

        var audioLevel = (fields.VoiceActivity ? 0x80 : 0) | fields.AudioLevel;
        var blockLength = RtpExtensionBlock.Measure(extensions.AudioLevel, audioLevel, extensions.Mid, mid);
        var total = RtpHeader.FixedLength + blockLength + payload.Length;
        if (blockLength < 0 || total > destination.Length)
        {
            return false;
        }

        destination[0] = (byte)((RtpHeader.Version2 << 6) | (blockLength > 0 ? 0x10 : 0));
        destination[1] = (byte)((fields.Marker ? 0x80 : 0) | fields.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], fields.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], fields.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], fields.Ssrc);
        if (blockLength > 0)
        {
            RtpExtensionBlock.Write(destination.Slice(RtpHeader.FixedLength, blockLength), extensions.AudioLevel, audioLevel, extensions.Mid, mid);
        }

        payload.CopyTo(destination[(RtpHeader.FixedLength + blockLength)..]);
        length = total;
        return true;
    }
}
