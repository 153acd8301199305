namespace Together.MediaNode.Transport.Srtp;

/// <summary>The SRTP protection profiles the node negotiates in DTLS use_srtp (RFC 5764, RFC 7714).</summary>
public enum SrtpProfile : ushort
{
    AesCm128HmacSha1_80 = 0x0001,
    AeadAes128Gcm = 0x0007,
}
