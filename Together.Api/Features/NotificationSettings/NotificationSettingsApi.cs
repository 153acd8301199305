using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.NotificationSettings;

/// <summary>
/// The caller's notification settings per server and per channel. A server they are not in, or a channel they may
/// not view, is 404 (the permission filters); every change goes to all their connections.
/// </summary>
public static class NotificationSettingsApi
{
    public static RouteGroupBuilder MapNotificationSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users/@me/notification-settings")
            .WithTags("Notification settings")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("", ListAsync).WithSummary("Every notification setting the caller saved");
        group.MapGet("/servers/{serverId:long}", GetServerAsync)
            .WithSummary("The caller's notification setting for a server they are in")
            .RequireServerPermission(Permission.None, "serverId")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/servers/{serverId:long}", UpdateServerAsync)
            .WithSummary("Change the caller's notification level or mute for a server")
            .RequireServerPermission(Permission.None, "serverId")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/channels/{channelId:long}", GetChannelAsync)
            .WithSummary("The caller's notification setting for a channel, DM or group DM they may view")
            .RequireChannelPermission(Permission.None, "channelId")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/channels/{channelId:long}", UpdateChannelAsync)
            .WithSummary("Change the caller's notification level or mute for a channel, DM or group DM")
            .RequireChannelPermission(Permission.None, "channelId")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<NotificationSettingDto>>> ListAsync(
        ClaimsPrincipal principal, NotificationSettingService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.ListAsync(principal.GetUserId(), cancellationToken));

    private static async Task<Ok<NotificationSettingDto>> GetServerAsync(
        long serverId, ClaimsPrincipal principal, NotificationSettingService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.GetAsync(principal.GetUserId(), serverId, null, cancellationToken));

    private static async Task<Ok<NotificationSettingDto>> GetChannelAsync(
        HttpContext httpContext, NotificationSettingService settings, CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        return TypedResults.Ok(await settings.GetAsync(access.UserId, access.Server?.ServerId, access.ChannelId, cancellationToken));
    }

    private static Task<Ok<NotificationSettingDto>> UpdateServerAsync(
        long serverId, UpdateNotificationSettingRequest request, ClaimsPrincipal principal, NotificationSettingService settings,
        IPublishEndpoint events, CancellationToken cancellationToken) =>
        UpdateAsync(principal.GetUserId(), serverId, null, request, settings, events, cancellationToken);

    private static Task<Ok<NotificationSettingDto>> UpdateChannelAsync(
        UpdateNotificationSettingRequest request, HttpContext httpContext, NotificationSettingService settings,
        IPublishEndpoint events, CancellationToken cancellationToken)
    {
        var access = httpContext.GetChannelAccess();
        return UpdateAsync(access.UserId, access.Server?.ServerId, access.ChannelId, request, settings, events, cancellationToken);
    }

    private static async Task<Ok<NotificationSettingDto>> UpdateAsync(
        long userId, long? serverId, long? channelId, UpdateNotificationSettingRequest request, NotificationSettingService settings,
        IPublishEndpoint events, CancellationToken cancellationToken)
    {
        var setting = await settings.UpdateAsync(userId, serverId, channelId, request, cancellationToken);
        await events.Publish(new NotificationSettingUpdated(userId, setting), CancellationToken.None);
        return TypedResults.Ok(setting);
    }
}
