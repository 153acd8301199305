namespace Together.MediaNode.Transport.Peer;

public enum PeerDisconnectReason
{
    /// <summary>No authenticated STUN check for 30 s (RFC 7675), or none ever after registration.</summary>
    ConsentExpired,

    /// <summary>The handshake failed: wrong fingerprint, no common profile, timeout, or the handshake cap.</summary>
    DtlsFailed,

    /// <summary>The peer sent close_notify or a fatal alert.</summary>
    DtlsClosed,

    /// <summary>Closed by our side.</summary>
    Closed,
}
