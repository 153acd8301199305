using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Together.Bench.Media;

/// <summary>A throwaway ES256 key the bench's node trusts, and voice tokens signed with it (compact JWS, P1363 signature).</summary>
internal sealed class BenchVoiceTokens : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public string Mint(string userId, string room)
    {
        var header = Base64Url.EncodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}"u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new
        {
            sub = userId,
            room,
            speak = true,
            jti = Guid.NewGuid().ToString("N"),
            exp = DateTimeOffset.UtcNow.AddSeconds(50).ToUnixTimeSeconds(),
        }));
        var signature = _key.SignData(
            Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{claims}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => _key.Dispose();
}
