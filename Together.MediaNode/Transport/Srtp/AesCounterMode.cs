using System.Numerics;
using System.Security.Cryptography;

namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): the IV's low 16 bits count the 16-byte blocks.
/// .NET has no CTR mode, so counter blocks are ECB-encrypted in batches. A reused <see cref="ICryptoTransform"/>
/// is used because <c>Aes.EncryptEcb</c> creates a native context (and allocates) on every call.
/// Not thread-safe: the owning <see cref="SrtpSession"/> serialises calls.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;
    private const int BatchBlocks = 64;
    private const int MaxBlocks = 1 << 16;

    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _counters = new byte[BatchBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[BatchBlocks * BlockSize];

    public AesCounterMode(byte[] key)
    {
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor(key, null);
    }

    /// <summary>Largest span <see cref="Apply"/> accepts: the 16-bit block counter must not wrap.</summary>
    public const int MaxLength = MaxBlocks * BlockSize;

    /// <summary>XORs <paramref name="data"/> with the keystream starting at <paramref name="iv"/> (whose low 16 bits are zero).</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var block = 0;
        while (!data.IsEmpty)
        {
            var chunk = Math.Min(data.Length, _keystream.Length);
            var blocks = (chunk + BlockSize - 1) / BlockSize;
            for (var i = 0; i < blocks; i++, block++)
            {
                var counter = _counters.AsSpan(i * BlockSize, BlockSize);
                iv.CopyTo(counter);
                counter[14] = (byte)(block >> 8);
                counter[15] = (byte)block;
            }

            _encryptor.TransformBlock(_counters, 0, blocks * BlockSize, _keystream, 0);
            Xor(data[..chunk], _keystream.AsSpan(0, chunk));
            data = data[chunk..];
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var result = new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..]);
                result.CopyTo(data[i..]);
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }
}
