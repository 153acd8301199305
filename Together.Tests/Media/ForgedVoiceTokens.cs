using System.Text.Json;
using Together.MediaNode.Signaling;

namespace Together.Tests.Media;

/// <summary>
/// Tokens the issuer would never mint (expired, too long-lived, other algorithms, wrong claim types), signed with the
/// issuer's own key so only the broken part makes a node refuse them.
/// </summary>
internal static class ForgedVoiceTokens
{
    public static string SignRaw(this VoiceTokenIssuer issuer, object header, object claims) =>
        issuer.Sign(JsonSerializer.SerializeToUtf8Bytes(header), JsonSerializer.SerializeToUtf8Bytes(claims));

    public static string Forge(
        this VoiceTokenIssuer issuer, string userId, string roomId, DateTimeOffset expires, string algorithm = "ES256") =>
        issuer.SignRaw(
            new { alg = algorithm, typ = "JWT" },
            new { sub = userId, room = roomId, speak = true, jti = Guid.NewGuid().ToString("N"), exp = expires.ToUnixTimeSeconds() });
}
