using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtp;

/// <summary>
/// Writes the header extension block the node sends: an optional audio level and an optional mid, in the
/// one-byte form when ids and lengths allow it (ids 1–14, values 1–16 bytes), else the two-byte form (RFC 8285).
/// </summary>
internal static class RtpExtensionBlock
{
    public const int NoAudioLevel = -1;
    private const int MaxOneByteId = 14;
    private const int MaxOneByteLength = 16;

    /// <summary>Bytes the block takes (0 when there is nothing to write), or -1 when it cannot be encoded.</summary>
    public static int Measure(byte audioLevelId, int audioLevel, byte midId, ReadOnlySpan<byte> mid)
    {
        var writeLevel = audioLevelId != 0 && audioLevel != NoAudioLevel;
        var writeMid = midId != 0 && !mid.IsEmpty;
        if (!writeLevel && !writeMid)
        {
            return 0;
        }

        if (mid.Length > byte.MaxValue)
        {
            return -1;
        }

        var oneByte = UsesOneByteForm(writeLevel, audioLevelId, writeMid, midId, mid.Length);
        var header = oneByte ? 1 : 2;
        var elements = (writeLevel ? header + 1 : 0) + (writeMid ? header + mid.Length : 0);
        return 4 + ((elements + 3) & ~3);
    }

    public static void Write(Span<byte> destination, byte audioLevelId, int audioLevel, byte midId, ReadOnlySpan<byte> mid)
    {
        var writeLevel = audioLevelId != 0 && audioLevel != NoAudioLevel;
        var writeMid = midId != 0 && !mid.IsEmpty;
        var oneByte = UsesOneByteForm(writeLevel, audioLevelId, writeMid, midId, mid.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination, oneByte ? RtpExtensionReader.OneByteProfile : RtpExtensionReader.TwoByteProfile);
        var position = 4;
        if (writeLevel)
        {
            position += WriteElement(destination[position..], oneByte, audioLevelId, [(byte)audioLevel]);
        }

        if (writeMid)
        {
            position += WriteElement(destination[position..], oneByte, midId, mid);
        }

        var padded = (position + 3) & ~3;
        destination[position..padded].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((padded - 4) / 4));
    }

    private static bool UsesOneByteForm(bool writeLevel, byte audioLevelId, bool writeMid, byte midId, int midLength) =>
        (!writeLevel || audioLevelId <= MaxOneByteId)
        && (!writeMid || (midId <= MaxOneByteId && midLength <= MaxOneByteLength));

    private static int WriteElement(Span<byte> destination, bool oneByte, byte id, ReadOnlySpan<byte> value)
    {
        if (oneByte)
        {
            destination[0] = (byte)((id << 4) | (value.Length - 1));
            value.CopyTo(destination[1..]);
            return 1 + value.Length;
        }

        destination[0] = id;
        destination[1] = (byte)value.Length;
        value.CopyTo(destination[2..]);
        return 2 + value.Length;
    }
}
