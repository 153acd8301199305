namespace Together.MediaNode.Transport.Rtp;

/// <summary>
/// The header extension ids negotiated on one m-line (a=extmap); 0 means "not negotiated". The node negotiates
/// only these two: ssrc-audio-level (RFC 6464) and sdes:mid (RFC 8843 §15).
/// </summary>
public readonly record struct RtpExtensionIds(byte AudioLevel, byte Mid)
{
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
}
