using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;

namespace Together.Api.Features.NotificationSettings;

/// <summary>
/// Per-user notification settings of servers and channels. A setting never saved reads as the default; callers have
/// checked that the user may see the server or channel.
/// </summary>
public sealed class NotificationSettingService(TogetherDbContext db, SnowflakeGenerator ids)
{
    public async Task<IReadOnlyList<NotificationSettingDto>> ListAsync(long userId, CancellationToken cancellationToken) =>
        (await db.NotificationSettings.AsNoTracking().Where(setting => setting.UserId == userId)
            .OrderBy(setting => setting.Id).ToListAsync(cancellationToken))
        .Select(setting => setting.ToDto()).ToList();

    /// <param name="serverId">The server, or the channel's server (null for a DM).</param>
    /// <param name="channelId">Null for the server's own setting.</param>
    public async Task<NotificationSettingDto> GetAsync(long userId, long? serverId, long? channelId, CancellationToken cancellationToken) =>
        (await FindAsync(userId, serverId, channelId, tracked: false, cancellationToken)
         ?? new NotificationSetting { UserId = userId, ServerId = serverId, ChannelId = channelId }).ToDto();

    public async Task<NotificationSettingDto> UpdateAsync(
        long userId, long? serverId, long? channelId, UpdateNotificationSettingRequest request, CancellationToken cancellationToken)
    {
        NotificationLevel? level = null;
        if (request.Level is not null && !NotificationLevels.TryParse(request.Level, out level))
        {
            throw DomainException.Validation("level", "The level is all, mentions, nothing or default.");
        }

        DateTimeOffset? mutedUntil = null;
        if (request.MutedUntil is { Length: > 0 } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw DomainException.Validation("mutedUntil", "Give an ISO 8601 time, or \"\" to unmute.");
            }

            mutedUntil = parsed.ToUniversalTime();
        }

        // Twice at most: a concurrent first save of the same setting wins the unique index, and this one then updates it.
        for (var attempt = 0; ; attempt++)
        {
            var setting = await FindAsync(userId, serverId, channelId, tracked: true, cancellationToken);
            if (setting is null)
            {
                setting = new NotificationSetting { Id = ids.NewId(), UserId = userId, ServerId = serverId, ChannelId = channelId };
                db.NotificationSettings.Add(setting);
            }

            if (request.Level is not null)
            {
                setting.Level = level;
            }

            if (request.MutedUntil is not null)
            {
                setting.MutedUntil = mutedUntil;
            }

            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return setting.ToDto();
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private Task<NotificationSetting?> FindAsync(
        long userId, long? serverId, long? channelId, bool tracked, CancellationToken cancellationToken)
    {
        var settings = tracked ? db.NotificationSettings : db.NotificationSettings.AsNoTracking();
        return channelId is { } id
            ? settings.SingleOrDefaultAsync(setting => setting.UserId == userId && setting.ChannelId == id, cancellationToken)
            : settings.SingleOrDefaultAsync(setting => setting.UserId == userId && setting.ServerId == serverId
                && setting.ChannelId == null, cancellationToken);
    }
}
