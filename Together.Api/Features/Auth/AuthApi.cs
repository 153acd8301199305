using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Users;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Auth;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth").WithJsonBodyLimit();

        group.MapPost("/register", RegisterAsync)
            .RequireRateLimiting(AuthRateLimits.RegisterPolicy)
            .WithSummary("Create an account and sign in")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/login", LoginAsync)
            .RequireRateLimiting(AuthRateLimits.LoginPolicy)
            .WithSummary("Sign in with a username or email and a password")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/refresh", RefreshAsync)
            .RequireRateLimiting(AuthRateLimits.RefreshPolicy)
            .WithSummary("Exchange a refresh token for a new token pair")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var signedIn = group.MapGroup("").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        signedIn.MapPost("/logout", LogoutAsync).WithSummary("End this session");
        signedIn.MapGet("/sessions", ListSessionsAsync).WithSummary("List this user's active sessions");
        signedIn.MapDelete("/sessions/{id:long}", RevokeSessionAsync)
            .WithSummary("End one of this user's sessions")
            .ProducesProblem(StatusCodes.Status404NotFound);
        signedIn.MapDelete("/sessions", RevokeAllSessionsAsync).WithSummary("End every session of this user (log out everywhere)");

        return group;
    }

    private static async Task<Created<AuthResponse>> RegisterAsync(
        RegisterRequest request,
        AccountService accounts,
        SessionService sessions,
        RegistrationLimiter limiter,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        limiter.Acquire(request.Username);
        // The first account of a fresh instance administers it, so whoever installs Together can run it from the
        // browser. Two registrations racing on an empty instance may both become administrators.
        var first = !await accounts.AnyExistAsync(cancellationToken);
        var user = await accounts.CreateAsync(request.Username, request.Password, request.Email, request.DisplayName,
            isAdmin: first, cancellationToken);
        var response = await sessions.StartAsync(user, httpContext, cancellationToken);
        return TypedResults.Created($"/api/users/{Snowflake.Format(user.Id)}", response);
    }

    private static async Task<Ok<AuthResponse>> LoginAsync(
        LoginRequest request,
        AccountService accounts,
        SessionService sessions,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var user = await accounts.SignInAsync(request.Login, request.Password, httpContext.GetClientAddress(), cancellationToken);
        return TypedResults.Ok(await sessions.StartAsync(user, httpContext, cancellationToken));
    }

    private static async Task<Ok<AuthResponse>> RefreshAsync(
        RefreshRequest request, SessionService sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sessions.RefreshAsync(request.RefreshToken, cancellationToken));

    private static async Task<NoContent> LogoutAsync(
        ClaimsPrincipal principal, SessionService sessions, CancellationToken cancellationToken)
    {
        await sessions.RevokeAsync(principal.GetUserId(), principal.GetSessionId(), SessionRevocationReasons.Logout,
            cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<SessionDto>>> ListSessionsAsync(
        ClaimsPrincipal principal, SessionService sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sessions.ListAsync(principal.GetUserId(), principal.GetSessionId(), cancellationToken));

    private static async Task<NoContent> RevokeSessionAsync(
        long id, ClaimsPrincipal principal, SessionService sessions, CancellationToken cancellationToken)
    {
        if (!await sessions.RevokeAsync(principal.GetUserId(), id, SessionRevocationReasons.RevokedByUser, cancellationToken))
        {
            throw DomainException.NotFound("The session");
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RevokeAllSessionsAsync(
        ClaimsPrincipal principal, SessionService sessions, CancellationToken cancellationToken)
    {
        await sessions.RevokeAllAsync(principal.GetUserId(), SessionRevocationReasons.LogoutEverywhere,
            keepSessionId: null, cancellationToken);
        return TypedResults.NoContent();
    }
}
