namespace Together.MediaNode.Transport.Srtp;

/// <summary>Key, salt and tag sizes of each profile (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
internal sealed record SrtpProfileParameters(
    int MasterKeyLength,
    int MasterSaltLength,
    int SessionKeyLength,
    int SessionSaltLength,
    int AuthenticationKeyLength,
    int TagLength)
{
    private static readonly SrtpProfileParameters AesCm128HmacSha1_80 = new(16, 14, 16, 14, 20, 10);
    private static readonly SrtpProfileParameters AeadAes128Gcm = new(16, 12, 16, 12, 0, 16);

    public static SrtpProfileParameters For(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => AesCm128HmacSha1_80,
        SrtpProfile.AeadAes128Gcm => AeadAes128Gcm,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };
}
