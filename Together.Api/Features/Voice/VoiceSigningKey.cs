using System.Security.Cryptography;
using Together.Api.Infrastructure;
using Together.MediaNode.Signaling;
using Together.ServiceDefaults;

namespace Together.Api.Features.Voice;

/// <summary>
/// The P-256 key that signs voice tokens (ES256, DESIGN §6): <c>Voice:SigningKey</c> (PKCS#8 PEM) when configured,
/// else generated on first run into the data directory (mode 600). Media nodes hold only its public half, so a
/// node can verify tokens but never mint them.
/// </summary>
public static class VoiceSigningKey
{
    public const string ConfigurationKey = "Voice:SigningKey";

    public static VoiceTokenIssuer CreateIssuer(IConfiguration configuration, DataDirectory dataDirectory, TimeProvider time)
    {
        var configured = configuration[ConfigurationKey];
        var privateKeyPem = string.IsNullOrWhiteSpace(configured)
            ? KeyFiles.ReadOrCreateP256(dataDirectory.Combine("keys", "voice-token.pem")).PrivateKeyPem
            : configured;
        try
        {
            return new VoiceTokenIssuer(privateKeyPem, time);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException($"{ConfigurationKey} must be a P-256 private key (PKCS#8 PEM).", ex);
        }
    }
}
