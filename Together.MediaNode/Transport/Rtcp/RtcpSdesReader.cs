using System.Buffers.Binary;

namespace Together.MediaNode.Transport.Rtcp;

/// <summary>
/// Walks the chunks of an SDES packet (RFC 3550 §6.5): each is an SSRC and a list of items ended by a zero
/// byte and padded to 32 bits. Returns each chunk's CNAME (empty when it has none).
/// </summary>
public ref struct RtcpSdesReader
{
    public const byte CnameItem = 1;

    private readonly ReadOnlySpan<byte> _body;
    private int _position;
    private int _chunksLeft;

    public RtcpSdesReader(RtcpPacket packet)
    {
        _body = packet.Type == RtcpPacketType.SourceDescription ? packet.Body : [];
        _chunksLeft = packet.Type == RtcpPacketType.SourceDescription ? packet.Count : 0;
        _position = 0;
        IsMalformed = false;
    }

    public bool IsMalformed { get; private set; }

    public bool TryReadNext(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (_chunksLeft == 0)
        {
            return false;
        }

        if (_position + 4 > _body.Length)
        {
            return Malformed();
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(_body[_position..]);
        var position = _position + 4;
        while (true)
        {
            if (position >= _body.Length)
            {
                return Malformed();
            }

            var type = _body[position];
            if (type == 0)
            {
                break;
            }

            if (position + 2 > _body.Length || position + 2 + _body[position + 1] > _body.Length)
            {
                return Malformed();
            }

            var value = _body.Slice(position + 2, _body[position + 1]);
            if (type == CnameItem)
            {
                cname = value;
            }

            position += 2 + value.Length;
        }

        // The terminating zero byte, then padding to the next 32-bit boundary.
        _position = (position + 4) & ~3;
        _chunksLeft--;
        return true;
    }

    private bool Malformed()
    {
        IsMalformed = true;
        _chunksLeft = 0;
        return false;
    }
}
