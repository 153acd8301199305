using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtp;

/// <summary>
/// The fixed RTP header, its CSRC list and the location of its header extension (RFC 3550 §5.1, RFC 8285),
/// read from a packet without copying. Parsing checks only the header's structure: the payload of an SRTP
/// packet is still encrypted, so padding is read separately with <see cref="TryGetPayload"/>.
/// </summary>
public readonly ref struct RtpHeader
{
    public const int FixedLength = 12;
    public const int Version2 = 2;

    private readonly ReadOnlySpan<byte> _packet;

    private RtpHeader(ReadOnlySpan<byte> packet, int headerLength, int extensionOffset, int extensionLength)
    {
        _packet = packet;
        HeaderLength = headerLength;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
    }

    public bool HasPadding => (_packet[0] & 0x20) != 0;
    public bool HasExtension => (_packet[0] & 0x10) != 0;
    public int CsrcCount => _packet[0] & 0x0F;
    public bool Marker => (_packet[1] & 0x80) != 0;
    public byte PayloadType => (byte)(_packet[1] & 0x7F);
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>Fixed header, CSRCs and the whole extension block: where the payload starts.</summary>
    public int HeaderLength { get; }

    /// <summary>Offset of the 4-byte extension header (profile and length), or -1 without an extension.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Bytes of extension elements after the 4-byte extension header.</summary>
    public int ExtensionLength { get; }

    /// <summary>The 16-bit "defined by profile" word: 0xBEDE one-byte, 0x100X two-byte (RFC 8285).</summary>
    public ushort ExtensionProfile => ExtensionOffset < 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_packet[ExtensionOffset..]);

    public ReadOnlySpan<byte> ExtensionElements =>
        ExtensionOffset < 0 ? [] : _packet.Slice(ExtensionOffset + 4, ExtensionLength);

    public RtpExtensionReader GetExtensionReader() => new(ExtensionProfile, ExtensionElements);

    /// <summary>The value of the extension element with this id (one-byte or two-byte form).</summary>
    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (id == 0 || ExtensionOffset < 0)
        {
            return false;
        }

        var reader = GetExtensionReader();
        while (reader.TryReadNext(out var elementId, out var elementValue))
        {
            if (elementId == id)
            {
                value = elementValue;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The RFC 6464 client-to-mixer audio level: the V (voice activity) bit and the level in −dBov, 0 loudest
    /// and 127 silence.
    /// </summary>
    public bool TryGetAudioLevel(byte id, out bool voiceActivity, out byte level)
    {
        voiceActivity = false;
        level = 0;
        if (!TryGetExtension(id, out var value) || value.IsEmpty)
        {
            return false;
        }

        voiceActivity = (value[0] & 0x80) != 0;
        level = (byte)(value[0] & 0x7F);
        return true;
    }

    public uint GetCsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedLength + (4 * index))..]);

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedLength || packet[0] >> 6 != Version2)
        {
            return false;
        }

        var length = FixedLength + (4 * (packet[0] & 0x0F));
        var extensionOffset = -1;
        var extensionLength = 0;
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            extensionOffset = length;
            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]);
            length += 4 + extensionLength;
        }

        if (packet.Length < length)
        {
            return false;
        }

        header = new RtpHeader(packet, length, extensionOffset, extensionLength);
        return true;
    }

    /// <summary>
    /// The payload of a decrypted packet without its padding (RFC 3550 §5.1: the last byte counts the padding
    /// bytes, itself included); false when that count is zero or runs into the header.
    /// </summary>
    public bool TryGetPayload(out int offset, out int length)
    {
        offset = HeaderLength;
        length = _packet.Length - HeaderLength;
        if (!HasPadding)
        {
            return true;
        }

        var padding = length > 0 ? _packet[^1] : 0;
        if (padding == 0 || padding > length)
        {
            length = 0;
            return false;
        }

        length -= padding;
        return true;
    }
}
