namespace Together.MediaNode.Transport.Sdp;

/// <summary>
/// What the node puts in every SDP it writes for one peer: its ICE credentials (RFC 8839 §5.4: ufrag ≥ 4 and
/// pwd ≥ 22 characters of ice-char), the SHA-256 fingerprint of its DTLS certificate ("AB:CD:..."), its
/// candidates, and the o= line's session id (kept for the session; the version increases with each SDP).
/// </summary>
public sealed record SdpLocalTransport(
    string IceUfrag,
    string IcePwd,
    string FingerprintSha256,
    IReadOnlyList<SdpCandidate> Candidates,
    ulong SessionId);

/// <summary>A stream the node sends on an m-line: its SSRC and the ids Chromium shows as stream and track.</summary>
public sealed record SdpSendingStream(uint Ssrc, string Cname, string StreamId, string TrackId);
