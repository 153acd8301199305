namespace Together.MediaNode.Transport.Rtp;

/// <summary>
/// Walks the elements of an RFC 8285 header extension block in either form: one-byte (profile 0xBEDE: 4-bit
/// id, 4-bit length − 1) or two-byte (profile 0x100x: id byte, length byte). Padding bytes (id 0) are skipped,
/// id 15 ends a one-byte block, and an element running past the block stops the walk as <see cref="IsMalformed"/>.
/// </summary>
public ref struct RtpExtensionReader
{
    public const ushort OneByteProfile = 0xBEDE;
    public const ushort TwoByteProfile = 0x1000;
    public const ushort TwoByteProfileMask = 0xFFF0;

    private readonly ReadOnlySpan<byte> _elements;
    private readonly bool _oneByte;
    private int _position;

    public RtpExtensionReader(ushort profile, ReadOnlySpan<byte> elements)
    {
        _oneByte = profile == OneByteProfile;
        var twoByte = (profile & TwoByteProfileMask) == TwoByteProfile;
        _elements = _oneByte || twoByte ? elements : [];
        _position = 0;
        IsMalformed = false;
    }

    public bool IsMalformed { get; private set; }

    public bool TryReadNext(out byte id, out ReadOnlySpan<byte> value)
    {
        id = 0;
        value = default;
        while (_position < _elements.Length)
        {
            var first = _elements[_position];
            if (first == 0)
            {
                _position++;
                continue;
            }

            int length;
            int dataOffset;
            if (_oneByte)
            {
                id = (byte)(first >> 4);
                if (id == 15)
                {
                    _position = _elements.Length;
                    return false;
                }

                length = (first & 0x0F) + 1;
                dataOffset = _position + 1;
            }
            else
            {
                if (_position + 2 > _elements.Length)
                {
                    return Malformed();
                }

                id = first;
                length = _elements[_position + 1];
                dataOffset = _position + 2;
            }

            if (dataOffset + length > _elements.Length)
            {
                return Malformed();
            }

            value = _elements.Slice(dataOffset, length);
            _position = dataOffset + length;
            return true;
        }

        return false;
    }

    private bool Malformed()
    {
        IsMalformed = true;
        _position = _elements.Length;
        return false;
    }
}
