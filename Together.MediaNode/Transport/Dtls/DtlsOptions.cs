using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Transport.Dtls;

public sealed record DtlsOptions
{
    /// <summary>A handshake not finished by then fails (BouncyCastle's default, 0, waits forever).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// First resend of our last flight when no answer came; BouncyCastle doubles it per retry. Its default is
    /// 1 s; Chromium resends after ~50 ms, so ours is only the backstop for a lost final flight.
    /// </summary>
    public TimeSpan HandshakeResend { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Each running handshake holds a thread blocked in BouncyCastle: cap how many run at once.</summary>
    public int MaxConcurrentHandshakes { get; init; } = 16;

    /// <summary>The use_srtp profiles we accept, most preferred first; the server picks the first one the client offered.</summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = DtlsSrtpProfiles.Preference;
}
