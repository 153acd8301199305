using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Channels;
using Together.Api.Permissions;

namespace Together.Api.Features.DirectMessages;

/// <summary>
/// DMs and group DMs: opening, listing, renaming, and who takes part. Who may be messaged is decided here
/// (<see cref="RequireMayMessageAsync"/>); what participants may do inside comes from the permission layer.
/// </summary>
public sealed class PrivateChannelService(TogetherDbContext db, SnowflakeGenerator ids, TimeProvider time)
{
    /// <summary>The user's DMs and group DMs, the one with the newest message (or, without any, the newest) first.</summary>
    public async Task<IReadOnlyList<PrivateChannelDto>> ListAsync(long userId, CancellationToken cancellationToken)
    {
        var channels = await db.Channels.AsNoTracking()
            .Where(channel => db.ChannelRecipients.Any(recipient => recipient.ChannelId == channel.Id && recipient.UserId == userId))
            .ToListAsync(cancellationToken);
        var dtos = await ToDtosAsync(channels, cancellationToken);
        return dtos.OrderByDescending(dto => dto.Activity).Select(dto => dto.Dto).ToList();
    }

    public async Task<PrivateChannelDto> GetAsync(long channelId, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.AsNoTracking().SingleAsync(candidate => candidate.Id == channelId, cancellationToken);
        return (await ToDtosAsync([channel], cancellationToken))[0].Dto;
    }

    /// <summary>The DM with one user (existing: <c>Created</c> false), or a new group DM with several.</summary>
    public async Task<(PrivateChannelDto Channel, bool Created)> OpenAsync(
        long userId, OpenPrivateChannelRequest request, CancellationToken cancellationToken)
    {
        var recipientIds = ParseRecipients(userId, request.RecipientIds);
        if (await db.Users.CountAsync(user => recipientIds.Contains(user.Id), cancellationToken) != recipientIds.Count)
        {
            throw DomainException.NotFound("The user");
        }

        if (recipientIds.Count == 1)
        {
            return await OpenDirectAsync(userId, recipientIds[0], cancellationToken);
        }

        foreach (var recipientId in recipientIds)
        {
            await RequireMayMessageAsync(userId, recipientId, cancellationToken);
        }

        var channel = NewChannel(ChannelType.GroupDm);
        channel.OwnerId = userId;
        channel.Name = ChannelName(request.Name);
        db.Channels.Add(channel);
        db.ChannelRecipients.AddRange(recipientIds.Prepend(userId).Select(id => new ChannelRecipient { ChannelId = channel.Id, UserId = id }));
        await db.SaveChangesAsync(CancellationToken.None);
        return (await GetAsync(channel.Id, CancellationToken.None), true);
    }

    /// <summary>Group DMs only: any participant renames it; an empty name clears it.</summary>
    public async Task<PrivateChannelDto> RenameAsync(ChannelAccess access, string? name, CancellationToken cancellationToken)
    {
        var channel = await RequireGroupAsync(access, cancellationToken);
        if (name is not null)
        {
            channel.Name = ChannelName(name);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return await GetAsync(channel.Id, CancellationToken.None);
    }

    /// <summary>The owner adds someone they may message; null when they already take part (nothing changes).</summary>
    public async Task<PrivateChannelDto?> AddRecipientAsync(ChannelAccess access, long targetId, CancellationToken cancellationToken)
    {
        var channel = await RequireGroupAsync(access, cancellationToken);
        if (channel.OwnerId != access.UserId)
        {
            throw DomainException.Forbidden(ErrorCodes.OwnerOnly, "Only the group DM's owner may add people.");
        }

        if (!await db.Users.AnyAsync(user => user.Id == targetId, cancellationToken))
        {
            throw DomainException.NotFound("The user");
        }

        var recipients = await RecipientIdsAsync(channel.Id, cancellationToken);
        if (recipients.Contains(targetId))
        {
            return null;
        }

        if (recipients.Count >= Channel.MaxGroupDmRecipients)
        {
            throw TooManyRecipients();
        }

        await RequireMayMessageAsync(access.UserId, targetId, cancellationToken);
        db.ChannelRecipients.Add(new ChannelRecipient { ChannelId = channel.Id, UserId = targetId });
        await db.SaveChangesAsync(CancellationToken.None);
        return await GetAsync(channel.Id, CancellationToken.None);
    }

    /// <summary>
    /// The owner removes someone, or anyone leaves. An owner who leaves hands the group DM to the remaining
    /// participant with the lowest id; the last one to leave deletes it, with its messages (the answer is then null).
    /// </summary>
    public async Task<PrivateChannelDto?> RemoveRecipientAsync(ChannelAccess access, long targetId, CancellationToken cancellationToken)
    {
        var channel = await RequireGroupAsync(access, cancellationToken);
        if (targetId != access.UserId && channel.OwnerId != access.UserId)
        {
            throw DomainException.Forbidden(ErrorCodes.OwnerOnly, "Only the group DM's owner may remove people.");
        }

        var recipients = await RecipientIdsAsync(channel.Id, cancellationToken);
        if (!recipients.Contains(targetId))
        {
            throw DomainException.NotFound("The recipient");
        }

        var remaining = recipients.Where(id => id != targetId).Order().ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await db.ChannelRecipients.Where(recipient => recipient.ChannelId == channel.Id && recipient.UserId == targetId)
            .ExecuteDeleteAsync(CancellationToken.None);
        if (remaining.Count == 0)
        {
            db.Channels.Remove(channel);
        }
        else if (channel.OwnerId == targetId)
        {
            channel.OwnerId = remaining[0];
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return remaining.Count == 0 ? null : await GetAsync(channel.Id, CancellationToken.None);
    }

    /// <summary>
    /// Spam protection: <paramref name="userId"/> may message <paramref name="targetId"/> only if they share a
    /// server or already have a DM, and never if the target blocked them.
    /// </summary>
    private async Task RequireMayMessageAsync(long userId, long targetId, CancellationToken cancellationToken)
    {
        if (await db.UserBlocks.AnyAsync(block => block.UserId == targetId && block.BlockedUserId == userId, cancellationToken))
        {
            throw DomainException.Forbidden(ErrorCodes.Blocked, "This user does not accept your messages.");
        }

        var key = Channel.DirectKeyOf(userId, targetId);
        var sharesServer = await db.Members.AnyAsync(member => member.UserId == targetId
            && db.Members.Any(mine => mine.ServerId == member.ServerId && mine.UserId == userId), cancellationToken);
        if (!sharesServer && !await db.Channels.AnyAsync(channel => channel.DirectKey == key, cancellationToken))
        {
            throw DomainException.Forbidden(ErrorCodes.DmNotAllowed,
                "You can message people you share a server with, or who already have a DM with you.");
        }
    }

    private async Task<(PrivateChannelDto Channel, bool Created)> OpenDirectAsync(
        long userId, long targetId, CancellationToken cancellationToken)
    {
        await RequireMayMessageAsync(userId, targetId, cancellationToken);
        var key = Channel.DirectKeyOf(userId, targetId);
        if (await FindDirectAsync(key, cancellationToken) is { } existing)
        {
            return (await GetAsync(existing, cancellationToken), false);
        }

        var channel = NewChannel(ChannelType.Dm);
        channel.DirectKey = key;
        db.Channels.Add(channel);
        db.ChannelRecipients.AddRange(
            new ChannelRecipient { ChannelId = channel.Id, UserId = userId },
            new ChannelRecipient { ChannelId = channel.Id, UserId = targetId });
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // The other participant (or another request) opened it first: theirs is the DM.
            db.ChangeTracker.Clear();
            if (await FindDirectAsync(key, CancellationToken.None) is { } raced)
            {
                return (await GetAsync(raced, CancellationToken.None), false);
            }

            throw;
        }

        return (await GetAsync(channel.Id, CancellationToken.None), true);
    }

    private Task<long?> FindDirectAsync(string key, CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().Where(channel => channel.DirectKey == key).Select(channel => (long?)channel.Id)
            .SingleOrDefaultAsync(cancellationToken);

    private Channel NewChannel(ChannelType type) => new() { Id = ids.NewId(), Type = type, CreatedAt = time.GetUtcNow() };

    private async Task<Channel> RequireGroupAsync(ChannelAccess access, CancellationToken cancellationToken)
    {
        if (access.Channel.Type != ChannelType.GroupDm)
        {
            throw DomainException.Validation("id", "Only group DMs have a name and participants to change.");
        }

        return await db.Channels.SingleAsync(channel => channel.Id == access.ChannelId, cancellationToken);
    }

    private Task<List<long>> RecipientIdsAsync(long channelId, CancellationToken cancellationToken) =>
        db.ChannelRecipients.Where(recipient => recipient.ChannelId == channelId).Select(recipient => recipient.UserId)
            .ToListAsync(cancellationToken);

    private static List<long> ParseRecipients(long userId, IReadOnlyList<string>? raw)
    {
        if (raw is null || raw.Count == 0)
        {
            throw DomainException.Validation("recipientIds", "Name at least one user.");
        }

        if (raw.Count > Channel.MaxGroupDmRecipients - 1)
        {
            throw TooManyRecipients();
        }

        var parsed = new List<long>();
        foreach (var value in raw)
        {
            if (!Snowflake.TryParse(value, out var id) || id == userId || parsed.Contains(id))
            {
                throw DomainException.Validation("recipientIds", "Give distinct user ids, not your own.");
            }

            parsed.Add(id);
        }

        return parsed;
    }

    private static DomainException TooManyRecipients() =>
        new(ErrorKind.Validation, ErrorCodes.TooManyRecipients,
            $"A group DM holds at most {Channel.MaxGroupDmRecipients} people, its owner included.");

    /// <summary>A group DM's name, held to the rules of other names (no bidi overrides, no invisible characters); blank: none.</summary>
    private static string? ChannelName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : VisibleText.RequireName(name, "name", 1, Channel.NameMaxLength);

    private async Task<List<(PrivateChannelDto Dto, long Activity)>> ToDtosAsync(
        IReadOnlyList<Channel> channels, CancellationToken cancellationToken)
    {
        var channelIds = channels.Select(channel => channel.Id).ToList();
        var recipients = await db.ChannelRecipients.AsNoTracking()
            .Where(recipient => channelIds.Contains(recipient.ChannelId))
            .Join(db.Users, recipient => recipient.UserId, user => user.Id,
                (recipient, user) => new { recipient.ChannelId, user.Id, user.Username, user.DisplayName })
            .ToListAsync(cancellationToken);
        var byChannel = recipients.ToLookup(recipient => recipient.ChannelId);
        return channels.Select(channel => (new PrivateChannelDto(
            Snowflake.Format(channel.Id),
            channel.Type.ToApiName(),
            channel.Name,
            channel.OwnerId is { } ownerId ? Snowflake.Format(ownerId) : null,
            byChannel[channel.Id].OrderBy(recipient => recipient.Id)
                .Select(recipient => new RecipientDto(Snowflake.Format(recipient.Id), recipient.Username, recipient.DisplayName)).ToList(),
            channel.LastMessageId is { } last ? Snowflake.Format(last) : null,
            channel.CreatedAt), channel.LastMessageId ?? channel.Id)).ToList();
    }
}
