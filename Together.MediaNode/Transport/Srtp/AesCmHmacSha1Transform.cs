using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2.1): AES-CM encryption of the payload, then an 80-bit
/// HMAC-SHA1 tag over the packet and the ROC (RTP) or over the packet and E‖index (RTCP).
/// </summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    private const int TagLength = 10;
    private const int IndexLength = 4;
    private const int RtcpHeaderLength = 8;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Transform(SrtpSessionKeys keys)
    {
        _rtpCipher = new AesCounterMode(keys.RtpEncryptionKey);
        _rtcpCipher = new AesCounterMode(keys.RtcpEncryptionKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthenticationKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthenticationKey);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public override int RtpOverhead => TagLength;
    public override int RtcpOverhead => TagLength + IndexLength;
    public override int SrtcpIndexOffset(int protectedLength) => protectedLength - TagLength - IndexLength;

    public override void ProtectRtp(Span<byte> buffer, int plainLength, int headerLength, uint ssrc, uint roc, ushort seq)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtpSalt, ssrc, ((ulong)roc << 16) | seq);
        _rtpCipher.Apply(iv, buffer[headerLength..plainLength]);
        ComputeRtpTag(buffer[..plainLength], roc, buffer.Slice(plainLength, TagLength));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint roc, ushort seq)
    {
        var authenticated = packet[..^TagLength];
        Span<byte> expected = stackalloc byte[TagLength];
        ComputeRtpTag(authenticated, roc, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet[^TagLength..]))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtpSalt, ssrc, ((ulong)roc << 16) | seq);
        _rtpCipher.Apply(iv, authenticated[headerLength..]);
        return true;
    }

    public override void ProtectRtcp(Span<byte> buffer, int plainLength, uint ssrc, uint srtcpIndex)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtcpSalt, ssrc, srtcpIndex);
        _rtcpCipher.Apply(iv, buffer[RtcpHeaderLength..plainLength]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[plainLength..], SrtpIndex.EncryptedFlag | srtcpIndex);
        ComputeRtcpTag(buffer[..(plainLength + IndexLength)], buffer.Slice(plainLength + IndexLength, TagLength));
    }

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex)
    {
        Span<byte> expected = stackalloc byte[TagLength];
        ComputeRtcpTag(packet[..^TagLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet[^TagLength..]))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtcpSalt, ssrc, srtcpIndex);
        _rtcpCipher.Apply(iv, packet[RtcpHeaderLength..^(TagLength + IndexLength)]);
        return true;
    }

    /// <summary>IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16), RFC 3711 §4.1.1.</summary>
    internal static void BuildIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - (8 * i)));
        }
    }

    private void ComputeRtpTag(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(rocBytes);
        Span<byte> hash = stackalloc byte[20];
        _rtpMac.TryGetHashAndReset(hash, out _);
        hash[..TagLength].CopyTo(tag);
    }

    private void ComputeRtcpTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        _rtcpMac.AppendData(authenticated);
        Span<byte> hash = stackalloc byte[20];
        _rtcpMac.TryGetHashAndReset(hash, out _);
        hash[..TagLength].CopyTo(tag);
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }
}
