using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Together.Api.Domain;

namespace Together.Api.Features.Auth.Tokens;

/// <summary>Mints the short-lived HS256 access tokens, and says how they are validated.</summary>
public sealed class AccessTokenIssuer(JwtSigningKey signingKey, IOptions<AuthOptions> options, TimeProvider time)
{
    public static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.HmacSha256];

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => options.Value.AccessTokenLifetime;

    public string Issue(User user, long sessionId) => Issue(user, sessionId, time.GetUtcNow());

    public string Issue(User user, long sessionId, DateTimeOffset issuedAt)
    {
        var settings = options.Value;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = issuedAt.Add(settings.AccessTokenLifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(TogetherClaims.UserId, Snowflake.Format(user.Id)),
                new Claim(TogetherClaims.SessionId, Snowflake.Format(sessionId)),
                new Claim(TogetherClaims.Username, user.Username),
            ]),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidAlgorithms = AllowedAlgorithms,
        IssuerSigningKey = signingKey.Key,
        ValidateIssuerSigningKey = true,
        ValidIssuer = options.Value.Issuer,
        ValidateIssuer = true,
        ValidAudience = options.Value.Audience,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = TogetherClaims.Username,
    };
}
