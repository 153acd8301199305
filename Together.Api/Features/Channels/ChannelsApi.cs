using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Domain;
using Together.Api.Features.DirectMessages;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.Channels;

public static class ChannelsApi
{
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var ofServer = app.MapGroup("/api/servers/{id:long}/channels")
            .WithTags("Channels")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        ofServer.MapGet("", ListAsync)
            .WithSummary("The server's channels the caller may view, in display order")
            .RequireServerPermission(Permission.None);
        ofServer.MapPost("", CreateAsync)
            .WithSummary("Create a text or voice channel or a category (MANAGE_CHANNELS)")
            .RequireServerPermission(Permission.ManageChannels)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        ofServer.MapPatch("", ReorderAsync)
            .WithSummary("Set the positions and categories of several channels at once (MANAGE_CHANNELS)")
            .RequireServerPermission(Permission.ManageChannels)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var channel = app.MapGroup("/api/channels/{id:long}")
            .WithTags("Channels")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        channel.MapGet("", GetAsync)
            .WithSummary("A channel the caller may view (a PrivateChannel for a DM or group DM)")
            .ProducesOneOf<ChannelDto, PrivateChannelDto>()
            .RequireChannelPermission(Permission.None);
        channel.MapPatch("", UpdateAsync)
            .WithSummary("Change a channel's name, topic, position, category or settings (MANAGE_CHANNELS in it); rename a group DM (any participant)")
            .RequireChannelPermission(Permission.ManageChannels, inPrivateChannel: Permission.ViewChannel)
            .ProducesOneOf<ChannelDto, PrivateChannelDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        channel.MapDelete("", DeleteAsync)
            .WithSummary("Delete a channel; a category's channels stay, without a category (MANAGE_CHANNELS in it)")
            .RequireChannelPermission(Permission.ManageChannels)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        channel.MapPut("/permissions/{targetId:long}", PutOverwriteAsync)
            .WithSummary("Set a role's or member's permission overwrite on the channel (MANAGE_ROLES in it; only bits you hold)")
            .RequireChannelPermission(Permission.ManageRoles)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        channel.MapDelete("/permissions/{targetId:long}", DeleteOverwriteAsync)
            .WithSummary("Remove a role's or member's permission overwrite (MANAGE_ROLES in it; only bits you hold)")
            .RequireChannelPermission(Permission.ManageRoles)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ChannelDto>>> ListAsync(
        HttpContext httpContext, ChannelService channels, CancellationToken cancellationToken) =>
        TypedResults.Ok(await channels.ListVisibleAsync(httpContext.GetServerAccess(), cancellationToken));

    private static async Task<Created<ChannelDto>> CreateAsync(
        long id,
        CreateChannelRequest request,
        HttpContext httpContext,
        ChannelService channels,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var channel = await channels.CreateAsync(id, httpContext.GetServerAccess().UserId, request, cancellationToken);
        // Saved whether or not the client still waits, so the announcement is not cancelled either.
        await events.Publish(new ChannelsChanged(id, [long.Parse(channel.Id, System.Globalization.CultureInfo.InvariantCulture)]),
            CancellationToken.None);
        return TypedResults.Created($"/api/channels/{channel.Id}", channel);
    }

    private static async Task<Ok<IReadOnlyList<ChannelDto>>> ReorderAsync(
        long id,
        IReadOnlyList<ChannelPositionRequest> request,
        HttpContext httpContext,
        ChannelService channels,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = httpContext.GetServerAccess();
        var changed = await channels.ReorderAsync(id, access.UserId, request, cancellationToken);
        if (changed.Count > 0)
        {
            await events.Publish(new ChannelsChanged(id, changed), CancellationToken.None);
        }

        return TypedResults.Ok(await channels.ListVisibleAsync(access, CancellationToken.None));
    }

    private static async Task<Results<Ok<ChannelDto>, Ok<PrivateChannelDto>>> GetAsync(
        HttpContext httpContext, ChannelService channels, PrivateChannelService privateChannels, CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        return access.IsPrivate
            ? TypedResults.Ok(await privateChannels.GetAsync(access.ChannelId, cancellationToken))
            : TypedResults.Ok(await channels.GetAsync(access.ServerId, access.ChannelId, cancellationToken));
    }

    private static async Task<Results<Ok<ChannelDto>, Ok<PrivateChannelDto>>> UpdateAsync(
        UpdateChannelRequest request,
        HttpContext httpContext,
        ChannelService channels,
        PrivateChannelService privateChannels,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        if (access.IsPrivate)
        {
            // A group DM's participants rename it; nothing else of a DM changes.
            var renamed = await privateChannels.RenameAsync(access, request.Name, cancellationToken);
            await events.Publish(new PrivateChannelChanged(access.ChannelId, renamed, []), CancellationToken.None);
            return TypedResults.Ok(renamed);
        }

        var (channel, changed) = await channels.UpdateAsync(access.ServerId, access.ChannelId, access.ServerAccess.UserId, request,
            cancellationToken);
        if (changed)
        {
            await events.Publish(new ChannelsChanged(access.ServerId, [access.ChannelId]), CancellationToken.None);
        }

        return TypedResults.Ok(channel);
    }

    private static async Task<NoContent> DeleteAsync(
        HttpContext httpContext, ChannelService channels, IPublishEndpoint events, CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        var children = await channels.DeleteAsync(access.ServerId, access.ChannelId, access.ServerAccess.UserId, cancellationToken);
        await events.Publish(new ChannelsChanged(access.ServerId, children), CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ChannelDto>> PutOverwriteAsync(
        long targetId,
        PutOverwriteRequest request,
        HttpContext httpContext,
        OverwriteService overwrites,
        ChannelService channels,
        IPublishEndpoint events,
        CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        var changed = await overwrites.PutAsync(access, targetId, request, cancellationToken);
        await events.Publish(new ChannelsChanged(access.ServerId, changed), CancellationToken.None);
        return TypedResults.Ok(await channels.GetAsync(access.ServerId, access.ChannelId, CancellationToken.None));
    }

    private static async Task<NoContent> DeleteOverwriteAsync(
        long targetId, HttpContext httpContext, OverwriteService overwrites, IPublishEndpoint events, CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        var changed = await overwrites.DeleteAsync(access, targetId, cancellationToken);
        if (changed.Count > 0)
        {
            await events.Publish(new ChannelsChanged(access.ServerId, changed), CancellationToken.None);
        }

        return TypedResults.NoContent();
    }
}
