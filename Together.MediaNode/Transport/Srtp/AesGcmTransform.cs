using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// AEAD_AES_128_GCM (RFC 7714 §8–§9): the RTP header (or the RTCP header and E‖index) is associated data,
/// the payload is encrypted, and a 16-byte tag follows; SRTCP puts E‖index after the tag.
/// </summary>
internal sealed class AesGcmTransform : SrtpTransform
{
    private const int TagLength = 16;
    private const int IndexLength = 4;
    private const int NonceLength = 12;
    private const int RtcpHeaderLength = 8;

    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmTransform(SrtpSessionKeys keys)
    {
        _rtp = new AesGcm(keys.RtpEncryptionKey, TagLength);
        _rtcp = new AesGcm(keys.RtcpEncryptionKey, TagLength);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public override int RtpOverhead => TagLength;
    public override int RtcpOverhead => TagLength + IndexLength;
    public override int SrtcpIndexOffset(int protectedLength) => protectedLength - IndexLength;

    public override void ProtectRtp(Span<byte> buffer, int plainLength, int headerLength, uint ssrc, uint roc, ushort seq)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, ssrc, roc, seq);
        var payload = buffer[headerLength..plainLength];
        _rtp.Encrypt(nonce, payload, payload, buffer.Slice(plainLength, TagLength), buffer[..headerLength]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint roc, ushort seq)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, ssrc, roc, seq);
        var ciphertext = packet[headerLength..^TagLength];
        return TryDecrypt(_rtp, nonce, ciphertext, packet[^TagLength..], packet[..headerLength]);
    }

    public override void ProtectRtcp(Span<byte> buffer, int plainLength, uint ssrc, uint srtcpIndex)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, ssrc, srtcpIndex);
        Span<byte> associated = stackalloc byte[RtcpHeaderLength + IndexLength];
        buffer[..RtcpHeaderLength].CopyTo(associated);
        BinaryPrimitives.WriteUInt32BigEndian(associated[RtcpHeaderLength..], SrtpIndex.EncryptedFlag | srtcpIndex);
        var payload = buffer[RtcpHeaderLength..plainLength];
        _rtcp.Encrypt(nonce, payload, payload, buffer.Slice(plainLength, TagLength), associated);
        associated[RtcpHeaderLength..].CopyTo(buffer[(plainLength + TagLength)..]);
    }

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, ssrc, srtcpIndex);
        Span<byte> associated = stackalloc byte[RtcpHeaderLength + IndexLength];
        packet[..RtcpHeaderLength].CopyTo(associated);
        packet[^IndexLength..].CopyTo(associated[RtcpHeaderLength..]);
        var ciphertext = packet[RtcpHeaderLength..^(TagLength + IndexLength)];
        return TryDecrypt(_rtcp, nonce, ciphertext, packet.Slice(packet.Length - IndexLength - TagLength, TagLength), associated);
    }

    /// <summary>IV = (00 00 ‖ SSRC ‖ ROC ‖ SEQ) XOR salt, RFC 7714 §8.1.</summary>
    private void BuildRtpNonce(Span<byte> nonce, uint ssrc, uint roc, ushort seq)
    {
        nonce[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], seq);
        XorSalt(nonce, _rtpSalt);
    }

    /// <summary>IV = (00 00 ‖ SSRC ‖ 00 00 ‖ 0 ‖ index) XOR salt, RFC 7714 §9.1.</summary>
    private void BuildRtcpNonce(Span<byte> nonce, uint ssrc, uint srtcpIndex)
    {
        nonce[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6..8].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], srtcpIndex);
        XorSalt(nonce, _rtcpSalt);
    }

    private static void XorSalt(Span<byte> nonce, ReadOnlySpan<byte> salt)
    {
        for (var i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= salt[i];
        }
    }

    // AesGcm has no Try form for a wrong tag; the exception is the only signal (and a cost paid by forgers only).
    private static bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> nonce, Span<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associated)
    {
        try
        {
            gcm.Decrypt(nonce, ciphertext, tag, ciphertext, associated);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }
}
