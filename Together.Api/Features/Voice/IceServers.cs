using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Together.Api.Domain;

namespace Together.Api.Features.Voice;

/// <summary>
/// The ICE servers a joining client gets: STUN at each plain <c>turn:</c> host, and TURN with credentials of the
/// TURN REST API (draft-uberti-behave-turn-rest): username <c>expiry:userId</c> (Unix seconds), password
/// base64(HMAC-SHA1(shared secret, username)) — what coturn's <c>use-auth-secret</c> checks. None without TURN:
/// the node is ICE-lite with public host candidates, which clients reach directly.
/// </summary>
public sealed class IceServers(IOptions<TurnOptions> options, TimeProvider time)
{
    public IReadOnlyList<IceServerDto> For(long userId)
    {
        var turn = options.Value;
        var urls = turn.UrlList();
        if (urls.Count == 0)
        {
            return [];
        }

        var expiry = (time.GetUtcNow() + turn.CredentialLifetime).ToUnixTimeSeconds();
        var username = $"{expiry.ToString(CultureInfo.InvariantCulture)}:{Snowflake.Format(userId)}";
        var credential = Credential(turn.SharedSecret!, username);
        var stun = urls.Where(url => url.StartsWith("turn:", StringComparison.Ordinal))
            .Select(url => "stun:" + url["turn:".Length..].Split('?')[0])
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return stun.Length == 0
            ? [new IceServerDto(urls, username, credential)]
            : [new IceServerDto(stun, null, null), new IceServerDto(urls, username, credential)];
    }

    /// <remarks>HMAC-SHA1 because coturn's TURN REST API checks exactly that; HMAC-SHA1 is not broken as a MAC.</remarks>
#pragma warning disable CA5350
    public static string Credential(string sharedSecret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
}
