using System.Buffers.Binary;

namespace Together.MediaNode.Sfu;

/// <summary>
/// The fields of a decrypted RTP packet the SFU needs to forward it: read in place, allocation-free, rejecting
/// anything malformed (RFC 3550 §5.1, RFC 8285 one- and two-byte header extensions).
/// </summary>
public readonly ref struct InboundRtp
{
    public const byte NoAudioLevel = 0xFF;
    private const int FixedHeaderLength = 12;

    public bool Marker { get; }
    public byte PayloadType { get; }
    public ushort SequenceNumber { get; }
    public uint Timestamp { get; }
    public uint Ssrc { get; }
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>RFC 6464 level in -dBov (0 loudest, 127 silence), or <see cref="NoAudioLevel"/>.</summary>
    public byte AudioLevel { get; }

    public bool VoiceActivity { get; }

    private InboundRtp(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> payload, byte audioLevel, bool voiceActivity)
    {
        Marker = (packet[1] & 0x80) != 0;
        PayloadType = (byte)(packet[1] & 0x7F);
        SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        Payload = payload;
        AudioLevel = audioLevel;
        VoiceActivity = voiceActivity;
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, byte audioLevelExtensionId, out InboundRtp rtp)
    {
        rtp = default;
        if (packet.Length < FixedHeaderLength || packet[0] >> 6 != 2)
        {
            return false;
        }

        var offset = FixedHeaderLength + (4 * (packet[0] & 0x0F));
        var end = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            var padding = packet[^1];
            if (padding == 0 || padding > end - offset)
            {
                return false;
            }

            end -= padding;
        }

        var audioLevel = NoAudioLevel;
        var voiceActivity = false;
        if ((packet[0] & 0x10) != 0)
        {
            if (offset + 4 > end)
            {
                return false;
            }

            var profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            var extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            var extensions = offset + 4;
            if (extensions + extensionLength > end)
            {
                return false;
            }

            if (audioLevelExtensionId != 0
                && TryFindExtension(profile, packet.Slice(extensions, extensionLength), audioLevelExtensionId, out var level)
                && level.Length >= 1)
            {
                audioLevel = (byte)(level[0] & 0x7F);
                voiceActivity = (level[0] & 0x80) != 0;
            }

            offset = extensions + extensionLength;
        }

        if (offset > end)
        {
            return false;
        }

        rtp = new InboundRtp(packet, packet[offset..end], audioLevel, voiceActivity);
        return true;
    }

    private static bool TryFindExtension(ushort profile, ReadOnlySpan<byte> block, byte id, out ReadOnlySpan<byte> value)
    {
        value = default;
        var oneByte = profile == 0xBEDE;
        if (!oneByte && (profile & 0xFFF0) != 0x1000)
        {
            return false;
        }

        var i = 0;
        while (i < block.Length)
        {
            if (block[i] == 0)
            {
                i++;
                continue;
            }

            int elementId, length, headerLength;
            if (oneByte)
            {
                elementId = block[i] >> 4;
                length = (block[i] & 0x0F) + 1;
                headerLength = 1;
                if (elementId == 15)
                {
                    return false;
                }
            }
            else
            {
                if (i + 1 >= block.Length)
                {
                    return false;
                }

                elementId = block[i];
                length = block[i + 1];
                headerLength = 2;
            }

            if (i + headerLength + length > block.Length)
            {
                return false;
            }

            if (elementId == id)
            {
                value = block.Slice(i + headerLength, length);
                return true;
            }

            i += headerLength + length;
        }

        return false;
    }
}
