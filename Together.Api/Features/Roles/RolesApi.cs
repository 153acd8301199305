using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.Roles;

public static class RolesApi
{
    public static RouteGroupBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/servers/{id:long}/roles")
            .WithTags("Roles")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("", ListAsync).WithSummary("The server's roles, lowest first").RequireServerPermission(Permission.None);
        group.MapPost("", CreateAsync)
            .WithSummary("Create a role just above @everyone (MANAGE_ROLES; only bits you hold)")
            .RequireServerPermission(Permission.ManageRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPatch("", ReorderAsync)
            .WithSummary("Move roles to new positions (MANAGE_ROLES; only roles below your highest, to below it)")
            .RequireServerPermission(Permission.ManageRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPatch("/{roleId:long}", UpdateAsync)
            .WithSummary("Change a role below your highest: name, colour, hoist, mentionable, permissions (MANAGE_ROLES)")
            .RequireServerPermission(Permission.ManageRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/{roleId:long}", DeleteAsync)
            .WithSummary("Delete a role below your highest; never @everyone (MANAGE_ROLES)")
            .RequireServerPermission(Permission.ManageRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<RoleDto>>> ListAsync(long id, RoleService roles, CancellationToken cancellationToken) =>
        TypedResults.Ok(await roles.ListAsync(id, cancellationToken));

    private static async Task<Created<RoleDto>> CreateAsync(
        long id, CreateRoleRequest request, HttpContext httpContext, RoleService roles, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var changed = await roles.CreateAsync(httpContext.GetServerAccess(), request, cancellationToken);
        // Saved whether or not the client still waits, so the announcement is not cancelled either.
        await events.Publish(changed, CancellationToken.None);
        var role = changed.Created[0];
        return TypedResults.Created($"/api/servers/{role.ServerId}/roles/{role.Id}", role);
    }

    private static async Task<Ok<IReadOnlyList<RoleDto>>> ReorderAsync(
        long id, IReadOnlyList<RolePositionRequest> request, HttpContext httpContext, RoleService roles, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var changed = await roles.ReorderAsync(httpContext.GetServerAccess(), request, cancellationToken);
        if (changed.Updated.Count > 0)
        {
            await events.Publish(changed, CancellationToken.None);
        }

        return TypedResults.Ok(await roles.ListAsync(id, CancellationToken.None));
    }

    private static async Task<Ok<RoleDto>> UpdateAsync(
        long id, long roleId, UpdateRoleRequest request, HttpContext httpContext, RoleService roles, IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var updated = await roles.UpdateAsync(httpContext.GetServerAccess(), roleId, request, cancellationToken);
        if (updated is null)
        {
            return TypedResults.Ok((await roles.ListAsync(id, cancellationToken)).Single(role => role.Id == Domain.Snowflake.Format(roleId)));
        }

        await events.Publish(new RolesChanged(id, [], [updated], []), CancellationToken.None);
        return TypedResults.Ok(updated);
    }

    private static async Task<NoContent> DeleteAsync(
        long id, long roleId, HttpContext httpContext, RoleService roles, IPublishEndpoint events, CancellationToken cancellationToken)
    {
        var changed = await roles.DeleteAsync(httpContext.GetServerAccess(), roleId, cancellationToken);
        await events.Publish(changed, CancellationToken.None);
        return TypedResults.NoContent();
    }
}
