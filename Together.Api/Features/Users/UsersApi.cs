using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Users;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users")
            .WithTags("Users")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/@me", GetCurrentUserAsync).WithSummary("The signed-in user");
        group.MapPatch("/@me", UpdateCurrentUserAsync)
            .WithSummary("Change the signed-in user's username, display name, email or password")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{id:long}", GetUserAsync)
            .WithSummary("Another user's public profile")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    private static async Task<Ok<CurrentUserDto>> GetCurrentUserAsync(
        ClaimsPrincipal principal, TogetherDbContext db, CancellationToken cancellationToken)
    {
        var user = await FindAsync(db, principal.GetUserId(), cancellationToken);
        return TypedResults.Ok(user.ToCurrentUserDto());
    }

    private static async Task<Ok<CurrentUserDto>> UpdateCurrentUserAsync(
        UpdateCurrentUserRequest request,
        ClaimsPrincipal principal,
        HttpContext httpContext,
        TogetherDbContext db,
        AccountService accounts,
        SessionService sessions,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var user = await FindAsync(db, principal.GetUserId(), cancellationToken);
        var changes = new AccountChanges(request.Username, request.DisplayName, request.Email, request.CurrentPassword,
            request.NewPassword);
        var passwordChanged = await accounts.UpdateAsync(user, changes, httpContext.GetClientAddress(), cancellationToken);
        if (passwordChanged)
        {
            await sessions.RevokeAllAsync(user.Id, SessionRevocationReasons.PasswordChanged,
                keepSessionId: principal.GetSessionId(), cancellationToken);
        }

        // Only after the commit: an event must never announce a change the database does not hold. The change is
        // saved whether or not the client is still waiting, so neither is its announcement cancelled.
        var updated = user.ToCurrentUserDto();
        await events.Publish(new UserUpdated(user.Id, updated), CancellationToken.None);
        return TypedResults.Ok(updated);
    }

    private static async Task<Ok<UserDto>> GetUserAsync(long id, TogetherDbContext db, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken)
            ?? throw DomainException.NotFound("The user");
        return TypedResults.Ok(user.ToUserDto());
    }

    private static async Task<User> FindAsync(TogetherDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(user => user.Id == id, cancellationToken)
        ?? throw DomainException.Unauthenticated(ErrorCodes.InvalidToken, "The account no longer exists.");
}
