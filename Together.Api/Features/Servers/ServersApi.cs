using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.Servers;

public static class ServersApi
{
    public static RouteGroupBuilder MapServersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/servers")
            .WithTags("Servers")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("", CreateAsync)
            .WithSummary("Create a server: the caller owns it; @everyone, #general and a General voice channel come with it")
            .ProducesValidationProblem();
        group.MapGet("", ListAsync).WithSummary("The servers the caller belongs to");

        var server = group.MapGroup("/{id:long}").ProducesProblem(StatusCodes.Status404NotFound);
        server.MapGet("", GetAsync).WithSummary("A server the caller belongs to").RequireServerPermission(Permission.None);
        server.MapPatch("", UpdateAsync)
            .WithSummary("Change the server's name or description (MANAGE_SERVER)")
            .RequireServerPermission(Permission.ManageServer)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        server.MapDelete("", DeleteAsync)
            .WithSummary("Delete the server and everything in it (owner only)")
            .RequireServerPermission(Permission.None)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        server.MapPost("/transfer", TransferAsync)
            .WithSummary("Hand the server to another member (owner only)")
            .RequireServerPermission(Permission.None)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        server.MapPut("/icon", SetIconAsync)
            .WithSummary("Upload the server's icon: PNG, JPEG, GIF or WebP, as the raw body or a multipart file (MANAGE_SERVER)")
            .Accepts<IFormFile>("multipart/form-data", "image/png", "image/jpeg", "image/gif", "image/webp", "application/octet-stream")
            .WithMetadata(new DisableRequestSizeLimitAttribute())
            .RequireServerPermission(Permission.ManageServer)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        server.MapDelete("/icon", RemoveIconAsync)
            .WithSummary("Remove the server's icon (MANAGE_SERVER)")
            .RequireServerPermission(Permission.ManageServer)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/icons/{hash}", GetIconAsync)
            .WithTags("Servers")
            .WithSummary("A server icon by its content hash (public and immutable; the hash is the server's `icon`)")
            .Produces(StatusCodes.Status200OK, responseType: null, "image/png", "image/jpeg", "image/gif", "image/webp")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Created<ServerStateDto>> CreateAsync(
        CreateServerRequest request,
        ClaimsPrincipal principal,
        ServerService servers,
        ServerStateReader reader,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        var server = await servers.CreateAsync(userId, request.Name, cancellationToken);
        // The change is saved whether or not the client still waits, so its announcement is not cancelled either.
        await events.Publish(new ServerMembershipChanged(server.Id, userId, IsMember: true), CancellationToken.None);
        var state = await reader.ForMemberAsync(server.Id, userId, CancellationToken.None)
            ?? throw DomainException.NotFound("The server");
        return TypedResults.Created($"/api/servers/{Snowflake.Format(server.Id)}", state);
    }

    private static async Task<Ok<IReadOnlyList<ServerDto>>> ListAsync(
        ClaimsPrincipal principal, ServerService servers, CancellationToken cancellationToken)
    {
        var mine = await servers.ListForUserAsync(principal.GetUserId(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ServerDto>>(mine.Select(server => server.ToDto()).ToList());
    }

    private static async Task<Ok<ServerDto>> GetAsync(long id, ServerService servers, CancellationToken cancellationToken) =>
        TypedResults.Ok((await servers.GetAsync(id, cancellationToken)).ToDto());

    private static async Task<Ok<ServerDto>> UpdateAsync(
        long id,
        UpdateServerRequest request,
        HttpContext httpContext,
        ServerService servers,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var updated = await servers.UpdateAsync(id, httpContext.GetServerAccess().UserId, request.Name, request.Description,
            cancellationToken);
        if (updated is null)
        {
            return TypedResults.Ok((await servers.GetAsync(id, cancellationToken)).ToDto());
        }

        await events.Publish(new ServerUpdated(id, updated.ToDto()), CancellationToken.None);
        return TypedResults.Ok(updated.ToDto());
    }

    private static async Task<NoContent> DeleteAsync(
        long id, HttpContext httpContext, ServerService servers, IPublishEndpoint events, CancellationToken cancellationToken)
    {
        await servers.DeleteAsync(id, httpContext.GetServerAccess().UserId, cancellationToken);
        await events.Publish(new ServerDeleted(id), CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ServerDto>> SetIconAsync(
        long id,
        HttpContext httpContext,
        ServerService servers,
        IOptions<ServerIconOptions> options,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var image = await IconUpload.ReadAsync(httpContext.Request, options.Value.MaxIconBytes, cancellationToken);
        return await ChangeIconAsync(id, httpContext, servers, events, image, cancellationToken);
    }

    private static async Task<Ok<ServerDto>> RemoveIconAsync(
        long id, HttpContext httpContext, ServerService servers, IPublishEndpoint events, CancellationToken cancellationToken) =>
        await ChangeIconAsync(id, httpContext, servers, events, image: null, cancellationToken);

    private static async Task<Ok<ServerDto>> ChangeIconAsync(
        long id, HttpContext httpContext, ServerService servers, IPublishEndpoint events, byte[]? image, CancellationToken cancellationToken)
    {
        var updated = await servers.SetIconAsync(id, httpContext.GetServerAccess().UserId, image, cancellationToken);
        if (updated is null)
        {
            return TypedResults.Ok((await servers.GetAsync(id, cancellationToken)).ToDto());
        }

        await events.Publish(new ServerUpdated(id, updated.ToDto()), CancellationToken.None);
        return TypedResults.Ok(updated.ToDto());
    }

    private static async Task<IResult> GetIconAsync(string hash, HttpContext httpContext, ServerIconStore icons, CancellationToken cancellationToken)
    {
        var icon = await icons.ReadAsync(hash, cancellationToken) ?? throw DomainException.NotFound("The icon");
        // Content-addressed: the bytes behind a hash never change.
        httpContext.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.File(icon.Bytes, icon.ContentType);
    }

    private static async Task<Ok<ServerDto>> TransferAsync(
        long id,
        TransferServerRequest request,
        HttpContext httpContext,
        ServerService servers,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        if (!Snowflake.TryParse(request.UserId, out var newOwnerId))
        {
            throw DomainException.Validation("userId", "Not a user id.");
        }

        var server = await servers.TransferAsync(id, httpContext.GetServerAccess().UserId, newOwnerId, cancellationToken);
        await events.Publish(new ServerUpdated(id, server.ToDto()), CancellationToken.None);
        return TypedResults.Ok(server.ToDto());
    }
}
