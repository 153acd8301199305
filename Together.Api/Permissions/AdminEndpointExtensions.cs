using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;

namespace Together.Api.Permissions;

/// <summary>
/// Routes for the instance's administrators (<c>users.is_admin</c>, the first account or one made with
/// <c>admin grant</c>): read from the database on each call, so a revoked admin loses access at once.
/// </summary>
public static class AdminEndpointExtensions
{
    public static TBuilder RequireInstanceAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var userId = http.User.GetUserId();
            var isAdmin = await http.RequestServices.GetRequiredService<TogetherDbContext>().Users
                .AnyAsync(user => user.Id == userId && user.IsAdmin, http.RequestAborted);
            return isAdmin
                ? await next(context)
                : throw DomainException.Forbidden(ErrorCodes.AdminOnly, "Only the instance's administrators may do this.");
        });
}
