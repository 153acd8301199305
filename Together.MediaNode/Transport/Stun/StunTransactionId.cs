using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Together.MediaNode.Transport.Stun;

/// <summary>The 96-bit transaction ID, held by value so that retransmission state allocates nothing.</summary>
public readonly record struct StunTransactionId(ulong High, uint Low)
{
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[StunConstants.TransactionIdLength];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    public static StunTransactionId Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Low);
    }
}
