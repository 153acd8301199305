namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// The session keys of one SRTP crypto context, derived from the master key and salt (RFC 3711 §4.3, KDR 0).
/// GCM profiles have no authentication keys (the AEAD tag replaces HMAC), so those are empty.
/// </summary>
internal sealed record SrtpSessionKeys(
    byte[] RtpEncryptionKey,
    byte[] RtpAuthenticationKey,
    byte[] RtpSalt,
    byte[] RtcpEncryptionKey,
    byte[] RtcpAuthenticationKey,
    byte[] RtcpSalt);
