using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Together.MediaNode.Transport.Stun;

/// <summary>
/// Builds one STUN message in place in a caller's buffer, attribute by attribute. MESSAGE-INTEGRITY and then
/// FINGERPRINT, when wanted, are added last. The buffer must hold <see cref="StunConstants.MaxBuiltMessageLength"/>.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, StunMessageType type, StunTransactionId transactionId)
    {
        if (buffer.Length < StunConstants.MaxBuiltMessageLength)
        {
            throw new ArgumentException("The buffer is too small for a STUN message.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.Write(buffer[8..]);
        _length = StunConstants.HeaderLength;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void AddUsername(ReadOnlySpan<char> username)
    {
        var value = BeginAttribute(StunAttributeType.Username, Encoding.UTF8.GetByteCount(username));
        Encoding.UTF8.GetBytes(username, value);
        EndAttribute(value.Length);
    }

    public void AddSoftware(ReadOnlySpan<char> software)
    {
        var value = BeginAttribute(StunAttributeType.Software, Encoding.UTF8.GetByteCount(software));
        Encoding.UTF8.GetBytes(software, value);
        EndAttribute(value.Length);
    }

    public void AddPriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(AddFixed(StunAttributeType.Priority, 4), priority);

    public void AddUseCandidate() => AddFixed(StunAttributeType.UseCandidate, 0);

    public void AddIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(AddFixed(StunAttributeType.IceControlling, 8), tieBreaker);

    public void AddIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(AddFixed(StunAttributeType.IceControlled, 8), tieBreaker);

    public void AddXorMappedAddress(IPEndPoint endpoint)
    {
        bool v6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        var value = AddFixed(StunAttributeType.XorMappedAddress, v6 ? 20 : 8);
        value[0] = 0;
        value[1] = v6 ? (byte)2 : (byte)1;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(endpoint.Port ^ (int)(StunConstants.MagicCookie >> 16)));
        var address = value[4..];
        endpoint.Address.TryWriteBytes(address, out _);
        var mask = _buffer.Slice(4, 16);
        for (int i = 0; i < address.Length; i++)
        {
            address[i] ^= mask[i];
        }
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): class in hundreds, number modulo 100, then a UTF-8 reason.</summary>
    public void AddErrorCode(int code, ReadOnlySpan<char> reason)
    {
        var value = BeginAttribute(StunAttributeType.ErrorCode, 4 + Encoding.UTF8.GetByteCount(reason));
        value[..2].Clear();
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
        EndAttribute(value.Length);
    }

    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int attributeStart = _length;
        SetHeaderLength(attributeStart + 4 + StunConstants.MessageIntegrityLength);
        var value = AddFixed(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength);
#pragma warning disable CA5350 // RFC 8489 fixes HMAC-SHA1 for MESSAGE-INTEGRITY; browsers send nothing else
        HMACSHA1.HashData(key, _buffer[..attributeStart], value);
#pragma warning restore CA5350
    }

    public void AddFingerprint()
    {
        int attributeStart = _length;
        SetHeaderLength(attributeStart + 8);
        uint crc = Crc32.HashToUInt32(_buffer[..attributeStart]) ^ StunConstants.FingerprintXor;
        BinaryPrimitives.WriteUInt32BigEndian(AddFixed(StunAttributeType.Fingerprint, 4), crc);
    }

    private Span<byte> AddFixed(ushort type, int length)
    {
        var value = BeginAttribute(type, length);
        EndAttribute(length);
        return value;
    }

    private Span<byte> BeginAttribute(ushort type, int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        if (_length + 4 + padded > _buffer.Length)
        {
            throw new InvalidOperationException("The STUN message does not fit its buffer.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        return _buffer.Slice(_length + 4, valueLength);
    }

    private void EndAttribute(int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Clear();
        _length += 4 + padded;
        SetHeaderLength(_length);
    }

    private readonly void SetHeaderLength(int totalLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(totalLength - StunConstants.HeaderLength));
}
