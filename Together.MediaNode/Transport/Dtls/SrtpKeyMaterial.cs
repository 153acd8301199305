using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// What a finished DTLS-SRTP handshake hands to SRTP: the negotiated profile and the keys exported with
/// the label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2), split into the client's and the server's halves.
/// </summary>
public sealed record SrtpKeyMaterial(
    SrtpProfile Profile,
    byte[] ClientMasterKey,
    byte[] ClientMasterSalt,
    byte[] ServerMasterKey,
    byte[] ServerMasterSalt);
