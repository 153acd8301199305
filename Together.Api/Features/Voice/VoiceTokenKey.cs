using System.Security.Cryptography;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Voice;

/// <summary>
/// The P-256 key that signs voice tokens (ES256, DESIGN §6): <c>Voice:SigningKey</c> (PKCS#8 PEM) when configured,
/// else generated on first run into the data directory (mode 600). Media nodes hold only its public half, so a
/// node can verify tokens but never mint them.
/// </summary>
public sealed class VoiceTokenKey : IDisposable
{
    public const string ConfigurationKey = "Voice:SigningKey";

    private VoiceTokenKey(ECDsa key)
    {
        SigningKey = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public ECDsa SigningKey { get; }

    /// <summary>SubjectPublicKeyInfo PEM: what <c>Media:TokenPublicKey</c> expects.</summary>
    public string PublicKeyPem { get; }

    public static VoiceTokenKey Load(IConfiguration configuration, DataDirectory dataDirectory)
    {
        var key = ECDsa.Create();
        var configured = configuration[ConfigurationKey];
        key.ImportFromPem(string.IsNullOrWhiteSpace(configured)
            ? KeyFiles.ReadOrCreate(dataDirectory.Combine("keys", "voice-token.pem"), CreatePem)
            : configured);
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"{ConfigurationKey} must be a P-256 private key.");
        }

        return new VoiceTokenKey(key);
    }

    public void Dispose() => SigningKey.Dispose();

    private static string CreatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
