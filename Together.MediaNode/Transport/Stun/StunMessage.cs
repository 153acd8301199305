using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;

namespace Together.MediaNode.Transport.Stun;

/// <summary>
/// A parsed view over one STUN message (RFC 8489): the header and the offsets of the attributes ICE needs.
/// Parsing copies nothing and allocates nothing; malformed input makes <see cref="TryParse"/> return false.
/// </summary>
public readonly ref struct StunMessage
{
    private const int Absent = -1;

    private readonly int _usernameOffset;
    private readonly int _usernameLength;
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;
    private readonly int _xorMappedOffset;
    private readonly int _xorMappedLength;
    private readonly int _errorCodeOffset;
    private readonly int _errorCodeLength;

    private StunMessage(ReadOnlySpan<byte> buffer, AttributeIndex index)
    {
        Buffer = buffer;
        Type = (StunMessageType)BinaryPrimitives.ReadUInt16BigEndian(buffer);
        _usernameOffset = index.UsernameOffset;
        _usernameLength = index.UsernameLength;
        _integrityOffset = index.IntegrityOffset;
        _fingerprintOffset = index.FingerprintOffset;
        _xorMappedOffset = index.XorMappedOffset;
        _xorMappedLength = index.XorMappedLength;
        _errorCodeOffset = index.ErrorCodeOffset;
        _errorCodeLength = index.ErrorCodeLength;
        Priority = index.Priority;
        HasPriority = index.HasPriority;
        UseCandidate = index.UseCandidate;
        IceControlling = index.IceControlling;
        IceControlled = index.IceControlled;
        HasUnknownComprehensionRequiredAttribute = index.UnknownRequired;
    }

    /// <summary>The whole message (exactly header + declared length).</summary>
    public ReadOnlySpan<byte> Buffer { get; }

    public StunMessageType Type { get; }

    public ReadOnlySpan<byte> TransactionIdBytes => Buffer.Slice(8, StunConstants.TransactionIdLength);

    public StunTransactionId TransactionId => StunTransactionId.Read(TransactionIdBytes);

    public bool HasUsername => _usernameOffset != Absent;

    public ReadOnlySpan<byte> Username => HasUsername ? Buffer.Slice(_usernameOffset, _usernameLength) : default;

    public bool HasMessageIntegrity => _integrityOffset != Absent;

    public bool HasFingerprint => _fingerprintOffset != Absent;

    public bool HasPriority { get; }

    public uint Priority { get; }

    public bool UseCandidate { get; }

    public ulong? IceControlling { get; }

    public ulong? IceControlled { get; }

    public bool HasUnknownComprehensionRequiredAttribute { get; }

    /// <summary>The ERROR-CODE number (e.g. 401), or 0 when absent.</summary>
    public int ErrorCode => _errorCodeOffset == Absent || _errorCodeLength < 4
        ? 0
        : (Buffer[_errorCodeOffset + 2] & 0x7) * 100 + Buffer[_errorCodeOffset + 3];

    /// <summary>
    /// Checks that <paramref name="datagram"/> is exactly one well-formed STUN message. A datagram with trailing
    /// bytes, a bad cookie, a truncated attribute or a misplaced FINGERPRINT is refused.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (datagram.Length < StunConstants.HeaderLength || (datagram[0] & 0xC0) != 0)
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((bodyLength & 3) != 0 || StunConstants.HeaderLength + bodyLength != datagram.Length
            || BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != StunConstants.MagicCookie)
        {
            return false;
        }

        if (!AttributeIndex.TryBuild(datagram, out var index))
        {
            return false;
        }

        message = new StunMessage(datagram, index);
        return true;
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7): CRC-32 of everything before it, XOR 0x5354554E.</summary>
    public bool VerifyFingerprint()
    {
        if (!HasFingerprint)
        {
            return false;
        }

        uint expected = Crc32.HashToUInt32(Buffer[.._fingerprintOffset]) ^ StunConstants.FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(Buffer[(_fingerprintOffset + 4)..]) == expected;
    }

    /// <summary>
    /// MESSAGE-INTEGRITY (RFC 8489 §14.5) with a short-term key (the ICE password bytes): HMAC-SHA1 over the
    /// message up to the attribute, the header length patched as if MESSAGE-INTEGRITY were last.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (!HasMessageIntegrity)
        {
            return false;
        }

        int covered = _integrityOffset;
        byte[]? rented = covered > 1024 ? ArrayPool<byte>.Shared.Rent(covered) : null;
        Span<byte> copy = rented is null ? stackalloc byte[covered] : rented.AsSpan(0, covered);
        Buffer[..covered].CopyTo(copy);
        BinaryPrimitives.WriteUInt16BigEndian(copy[2..],
            (ushort)(covered + 4 + StunConstants.MessageIntegrityLength - StunConstants.HeaderLength));
        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
#pragma warning disable CA5350 // RFC 8489 fixes HMAC-SHA1 for MESSAGE-INTEGRITY; browsers send nothing else
        HMACSHA1.HashData(key, copy, mac);
#pragma warning restore CA5350
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return CryptographicOperations.FixedTimeEquals(mac,
            Buffer.Slice(_integrityOffset + 4, StunConstants.MessageIntegrityLength));
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS (IPv4 XOR the cookie; IPv6 XOR cookie ‖ transaction ID).</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (_xorMappedOffset == Absent || _xorMappedLength < 8)
        {
            return false;
        }

        var value = Buffer.Slice(_xorMappedOffset, _xorMappedLength);
        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(StunConstants.MagicCookie >> 16);
        Span<byte> mask = stackalloc byte[16];
        Buffer.Slice(4, 16).CopyTo(mask);
        int addressLength = value[1] switch { 1 => 4, 2 => 16, _ => 0 };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        Span<byte> address = stackalloc byte[addressLength];
        for (int i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        endpoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    /// <summary>Where each attribute ICE needs sits; built in one pass over the attribute list.</summary>
    private struct AttributeIndex
    {
        public int UsernameOffset, UsernameLength, IntegrityOffset, FingerprintOffset;
        public int XorMappedOffset, XorMappedLength, ErrorCodeOffset, ErrorCodeLength;
        public uint Priority;
        public bool HasPriority, UseCandidate, UnknownRequired;
        public ulong? IceControlling, IceControlled;

        public static bool TryBuild(ReadOnlySpan<byte> message, out AttributeIndex index)
        {
            index = new AttributeIndex
            {
                UsernameOffset = Absent, IntegrityOffset = Absent, FingerprintOffset = Absent,
                XorMappedOffset = Absent, ErrorCodeOffset = Absent,
            };
            int position = StunConstants.HeaderLength;
            while (position < message.Length)
            {
                if (index.FingerprintOffset != Absent || message.Length - position < 4)
                {
                    return false;
                }

                ushort type = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
                int length = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
                int valueOffset = position + 4;
                int padded = (length + 3) & ~3;
                if (padded > message.Length - valueOffset)
                {
                    return false;
                }

                var value = message.Slice(valueOffset, length);
                bool afterIntegrity = index.IntegrityOffset != Absent;
                if (type == StunAttributeType.Fingerprint)
                {
                    if (length != 4)
                    {
                        return false;
                    }

                    index.FingerprintOffset = position;
                }
                else if (!afterIntegrity && !index.Record(type, position, valueOffset, value))
                {
                    return false;
                }

                position = valueOffset + padded;
            }

            return true;
        }

        /// <summary>Notes one attribute; the first of each kind wins, and attributes after MESSAGE-INTEGRITY are ignored.</summary>
        private bool Record(ushort type, int position, int valueOffset, ReadOnlySpan<byte> value)
        {
            switch (type)
            {
                case StunAttributeType.Username when UsernameOffset == Absent:
                    UsernameOffset = valueOffset;
                    UsernameLength = value.Length;
                    break;
                case StunAttributeType.MessageIntegrity:
                    if (value.Length != StunConstants.MessageIntegrityLength)
                    {
                        return false;
                    }

                    IntegrityOffset = position;
                    break;
                case StunAttributeType.XorMappedAddress when XorMappedOffset == Absent:
                    XorMappedOffset = valueOffset;
                    XorMappedLength = value.Length;
                    break;
                case StunAttributeType.ErrorCode when ErrorCodeOffset == Absent:
                    ErrorCodeOffset = valueOffset;
                    ErrorCodeLength = value.Length;
                    break;
                case StunAttributeType.Priority when !HasPriority:
                    if (value.Length != 4)
                    {
                        return false;
                    }

                    Priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                    HasPriority = true;
                    break;
                case StunAttributeType.UseCandidate:
                    UseCandidate = true;
                    break;
                case StunAttributeType.IceControlling when IceControlling is null:
                    if (value.Length != 8)
                    {
                        return false;
                    }

                    IceControlling = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case StunAttributeType.IceControlled when IceControlled is null:
                    if (value.Length != 8)
                    {
                        return false;
                    }

                    IceControlled = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case StunAttributeType.Username or StunAttributeType.XorMappedAddress or StunAttributeType.ErrorCode
                    or StunAttributeType.Priority or StunAttributeType.IceControlling or StunAttributeType.IceControlled
                    or StunAttributeType.MappedAddress or StunAttributeType.UnknownAttributes:
                    break;
                default:
                    UnknownRequired |= StunAttributeType.IsComprehensionRequired(type);
                    break;
            }

            return true;
        }
    }
}
