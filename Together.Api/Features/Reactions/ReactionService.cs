using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Messages;
using Together.Api.Permissions;

namespace Together.Api.Features.Reactions;

/// <summary>
/// Reactions on live messages. Anyone who may read the history may join a reaction already there; starting a new
/// one needs ADD_REACTIONS, and a message holds at most <see cref="MaxEmojisPerMessage"/> different emoji.
/// </summary>
public sealed class ReactionService(TogetherDbContext db, TimeProvider time)
{
    public const int MaxEmojisPerMessage = 20;
    public const int DefaultUsersLimit = 25;
    public const int MaxUsersLimit = 100;

    /// <summary>False when the user had already reacted so (nothing changes, nothing is announced).</summary>
    public async Task<bool> AddAsync(ChannelAccess access, long userId, long messageId, string emoji, CancellationToken cancellationToken)
    {
        RequireEmoji(emoji);
        await RequireLiveMessageAsync(access.ChannelId, messageId, cancellationToken);
        var emojis = await db.Reactions.Where(reaction => reaction.MessageId == messageId)
            .Select(reaction => new { reaction.Emoji, Mine = reaction.UserId == userId })
            .ToListAsync(cancellationToken);
        if (emojis.Any(reaction => reaction.Emoji == emoji && reaction.Mine))
        {
            return false;
        }

        if (!emojis.Any(reaction => reaction.Emoji == emoji))
        {
            if (!access.Has(Permission.AddReactions))
            {
                throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                    "You need the ADD_REACTIONS permission to add a new reaction.");
            }

            if (emojis.Select(reaction => reaction.Emoji).Distinct().Count() >= MaxEmojisPerMessage)
            {
                throw DomainException.Conflict(ErrorCodes.TooManyReactions,
                    $"A message holds at most {MaxEmojisPerMessage} different reactions.");
            }
        }

        db.Reactions.Add(new Reaction { MessageId = messageId, Emoji = emoji, UserId = userId, CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateException)
        {
            // The same reaction from a concurrent request of the same user: already there is what was asked.
            db.ChangeTracker.Clear();
            if (await db.Reactions.AnyAsync(reaction =>
                reaction.MessageId == messageId && reaction.Emoji == emoji && reaction.UserId == userId, CancellationToken.None))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>Takes back one user's reaction; false when there was none.</summary>
    public async Task<bool> RemoveAsync(long channelId, long userId, long messageId, string emoji, CancellationToken cancellationToken)
    {
        RequireEmoji(emoji);
        await RequireLiveMessageAsync(channelId, messageId, cancellationToken);
        return await db.Reactions
            .Where(reaction => reaction.MessageId == messageId && reaction.Emoji == emoji && reaction.UserId == userId)
            .ExecuteDeleteAsync(CancellationToken.None) > 0;
    }

    /// <summary>Who reacted with the emoji, by ascending user id, after <paramref name="afterUserId"/>.</summary>
    public async Task<IReadOnlyList<MessageAuthorDto>> UsersAsync(
        long channelId, long messageId, string emoji, long afterUserId, int limit, CancellationToken cancellationToken)
    {
        RequireEmoji(emoji);
        await RequireLiveMessageAsync(channelId, messageId, cancellationToken);
        var users = await db.Reactions.AsNoTracking()
            .Where(reaction => reaction.MessageId == messageId && reaction.Emoji == emoji && reaction.UserId > afterUserId)
            .OrderBy(reaction => reaction.UserId)
            .Take(limit)
            .Join(db.Users, reaction => reaction.UserId, user => user.Id, (_, user) => user)
            .ToListAsync(cancellationToken);
        return users.Select(user => user.ToAuthorDto()).ToList();
    }

    private static void RequireEmoji(string emoji)
    {
        if (!EmojiRules.IsValid(emoji))
        {
            throw DomainException.Validation("emoji", "Reactions are one Unicode emoji.");
        }
    }

    private async Task RequireLiveMessageAsync(long channelId, long messageId, CancellationToken cancellationToken)
    {
        if (!await db.Messages.AnyAsync(message => message.Id == messageId && message.ChannelId == channelId
            && message.DeletedAt == null, cancellationToken))
        {
            throw DomainException.NotFound("The message");
        }
    }
}
