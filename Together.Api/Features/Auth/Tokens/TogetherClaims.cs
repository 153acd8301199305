using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;

namespace Together.Api.Features.Auth.Tokens;

/// <summary>Claim names inside access tokens (kept short and unmapped: "sub" stays "sub").</summary>
public static class TogetherClaims
{
    public const string UserId = "sub";
    public const string SessionId = "sid";
    public const string Username = "name";
    public const string ExpiresAt = "exp";

    /// <summary>
    /// Reads the user and session ids. False when either is missing or not an id (digits only, positive, in range):
    /// such a token is invalid however well it is signed.
    /// </summary>
    public static bool TryGetIds(this ClaimsPrincipal principal, out long userId, out long sessionId)
    {
        sessionId = 0;
        return TryParseId(principal.FindFirstValue(UserId), out userId)
            && TryParseId(principal.FindFirstValue(SessionId), out sessionId);
    }

    /// <summary>
    /// A principal with only the user id, session id and expiry of a validated one (same authentication type), without
    /// the token object, its other claims or anything that refers to them.
    /// </summary>
    public static ClaimsPrincipal WithOnlyIds(this ClaimsPrincipal principal)
    {
        var identity = principal.Identity as ClaimsIdentity;
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(UserId, principal.FindFirstValue(UserId)!), new Claim(SessionId, principal.FindFirstValue(SessionId)!),
                new Claim(ExpiresAt, principal.FindFirstValue(ExpiresAt)!)],
            identity?.AuthenticationType, identity?.NameClaimType, identity?.RoleClaimType));
    }

    /// <summary>The user id of a principal that passed authentication, which checked it (<see cref="TryGetIds"/>).</summary>
    public static long GetUserId(this ClaimsPrincipal principal) => GetId(principal, UserId);

    /// <summary>The session id of a principal that passed authentication, which checked it.</summary>
    public static long GetSessionId(this ClaimsPrincipal principal) => GetId(principal, SessionId);

    /// <summary>When the access token expires (<c>exp</c>, which token validation requires).</summary>
    public static DateTimeOffset GetExpiresAt(this ClaimsPrincipal principal) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(
            principal.FindFirstValue(ExpiresAt) ?? throw new InvalidOperationException("No expiry claim."),
            NumberStyles.None, CultureInfo.InvariantCulture));

    private static long GetId(ClaimsPrincipal principal, string claim) =>
        TryParseId(principal.FindFirstValue(claim), out var id)
            ? id
            : throw new InvalidOperationException($"The '{claim}' claim is not an id; authentication should have refused the token.");

    private static bool TryParseId([NotNullWhen(true)] string? value, out long id) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
