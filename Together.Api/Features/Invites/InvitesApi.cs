using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Servers;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.Invites;

public static class InvitesApi
{
    public static IEndpointRouteBuilder MapInvitesApi(this IEndpointRouteBuilder app)
    {
        var signedIn = app.MapGroup("/api")
            .WithTags("Invites")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        signedIn.MapPost("/channels/{id:long}/invites", CreateAsync)
            .RequireChannelPermission(Permission.CreateInvite)
            .WithSummary("Create an invite to a channel (CREATE_INVITE; MANAGE_ROLES to attach roles)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        signedIn.MapGet("/servers/{id:long}/invites", ListAsync)
            .RequireServerPermission(Permission.ManageServer)
            .WithSummary("The server's invites, newest first (MANAGE_SERVER)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        signedIn.MapPost("/invites/{code}", AcceptAsync)
            .WithSummary("Join the invite's server (already a member: the same answer, no use counted)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        signedIn.MapDelete("/invites/{code}", DeleteAsync)
            .WithSummary("Revoke an invite (its creator, or MANAGE_SERVER)")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        // Anonymous on purpose: the web client's join page shows where a link leads before anyone signs in.
        app.MapGet("/api/invites/{code}", PreviewAsync)
            .WithTags("Invites")
            .AllowAnonymous()
            .WithSummary("Where an invite leads: server name, icon, member count, channel (no sign-in needed)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        return app;
    }

    private static async Task<Created<InviteDto>> CreateAsync(
        CreateInviteRequest request, HttpContext context, InviteService invites, CancellationToken cancellationToken)
    {
        var invite = await invites.CreateAsync(context.GetChannelAccess(), request, context.User.GetUserId(), cancellationToken);
        return TypedResults.Created($"/api/invites/{invite.Code}", invite);
    }

    private static async Task<Ok<IReadOnlyList<InviteDto>>> ListAsync(long id, InviteService invites, CancellationToken cancellationToken) =>
        TypedResults.Ok(await invites.ListAsync(id, cancellationToken));

    private static async Task<Ok<InvitePreviewDto>> PreviewAsync(
        string code, HttpContext context, InviteService invites, CancellationToken cancellationToken) =>
        TypedResults.Ok(await invites.PreviewAsync(code, context.GetClientAddress(), cancellationToken));

    private static async Task<Ok<ServerStateDto>> AcceptAsync(
        string code, ClaimsPrincipal principal, HttpContext context, InviteService invites, CancellationToken cancellationToken) =>
        TypedResults.Ok(await invites.AcceptAsync(code, principal.GetUserId(), context.GetClientAddress(), cancellationToken));

    private static async Task<NoContent> DeleteAsync(
        string code, ClaimsPrincipal principal, InviteService invites, CancellationToken cancellationToken)
    {
        await invites.DeleteAsync(code, principal.GetUserId(), cancellationToken);
        return TypedResults.NoContent();
    }
}
