using Together.MediaNode.Transport.Rtp;

namespace Together.MediaNode.Transport.Sdp;

/// <summary>Reads what the node needs from the peer's SDP: transport parameters and each audio m-line's codec and ids.</summary>
internal static class SdpRemoteReader
{
    /// <summary>
    /// ICE credentials and the DTLS fingerprint of the accepted m-lines (m-line level first, then session level).
    /// They must agree across the bundle: one transport, one certificate.
    /// </summary>
    public static bool TryReadTransport(SessionDescription sdp, IEnumerable<MediaDescription> bundled, out SdpRemoteTransport? remote, out string? error)
    {
        remote = null;
        string? ufrag = null, pwd = null, fingerprint = null;
        foreach (var media in bundled)
        {
            var mediaUfrag = media.GetAttribute("ice-ufrag") ?? sdp.GetAttribute("ice-ufrag");
            var mediaPwd = media.GetAttribute("ice-pwd") ?? sdp.GetAttribute("ice-pwd");
            var mediaFingerprint = media.GetAttribute("fingerprint") ?? sdp.GetAttribute("fingerprint");
            if (ufrag is not null && (mediaUfrag != ufrag || mediaPwd != pwd || mediaFingerprint != fingerprint))
            {
                error = "The bundled m-lines disagree on ICE credentials or DTLS fingerprint.";
                return false;
            }

            (ufrag, pwd, fingerprint) = (mediaUfrag, mediaPwd, mediaFingerprint);
        }

        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            error = "The SDP has no a=ice-ufrag / a=ice-pwd.";
            return false;
        }

        var parts = fingerprint?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (parts.Length != 2)
        {
            error = "The SDP has no a=fingerprint.";
            return false;
        }

        remote = new SdpRemoteTransport(ufrag, pwd, parts[0].ToLowerInvariant(), parts[1].ToUpperInvariant());
        error = null;
        return true;
    }

    public static RtpExtensionIds ReadExtensionIds(MediaDescription media) =>
        new(media.FindExtensionId(RtpExtensionIds.AudioLevelUri), media.FindExtensionId(RtpExtensionIds.MidUri));
}
