using System.Globalization;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;

namespace Together.Api.Permissions;

/// <summary>
/// Routes declare the permission they need; a filter checks it before the handler runs, so no handler checks its
/// own. A caller who is not a member (or cannot see the channel) gets 404, a member without the permission 403
/// <c>missing_permission</c>. The handler reads what was computed with <see cref="GetServerAccess"/> or
/// <see cref="GetChannelAccess"/>.
/// </summary>
public static class PermissionEndpointExtensions
{
    private const string ServerAccessKey = "together.server-access";
    private const string ChannelAccessKey = "together.channel-access";

    /// <summary>
    /// The caller must be a member of the server whose id is the route value <paramref name="routeKey"/> and hold
    /// <paramref name="permission"/> (<see cref="Permission.None"/>: membership is enough).
    /// </summary>
    public static TBuilder RequireServerPermission<TBuilder>(this TBuilder builder, Permission permission, string routeKey = "id")
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var access = await http.RequestServices.GetRequiredService<PermissionService>()
                .GetServerAccessAsync(RouteId(http, routeKey, "The server"), http.User.GetUserId(), http.RequestAborted)
                ?? throw DomainException.NotFound("The server");
            Demand(access.Permissions, permission);
            http.Items[ServerAccessKey] = access;
            return await next(context);
        });

    /// <summary>
    /// The caller must see the channel whose id is the route value <paramref name="routeKey"/> and hold
    /// <paramref name="permission"/> in it (VIEW_CHANNEL is always required). In a DM or group DM, participants
    /// need <paramref name="inPrivateChannel"/> instead when given (for what participants may do without the
    /// server permission, such as pinning); in a DM with a block, a missing permission answers 403 <c>blocked</c>.
    /// </summary>
    public static TBuilder RequireChannelPermission<TBuilder>(
        this TBuilder builder, Permission permission, string routeKey = "id", Permission? inPrivateChannel = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var access = await http.RequestServices.GetRequiredService<PermissionService>()
                .GetChannelAccessAsync(RouteId(http, routeKey, "The channel"), http.User.GetUserId(), http.RequestAborted)
                ?? throw DomainException.NotFound("The channel");
            var needed = access.IsPrivate ? inPrivateChannel ?? permission : permission;
            if (!access.Has(needed))
            {
                access.RequireNotBlocked();
            }

            Demand(access.Permissions, needed);
            http.Items[ChannelAccessKey] = access;
            if (access.Server is { } server)
            {
                http.Items[ServerAccessKey] = server;
            }

            return await next(context);
        });

    public static ServerAccess GetServerAccess(this HttpContext context) =>
        context.Items[ServerAccessKey] as ServerAccess
        ?? throw new InvalidOperationException("The route does not declare RequireServerPermission or RequireChannelPermission.");

    public static ChannelAccess GetChannelAccess(this HttpContext context) =>
        context.Items[ChannelAccessKey] as ChannelAccess
        ?? throw new InvalidOperationException("The route does not declare RequireChannelPermission.");

    private static void Demand(Permission held, Permission needed)
    {
        if ((held & needed) != needed)
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                $"You need the {Describe(needed & ~held)} permission for this.");
        }
    }

    /// <summary>Discord's names for the missing bits: MANAGE_CHANNELS, not ManageChannels.</summary>
    public static string Describe(Permission permissions) =>
        string.Join(", ", Enum.GetValues<Permission>()
            .Where(bit => bit != Permission.None && (permissions & bit) == bit)
            .Select(bit => string.Concat(bit.ToString().Select((character, index) =>
                index > 0 && char.IsUpper(character) ? "_" + character : character.ToString(CultureInfo.InvariantCulture)))
                .ToUpperInvariant()));

    private static long RouteId(HttpContext context, string routeKey, string what) =>
        context.Request.RouteValues.TryGetValue(routeKey, out var value)
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw DomainException.NotFound(what);
}
