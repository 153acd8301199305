using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Together.MediaNode.Signaling;

/// <summary>
/// Mints voice tokens (DESIGN §6): compact JWS, ES256 with an IEEE P1363 signature, claims <c>sub</c>, <c>room</c>,
/// <c>speak</c>, <c>jti</c> and <c>exp</c> at most <see cref="VoiceTokenVerifier.MaxLifetime"/> ahead. The one place
/// the contract <see cref="VoiceTokenVerifier"/> checks is written: the Api signs with it, tests and bench too.
/// </summary>
public sealed class VoiceTokenIssuer : IDisposable
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(30);

    private static readonly byte[] Header = JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT" });

    private readonly ECDsa _key;
    private readonly TimeProvider _time;

    /// <param name="privateKeyPem">A P-256 private key (PKCS#8 or SEC1 PEM).</param>
    public VoiceTokenIssuer(string privateKeyPem, TimeProvider time)
    {
        _key = ECDsa.Create();
        try
        {
            _key.ImportFromPem(privateKeyPem);
            if (_key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ArgumentException("Voice tokens are signed with a P-256 key.", nameof(privateKeyPem));
            }
        }
        catch
        {
            _key.Dispose();
            throw;
        }

        _time = time;
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>SubjectPublicKeyInfo PEM: what <c>Media:TokenPublicKey</c> expects.</summary>
    public string PublicKeyPem { get; }

    /// <summary>An issuer with a fresh key of its own, for tests and benchmarks that run their own node.</summary>
    public static VoiceTokenIssuer WithNewKey(TimeProvider? time = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new VoiceTokenIssuer(key.ExportPkcs8PrivateKeyPem(), time ?? TimeProvider.System);
    }

    /// <summary>A token letting <paramref name="userId"/> join <paramref name="roomId"/> once, within <paramref name="lifetime"/>.</summary>
    public string Issue(string userId, string roomId, bool canSpeak = true, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        var life = lifetime ?? DefaultLifetime;
        if (life <= TimeSpan.Zero || life > VoiceTokenVerifier.MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(
                nameof(lifetime), life, $"A voice token lives more than 0 and at most {VoiceTokenVerifier.MaxLifetime.TotalSeconds} s.");
        }

        var claims = JsonSerializer.SerializeToUtf8Bytes(new
        {
            sub = userId,
            room = roomId,
            speak = canSpeak,
            jti = Guid.NewGuid().ToString("N"),
            exp = (_time.GetUtcNow() + life).ToUnixTimeSeconds(),
        });
        return Sign(Header, claims);
    }

    /// <summary>Signs any header and claims: <see cref="Issue"/> uses it, and tests craft the tokens a node must refuse.</summary>
    internal string Sign(ReadOnlySpan<byte> header, ReadOnlySpan<byte> claims)
    {
        var signedPart = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(claims)}";
        var signature = _key.SignData(
            Encoding.ASCII.GetBytes(signedPart), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signedPart}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => _key.Dispose();
}
