namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// The cryptographic transform of one profile: what differs between AES-CM/HMAC-SHA1 and AES-GCM. Replay
/// protection and index bookkeeping live in <see cref="SrtpSession"/>; a transform is stateless per packet.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>Bytes an SRTP packet carries beyond its RTP packet (the tag).</summary>
    public abstract int RtpOverhead { get; }

    /// <summary>Bytes an SRTCP packet carries beyond its RTCP packet (tag and E‖index).</summary>
    public abstract int RtcpOverhead { get; }

    /// <summary>Offset of the 4-byte E‖SRTCP-index word in a protected packet of this length.</summary>
    public abstract int SrtcpIndexOffset(int protectedLength);

    /// <summary>Encrypts the payload in place and writes the tag after it.</summary>
    public abstract void ProtectRtp(Span<byte> buffer, int plainLength, int headerLength, uint ssrc, uint roc, ushort seq);

    /// <summary>Verifies the tag and decrypts in place; false when the tag is wrong (the payload bytes are then garbage: drop the packet).</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint roc, ushort seq);

    /// <summary>Encrypts from byte 8, appends E‖index and the tag in the profile's order.</summary>
    public abstract void ProtectRtcp(Span<byte> buffer, int plainLength, uint ssrc, uint srtcpIndex);

    /// <summary>Verifies and decrypts a packet whose E bit is set.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex);

    public abstract void Dispose();

    public static SrtpTransform Create(SrtpProfile profile, SrtpSessionKeys keys) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => new AesCmHmacSha1Transform(keys),
        SrtpProfile.AeadAes128Gcm => new AesGcmTransform(keys),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };
}
