using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Permissions;

namespace Together.Api.Features.Messages;

/// <summary>
/// Turns what a message's text names (<see cref="MentionParser"/>) into what counts: users who are members of the
/// server (participants, in a DM), roles of the server that are mentionable (any role when the author has MENTION_EVERYONE), and
/// @everyone/@here only with MENTION_EVERYONE (otherwise they stay plain text). Then decides who is notified.
/// </summary>
public sealed class MentionResolver(TogetherDbContext db, TimeProvider time)
{
    public async Task<ResolvedMentions> ResolveAsync(ChannelAccess access, string content, CancellationToken cancellationToken)
    {
        var parsed = MentionParser.Parse(content);
        if (access.Server is null)
        {
            // A DM has no roles and no @everyone: only its participants can be mentioned.
            var participants = parsed.UserIds.Count == 0 ? []
                : await db.ChannelRecipients.AsNoTracking()
                    .Where(recipient => recipient.ChannelId == access.ChannelId && parsed.UserIds.Contains(recipient.UserId))
                    .Select(recipient => recipient.UserId).ToListAsync(cancellationToken);
            return new ResolvedMentions(participants, [], false);
        }

        var serverId = access.ServerId;
        var mayMentionEveryone = access.Has(Permission.MentionEveryone);
        var userIds = parsed.UserIds.Count == 0 ? []
            : await db.Members.AsNoTracking()
                .Where(member => member.ServerId == serverId && parsed.UserIds.Contains(member.UserId))
                .Select(member => member.UserId).ToListAsync(cancellationToken);
        // @everyone's role (the server's id) is mentioned with the keyword, never by id.
        var roleIds = parsed.RoleIds.Count == 0 ? []
            : await db.Roles.AsNoTracking()
                .Where(role => role.ServerId == serverId && role.Id != serverId && parsed.RoleIds.Contains(role.Id)
                    && (role.Mentionable || mayMentionEveryone))
                .Select(role => role.Id).ToListAsync(cancellationToken);
        return new ResolvedMentions(userIds, roleIds, mayMentionEveryone && (parsed.Everyone || parsed.Here));
    }

    /// <summary>
    /// Whose unread mention count the message raises: everyone it mentions (by name, by role, or all of them) who
    /// may view the channel, never its author. @here counts like @everyone until presence tells who is online.
    /// </summary>
    public async Task<IReadOnlyList<long>> NotifiedAsync(
        ChannelAccess access, ResolvedMentions mentions, long authorId, CancellationToken cancellationToken)
    {
        if (mentions.IsEmpty)
        {
            return [];
        }

        if (access.Server is null)
        {
            return mentions.UserIds.Where(userId => userId != authorId).ToList();
        }

        var query = db.Members.AsNoTracking().Where(member => member.ServerId == access.ServerId && member.UserId != authorId);
        if (!mentions.Everyone)
        {
            var userIds = mentions.UserIds;
            var roleIds = mentions.RoleIds;
            query = query.Where(member => userIds.Contains(member.UserId)
                || member.Roles.Any(role => roleIds.Contains(role.RoleId)));
        }

        var members = await query
            .Select(member => new { member.UserId, member.TimeoutUntil, RoleIds = member.Roles.Select(role => role.RoleId).ToList() })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return members
            .Where(member => PermissionCalculator.ForChannel(access.ServerAccess.Server,
                new MemberSnapshot(member.UserId, member.RoleIds, member.TimeoutUntil), access.Channel, now)
                .HasFlag(Permission.ViewChannel))
            .Select(member => member.UserId)
            .ToList();
    }
}

/// <summary>The mentions that count: member ids, role ids, and whether @everyone/@here did.</summary>
public sealed record ResolvedMentions(IReadOnlyList<long> UserIds, IReadOnlyList<long> RoleIds, bool Everyone)
{
    public bool IsEmpty => !Everyone && UserIds.Count == 0 && RoleIds.Count == 0;
}
