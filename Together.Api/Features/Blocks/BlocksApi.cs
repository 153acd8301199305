using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.DirectMessages;
using Together.Api.Infrastructure;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.Blocks;

/// <summary>
/// The caller's blocks. What a block does is enforced where it matters: opening DMs
/// (<see cref="PrivateChannelService"/>) and acting in a DM (the permission layer); nobody is told of it.
/// </summary>
public static class BlocksApi
{
    public static RouteGroupBuilder MapBlocksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users/@me/blocks")
            .WithTags("Direct messages")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("", ListAsync).WithSummary("The users the caller blocked, newest first");
        group.MapPut("/{userId:long}", BlockAsync)
            .WithSummary("Block a user: they can no longer open or write in a DM with the caller")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{userId:long}", UnblockAsync).WithSummary("Unblock a user");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<BlockDto>>> ListAsync(
        ClaimsPrincipal principal, TogetherDbContext db, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        var blocks = await db.UserBlocks.AsNoTracking().Where(block => block.UserId == userId)
            .Join(db.Users, block => block.BlockedUserId, user => user.Id,
                (block, user) => new { user.Id, user.Username, user.DisplayName, block.CreatedAt })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<BlockDto>>(blocks.OrderByDescending(block => block.CreatedAt)
            .Select(block => new BlockDto(new RecipientDto(Snowflake.Format(block.Id), block.Username, block.DisplayName), block.CreatedAt))
            .ToList());
    }

    private static async Task<NoContent> BlockAsync(
        long userId, ClaimsPrincipal principal, TogetherDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var blockerId = principal.GetUserId();
        if (userId == blockerId)
        {
            throw DomainException.Validation("userId", "You cannot block yourself.");
        }

        if (!await db.Users.AnyAsync(user => user.Id == userId, cancellationToken))
        {
            throw DomainException.NotFound("The user");
        }

        if (await IsBlockedAsync(db, blockerId, userId, cancellationToken))
        {
            return TypedResults.NoContent();
        }

        db.UserBlocks.Add(new UserBlock { UserId = blockerId, BlockedUserId = userId, CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // The same block from a concurrent request: blocked is what was asked.
            db.ChangeTracker.Clear();
            if (!await IsBlockedAsync(db, blockerId, userId, CancellationToken.None))
            {
                throw;
            }
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> UnblockAsync(
        long userId, ClaimsPrincipal principal, TogetherDbContext db, CancellationToken cancellationToken)
    {
        var blockerId = principal.GetUserId();
        await db.UserBlocks.Where(block => block.UserId == blockerId && block.BlockedUserId == userId)
            .ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task<bool> IsBlockedAsync(TogetherDbContext db, long blockerId, long userId, CancellationToken cancellationToken) =>
        db.UserBlocks.AnyAsync(block => block.UserId == blockerId && block.BlockedUserId == userId, cancellationToken);
}

/// <summary>A user the caller blocked, and since when.</summary>
[MessagePackObject]
public sealed record BlockDto(
    [property: MessagePackKey("user")] RecipientDto User,
    [property: MessagePackKey("createdAt")] DateTimeOffset CreatedAt);
