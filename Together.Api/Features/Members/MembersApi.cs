using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Features.Presence;
using Together.Api.Features.Servers;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.Members;

/// <summary>Members, their nicknames, timeouts and roles, kicks, leaving, and bans of one server.</summary>
public static class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/servers/{id:long}")
            .WithTags("Members")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/members", ListAsync)
            .RequireServerPermission(Permission.None)
            .WithSummary("List members by user id, optionally those whose username or nickname starts with a query")
            .ProducesValidationProblem();
        group.MapGet("/members/{userId:long}", GetAsync)
            .RequireServerPermission(Permission.None)
            .WithSummary("One member");
        group.MapPatch("/members/@me", UpdateSelfAsync)
            .RequireServerPermission(Permission.None)
            .WithSummary("Change your own nickname (CHANGE_NICKNAME)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPatch("/members/{userId:long}", UpdateAsync)
            .RequireServerPermission(Permission.None)
            .WithSummary("Change a member's nickname (MANAGE_NICKNAMES) or timeout (MODERATE_MEMBERS)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/members/@me", LeaveAsync)
            .RequireServerPermission(Permission.None)
            .WithSummary("Leave the server (the owner cannot)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/members/{userId:long}", KickAsync)
            .RequireServerPermission(Permission.KickMembers)
            .WithSummary("Kick a member")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPut("/members/{userId:long}/roles/{roleId:long}", AddRoleAsync)
            .RequireServerPermission(Permission.ManageRoles)
            .WithSummary("Give a member a role below your highest")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/members/{userId:long}/roles/{roleId:long}", RemoveRoleAsync)
            .RequireServerPermission(Permission.ManageRoles)
            .WithSummary("Take a role below your highest from a member")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/bans", ListBansAsync)
            .RequireServerPermission(Permission.BanMembers)
            .WithSummary("List the server's bans by user id")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPut("/bans/{userId:long}", BanAsync)
            .RequireServerPermission(Permission.BanMembers)
            .WithSummary("Ban a user (a member is removed); they cannot join again until unbanned")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/bans/{userId:long}", UnbanAsync)
            .RequireServerPermission(Permission.BanMembers)
            .WithSummary("Lift a ban")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return group;
    }

    private static async Task<Ok<IReadOnlyList<MemberDto>>> ListAsync(
        long id,
        long? after,
        [Range(1, MemberService.MaxListLimit)] int? limit,
        [StringLength(32)] string? query,
        MemberService members,
        IOnlineMembers online,
        CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<MemberDto>>((await members.ListAsync(id, after, limit ?? 100, query, cancellationToken))
            .Select(member => WithStatus(member, online)).ToList());

    private static async Task<Ok<MemberDto>> GetAsync(
        long id, long userId, MemberService members, IOnlineMembers online, CancellationToken cancellationToken) =>
        TypedResults.Ok(WithStatus(await members.GetAsync(id, userId, cancellationToken), online));

    /// <summary>Presence is the gateway's: read from memory, it costs the list no query.</summary>
    private static MemberDto WithStatus(MemberDto member, IOnlineMembers online) =>
        member with { Status = online.StatusOf(long.Parse(member.User.Id, CultureInfo.InvariantCulture)) };

    private static async Task<Ok<MemberDto>> UpdateSelfAsync(
        UpdateMemberRequest request, HttpContext context, MemberService members, CancellationToken cancellationToken)
    {
        var access = context.GetServerAccess();
        return TypedResults.Ok(await members.UpdateAsync(access, access.UserId, request, cancellationToken));
    }

    private static async Task<Ok<MemberDto>> UpdateAsync(
        long userId, UpdateMemberRequest request, HttpContext context, MemberService members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.UpdateAsync(context.GetServerAccess(), userId, request, cancellationToken));

    private static async Task<NoContent> LeaveAsync(HttpContext context, MemberService members, CancellationToken cancellationToken)
    {
        await members.LeaveAsync(context.GetServerAccess(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> KickAsync(long userId, HttpContext context, MemberService members, CancellationToken cancellationToken)
    {
        await members.KickAsync(context.GetServerAccess(), userId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MemberDto>> AddRoleAsync(
        long userId, long roleId, HttpContext context, MemberService members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.AddRoleAsync(context.GetServerAccess(), userId, roleId, cancellationToken));

    private static async Task<Ok<MemberDto>> RemoveRoleAsync(
        long userId, long roleId, HttpContext context, MemberService members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.RemoveRoleAsync(context.GetServerAccess(), userId, roleId, cancellationToken));

    private static async Task<Ok<IReadOnlyList<BanDto>>> ListBansAsync(
        long id, long? after, [Range(1, BanService.MaxListLimit)] int? limit, BanService bans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await bans.ListAsync(id, after, limit ?? BanService.MaxListLimit, cancellationToken));

    private static async Task<NoContent> BanAsync(
        long userId, BanRequest? request, HttpContext context, BanService bans, CancellationToken cancellationToken)
    {
        await bans.BanAsync(context.GetServerAccess(), userId, request ?? new BanRequest(null, null), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> UnbanAsync(long userId, HttpContext context, BanService bans, CancellationToken cancellationToken)
    {
        await bans.UnbanAsync(context.GetServerAccess(), userId, cancellationToken);
        return TypedResults.NoContent();
    }
}
