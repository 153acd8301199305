using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Together.Tests.Media;

/// <summary>
/// Mints voice tokens the way the Api will (compact JWS, ES256, IEEE P1363 signature) with a key of the test's own,
/// so media tests need no Api.
/// </summary>
public sealed class TestVoiceTokens : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public string Mint(
        string userId, string roomId, bool canSpeak = true, TimeSpan? lifetime = null, string? tokenId = null,
        DateTimeOffset? now = null, string algorithm = "ES256") =>
        MintRaw(
            new { alg = algorithm, typ = "JWT" },
            new
            {
                sub = userId,
                room = roomId,
                speak = canSpeak,
                jti = tokenId ?? Guid.NewGuid().ToString("N"),
                exp = ((now ?? DateTimeOffset.UtcNow) + (lifetime ?? TimeSpan.FromSeconds(30))).ToUnixTimeSeconds(),
            });

    public string MintRaw(object header, object claims)
    {
        var signedPart = $"{Encode(JsonSerializer.SerializeToUtf8Bytes(header))}.{Encode(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = _key.SignData(
            Encoding.ASCII.GetBytes(signedPart), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signedPart}.{Encode(signature)}";
    }

    private static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public void Dispose() => _key.Dispose();
}
