using System.Security.Cryptography;
using System.Text;

namespace Together.Api.Features.Auth.Tokens;

/// <summary>Refresh tokens are 256 random bits, base64url; only their SHA-256 is stored.</summary>
public static class RefreshTokenFactory
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
