using Org.BouncyCastle.Tls;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>The use_srtp profiles we speak, our preference, and the RFC 5764 §4.2 key export for each.</summary>
public static class DtlsSrtpProfiles
{
    /// <summary>AEAD first: one AES-GCM pass instead of AES-CTR plus HMAC-SHA1, and a stronger tag.</summary>
    public static IReadOnlyList<SrtpProfile> Preference { get; } = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80];

    public static int MasterKeyLength(SrtpProfile profile) => 16;

    public static int MasterSaltLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>Picks the first profile of <paramref name="preference"/> that the peer offered, or null.</summary>
    public static SrtpProfile? Choose(IReadOnlyList<SrtpProfile> preference, IReadOnlyCollection<int> offered)
    {
        foreach (var profile in preference)
        {
            if (offered.Contains((int)profile))
            {
                return profile;
            }
        }

        return null;
    }

    /// <summary>Exports and splits the keying material: client key | server key | client salt | server salt.</summary>
    internal static SrtpKeyMaterial Export(TlsContext context, SrtpProfile profile)
    {
        int key = MasterKeyLength(profile);
        int salt = MasterSaltLength(profile);
        byte[] material = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (key + salt));
        return new SrtpKeyMaterial(
            profile,
            material[..key],
            material[(2 * key)..(2 * key + salt)],
            material[key..(2 * key)],
            material[(2 * key + salt)..]);
    }
}
