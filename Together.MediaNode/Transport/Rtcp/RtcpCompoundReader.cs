using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtcp;

/// <summary>
/// Walks the packets of a (decrypted) compound RTCP packet. Any packet type is returned, so callers skip what
/// they do not handle; a first packet other than SR/RR is allowed (reduced-size RTCP, RFC 5506). A bad version,
/// a length past the end or impossible padding stops the walk with <see cref="IsMalformed"/> set.
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _compound;
    private int _position;

    public RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _compound = compound;
        _position = 0;
        IsMalformed = false;
    }

    public bool IsMalformed { get; private set; }

    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        var remaining = _compound[_position..];
        if (remaining.IsEmpty)
        {
            return false;
        }

        if (remaining.Length < RtcpPacket.HeaderLength || remaining[0] >> 6 != 2)
        {
            return Malformed();
        }

        var length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(remaining[2..]) + 1);
        if (length > remaining.Length)
        {
            return Malformed();
        }

        var raw = remaining[..length];
        var body = raw[RtcpPacket.HeaderLength..];
        if ((raw[0] & 0x20) != 0)
        {
            var padding = raw[^1];
            if (padding == 0 || padding > body.Length)
            {
                return Malformed();
            }

            body = body[..^padding];
        }

        _position += length;
        packet = new RtcpPacket(raw, body);
        return true;
    }

    private bool Malformed()
    {
        IsMalformed = true;
        _position = _compound.Length;
        return false;
    }
}
