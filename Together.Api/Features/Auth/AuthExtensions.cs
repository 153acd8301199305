using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Together.Api.Features.Auth.Passwords;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Domain;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Auth;

public static class AuthExtensions
{
    public const string GatewayPath = "/gateway";

    public static IHostApplicationBuilder AddTogetherAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTogetherAccounts();
        services.AddAuthRateLimits();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokenIssuer>((options, issuer) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = issuer.ValidationParameters();
                // The gateway's access_token query parameter arrives here as the Authorization header
                // (Gateway/GatewayTokenQuery), so no log or trace of the request records it.
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = CheckSessionIsActive,
                    OnChallenge = WriteChallengeProblem,
                    OnForbidden = context => context.HttpContext.WriteProblemAsync(
                        StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "You may not do this."),
                };
            });
        services.AddAuthorization();
        return builder;
    }

    /// <summary>Accounts, password hashing and sessions: what the web host and the admin CLI share.</summary>
    public static IServiceCollection AddTogetherAccounts(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, SigningKeyValidation>();
        services.AddOptions<AuthRateLimitOptions>().BindConfiguration(AuthRateLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordAttemptLimiter>();
        services.AddScoped<AccountService>();

        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<SessionActivityCache>();
        services.AddMemoryCache();
        services.AddScoped<SessionService>();
        return services;
    }

    /// <summary>
    /// Claims first: a well-signed token that names no valid user or session is invalid (401), whatever the database
    /// would say. Then the session, and a database that fails to answer is not a reason to sign anyone out: its
    /// exception goes on to the exception handler, which answers 503.
    /// </summary>
    private static async Task CheckSessionIsActive(TokenValidatedContext context)
    {
        if (!context.Principal!.TryGetIds(out var userId, out var sessionId))
        {
            context.Fail(new SecurityTokenException("The token's claims are malformed."));
            return;
        }

        var cache = context.HttpContext.RequestServices.GetRequiredService<SessionActivityCache>();
        if (!await cache.IsActiveAsync(userId, sessionId, context.HttpContext.RequestAborted))
        {
            context.Fail(new SessionEndedException());
            return;
        }

        // The validated identity holds the parsed token and every claim in it, and a gateway connection keeps its
        // principal for its whole life (~1.8 KiB each): keep only what the endpoints and the hub read.
        context.Principal = context.Principal!.WithOnlyIds();
    }

    private static Task WriteChallengeProblem(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (code, detail) = context.AuthenticateFailure switch
        {
            null => (ErrorCodes.Unauthorized, "Sign in first: send an access token as 'Authorization: Bearer <token>'."),
            SecurityTokenExpiredException => (ErrorCodes.TokenExpired, "The access token has expired; refresh it."),
            SessionEndedException => (ErrorCodes.SessionRevoked, "The session of this token has ended; sign in again."),
            _ => (ErrorCodes.InvalidToken, "The access token is not valid."),
        };
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? "Bearer"
            : "Bearer error=\"invalid_token\"";
        return context.HttpContext.WriteProblemAsync(StatusCodes.Status401Unauthorized, code, detail);
    }

    private sealed class SessionEndedException() : SecurityTokenException("The session has ended.");
}
