using System.Security.Claims;

namespace Together.Api.Features.Auth.Tokens;

/// <summary>Claim names inside access tokens (kept short and unmapped: "sub" stays "sub").</summary>
public static class TogetherClaims
{
    public const string UserId = "sub";
    public const string SessionId = "sid";
    public const string Username = "name";

    public static long GetUserId(this ClaimsPrincipal principal) =>
        long.Parse(principal.FindFirstValue(UserId) ?? throw new InvalidOperationException("No user id claim."),
            System.Globalization.CultureInfo.InvariantCulture);

    public static long GetSessionId(this ClaimsPrincipal principal) =>
        long.Parse(principal.FindFirstValue(SessionId) ?? throw new InvalidOperationException("No session id claim."),
            System.Globalization.CultureInfo.InvariantCulture);
}
