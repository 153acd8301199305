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
    ulong SessionId)
{
    /// <summary>
    /// Throws when the node's own parameters would make browsers refuse the SDP: a programming error, not bad
    /// input. JSEP §5.2.1 wants the o= session id below 2^63.
    /// </summary>
    internal void Validate()
    {
        if (!IsIceString(IceUfrag, 4) || !IsIceString(IcePwd, 22))
        {
            throw new ArgumentException("ICE ufrag needs ≥ 4 and pwd ≥ 22 characters of ALPHA / DIGIT / '+' / '/' (RFC 8839 §5.4).");
        }

        if (FingerprintSha256.Length != (32 * 3) - 1 || !FingerprintSha256.Split(':').All(pair => pair.Length == 2 && pair.All(char.IsAsciiHexDigit)))
        {
            throw new ArgumentException("The fingerprint must be 32 colon-separated hex bytes (SHA-256).");
        }

        if (SessionId > long.MaxValue)
        {
            throw new ArgumentException("The o= session id must be below 2^63.");
        }
    }

    private static bool IsIceString(string value, int minimumLength) =>
        value.Length >= minimumLength && value.Length <= 256 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/');
}

/// <summary>A stream the node sends on an m-line: its SSRC and the ids Chromium shows as stream and track.</summary>
public sealed record SdpSendingStream(uint Ssrc, string Cname, string StreamId, string TrackId);
