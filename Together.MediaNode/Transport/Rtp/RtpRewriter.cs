using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtp;

/// <summary>
/// Rewrites a publisher's decrypted RTP packet for one subscriber: its SSRC, sequence number and timestamp,
/// and a fresh extension block with only what the subscriber negotiated (the audio level, moved to the
/// subscriber's id, and the subscriber m-line's mid, which Chromium needs to demultiplex by MID).
/// </summary>
public static class RtpRewriter
{
    public static void SetSsrc(Span<byte> packet, uint ssrc) => BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);

    public static void SetSequenceNumber(Span<byte> packet, ushort seq) => BinaryPrimitives.WriteUInt16BigEndian(packet[2..], seq);

    public static void SetTimestamp(Span<byte> packet, uint timestamp) => BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);

    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);

    /// <summary>
    /// Writes the rewritten packet into <paramref name="destination"/> (which must not overlap the source and
    /// should keep <c>SrtpSession.MaxOverhead</c> spare bytes for the tag). CSRCs, marker, payload type, payload
    /// and padding are kept; every other extension is dropped. False for a malformed source or a short buffer.
    /// </summary>
    public static bool TryRewrite(
        ReadOnlySpan<byte> source,
        Span<byte> destination,
        uint ssrc,
        ushort seq,
        uint timestamp,
        byte sourceAudioLevelId,
        RtpExtensionIds target,
        ReadOnlySpan<byte> mid,
        out int length)
    {
        length = 0;
        if (!RtpHeader.TryParse(source, out var header) || source.Overlaps(destination))
        {
            return false;
        }

        var audioLevel = RtpExtensionBlock.NoAudioLevel;
        if (sourceAudioLevelId != 0 && header.TryGetExtension(sourceAudioLevelId, out var level) && level.Length >= 1)
        {
            audioLevel = level[0];
        }

        var blockLength = RtpExtensionBlock.Measure(target.AudioLevel, audioLevel, target.Mid, mid);
        var csrcLength = 4 * header.CsrcCount;
        var payload = source[header.HeaderLength..];
        var total = RtpHeader.FixedLength + csrcLength + blockLength + payload.Length;
        if (blockLength < 0 || total > destination.Length)
        {
            return false;
        }

        destination[0] = (byte)((source[0] & 0xEF) | (blockLength > 0 ? 0x10 : 0));
        destination[1] = source[1];
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        source.Slice(RtpHeader.FixedLength, csrcLength).CopyTo(destination[RtpHeader.FixedLength..]);
        var position = RtpHeader.FixedLength + csrcLength;
        if (blockLength > 0)
        {
            RtpExtensionBlock.Write(destination.Slice(position, blockLength), target.AudioLevel, audioLevel, target.Mid, mid);
            position += blockLength;
        }

        payload.CopyTo(destination[position..]);
        length = total;
        return true;
    }
}
